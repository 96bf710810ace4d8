import Foundation
import TensorCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts labrun again with `OPENBLAS_CORETYPE` set when OpenBLAS chose one of its pre-AVX2
/// kernels on a CPU with AVX2 or AVX-512 (see `BLASCore`): OpenBLAS reads the variable only when it
/// loads, before any of labrun's code runs, so the process replaces itself (same pid, arguments,
/// folder, terminal) before doing anything else. A core type the user set is left alone, and so is
/// a process that already asked (the variable is then set), so this happens at most once.
enum BLASKernelChoice {
    /// Tests only: the core name to act as if OpenBLAS had chosen (to exercise the restart on a
    /// CPU whose kernel OpenBLAS recognises).
    static let assumedCoreVariable = "LABRUN_ASSUME_BLAS_CORE"

    static func startAgainIfNeeded() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OPENBLAS_CORETYPE"] == nil else { return }
        let chosen = environment[assumedCoreVariable] ?? BLASCore.current
        guard let better = BLASCore.recommendedCore(current: chosen, vectorLevel: BLASCore.cpuVectorLevel),
              let executable = Bundle.main.executablePath else { return }
        setenv("OPENBLAS_CORETYPE", better, 1)
        execv(executable, CommandLine.unsafeArgv)
        // Only reached when the restart failed: carry on with the kernel there is.
        unsetenv("OPENBLAS_CORETYPE")
    }
}
