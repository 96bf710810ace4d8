import Foundation
import LabLanguage

/// Interpreter benchmark: run with `swift run -c release LabBench`; compares with python3 when present.
let loopSource = """
func loop() -> Int {
    var s = 0
    for i in 0..<10000000 {
        s += i % 7
    }
    return s
}
loop()
"""

let fibSource = """
func fib(_ n: Int) -> Int {
    if n < 2 { return n }
    return fib(n - 1) + fib(n - 2)
}
fib(25)
"""

let pythonLoop = """
def loop():
    s = 0
    for i in range(10000000):
        s += i % 7
    return s
loop()
"""

let pythonFib = """
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
fib(25)
"""

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The best of three runs, in seconds.
func labTime(_ source: String) -> (Double, String) {
    var best = Double.infinity
    var value = ""
    for _ in 0..<3 {
        let interpreter = Interpreter()
        best = min(best, seconds {
            let run = interpreter.run(source)
            value = run.lastValue?.printed ?? run.diagnostics.map(\.description).joined()
        })
    }
    return (best, value)
}

func pythonTime(_ source: String) -> Double? {
    let script = "import time\n\(source.replacingOccurrences(of: "\nloop()", with: "").replacingOccurrences(of: "\nfib(25)", with: ""))\n"
        + "best = 1e9\nfor _ in range(3):\n    t = time.perf_counter()\n    \(source.hasSuffix("loop()") ? "loop()" : "fib(25)")\n    best = min(best, time.perf_counter() - t)\nprint(best)\n"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return nil }
    process.waitUntilExit()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
}

let arguments = CommandLine.arguments.dropFirst()
let only = arguments.first { !$0.hasPrefix("--") && Int($0) == nil }
/// `--profile`: runs only the lab side, 20 times (or `--runs N`), for `perf record` or callgrind.
if arguments.contains("--profile") {
    let runsIndex = arguments.firstIndex(of: "--runs").map { arguments.index(after: $0) }
    let runs = runsIndex.flatMap { $0 < arguments.endIndex ? Int(arguments[$0]) : nil } ?? 20
    for (name, lab) in [("loop", loopSource), ("fib", fibSource)] where only == nil || name.hasPrefix(only ?? "") {
        for _ in 0..<runs { _ = Interpreter().run(lab) }
    }
    exit(0)
}
for (name, lab, python) in [("loop s += i % 7 (10M)", loopSource, pythonLoop), ("fib(25)", fibSource, pythonFib)]
where only == nil || name.hasPrefix(only ?? "") {
    let (time, value) = labTime(lab)
    let reference = pythonTime(python)
    let ratio = reference.map { String(format: "%.2f× CPython", time / $0) } ?? "python3 not found"
    print(String(format: "%-24@ lab %.4f s (= %@)   python3 %@   %@", name as NSString, time, value,
                 reference.map { String(format: "%.4f s", $0) } ?? "-", ratio))
}
