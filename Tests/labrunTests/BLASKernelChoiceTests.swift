import Foundation
import TestSupport
import Testing

/// labrun starts itself again with a better OpenBLAS kernel when OpenBLAS fell back to a pre-AVX2
/// one on a CPU with AVX2 (issue 16). This machine's OpenBLAS may know its CPU, so the tests make
/// labrun believe the fallback happened (`LABRUN_ASSUME_BLAS_CORE`) and read the kernel OpenBLAS
/// reports at load (`OPENBLAS_VERBOSE=2`) in the process that runs the lab.
@Suite struct BLASKernelChoiceTests {
    static let lab = "```swift-lab\nprint(tensor([[1.0, 2.0]]).matmul(tensor([[3.0], [4.0]])))\n```\n"

    /// The CPU's flags (Linux), or nil where /proc/cpuinfo cannot be read.
    private func cpuFlags() -> Set<String>? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        return Set(line.split(separator: ":").last?.split(separator: " ").map(String.init) ?? [])
    }

    private func run(_ environment: [String: String]) throws -> (CommandResult, URL) {
        let dir = try makeTemporaryDirectory()
        try Self.lab.write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        // A core type set where the tests run (some machines set OPENBLAS_CORETYPE for every
        // process) would stop the restart: each test sets it or leaves it unset itself.
        let result = try runLabrun(["lab.md", "--format", "md"], in: dir,
                                   environment: environment.merging(["OPENBLAS_VERBOSE": "2"]) { _, new in new },
                                   unsetting: ["OPENBLAS_CORETYPE"])
        return (result, dir)
    }

    /// The `Core: …` lines OpenBLAS printed (one per process that loaded it).
    private func cores(_ result: CommandResult) -> [String] {
        (result.stdout + "\n" + result.stderr).split(separator: "\n").filter { $0.hasPrefix("Core: ") }
            .map { String($0.dropFirst(6)) }
    }

    @Test func aFallbackKernelOnAnAVX2MachineIsReplaced() throws {
        guard let flags = cpuFlags(), flags.contains("avx2"), flags.contains("fma") else { return }
        let avx512 = ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy(flags.contains)
        let (result, dir) = try run(["LABRUN_ASSUME_BLAS_CORE": "Prescott"])
        #expect(result.status == 0, "\(result.stderr)")
        // The first process loaded OpenBLAS with its own choice; the one that ran the lab, with ours.
        #expect(cores(result).last == (avx512 ? "SkylakeX" : "Haswell"), "\(cores(result))")
        // Arguments and folder came through the restart: the report is there, with the product.
        let report = try String(contentsOf: dir.appendingPathComponent("output/lab.md"), encoding: .utf8)
        #expect(report.contains("tensor([[11.]])"))
    }

    @Test func aKernelTheUserChoseOrOpenBLASKnowsIsKept() throws {
        let (chosen, _) = try run(["LABRUN_ASSUME_BLAS_CORE": "Prescott", "OPENBLAS_CORETYPE": "Sandybridge"])
        #expect(chosen.status == 0, "\(chosen.stderr)")
        #expect(cores(chosen) == ["Sandybridge"], "one process, with the user's kernel")
        let (natural, _) = try run([:])
        #expect(natural.status == 0)
        #expect(cores(natural).count == 1, "no restart unless the kernel is a fallback")
    }
}
