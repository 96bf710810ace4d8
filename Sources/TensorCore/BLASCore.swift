import CBLAS
import CKernels

/// Which of OpenBLAS's kernels runs, and which should.
///
/// Debian's OpenBLAS (0.3.21) and others pick a kernel for the CPU when the library loads, and fall
/// back to their oldest x86-64 kernel (`Prescott`, SSE3) for a CPU they do not know, even one with
/// AVX2 or AVX-512: a 1024 × 1024 product then ran at a sixth of numpy's speed. The choice can only
/// be changed before the library loads (`OPENBLAS_CORETYPE`), so the labrun command starts itself
/// again with it set when `recommendedCore` says so (see the command's `BLASKernelChoice`).
public enum BLASCore {
    /// The kernel OpenBLAS chose for this process ("Zen", "Haswell", "Prescott").
    public static var current: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The vector instructions of this CPU: 0 (neither AVX2 nor FMA, or not x86-64), 2 (AVX2 and
    /// FMA), 3 (AVX-512 F, DQ, BW and VL too).
    public static var cpuVectorLevel: Int { Int(labrun_cpu_vector_level()) }

    /// OpenBLAS's generic x86-64 kernels, older than AVX2: what it falls back to for a CPU it does
    /// not recognise (and what it rightly runs on old CPUs).
    static let preAVX2Cores: Set<String> = [
        "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "opteron", "barcelona", "bobcat",
        "katmai", "coppermine", "northwood", "banias", "athlon", "sandybridge", "bulldozer", "piledriver",
        "steamroller", "excavator",
    ]

    /// The core type to ask for instead of `core` on a CPU with `vectorLevel`, or nil to keep it:
    /// SkylakeX's kernels for AVX-512, Haswell's for AVX2 with FMA, when OpenBLAS chose one of its
    /// pre-AVX2 kernels for a CPU that has them.
    public static func recommendedCore(current core: String, vectorLevel: Int) -> String? {
        guard preAVX2Cores.contains(core.lowercased()) else { return nil }
        switch vectorLevel {
        case 3: return "SkylakeX"
        case 2: return "Haswell"
        default: return nil
        }
    }
}
