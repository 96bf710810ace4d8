import Foundation

/// A `labrun` started in the background, for tests that signal it or watch its output as it runs.
public final class RunningLabrun {
    public let process = Process()
    private let capture: URL
    private let out: FileHandle
    private let err: FileHandle

    /// Starts the built `labrun` with `arguments` in `directory`; output goes to files.
    public init(_ arguments: [String], in directory: URL) throws {
        process.executableURL = productsDirectory().appendingPathComponent("labrun")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        capture = try makeTemporaryDirectory("labrun-capture")
        let outURL = capture.appendingPathComponent("stdout")
        let errURL = capture.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        out = try FileHandle(forWritingTo: outURL)
        err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: capture)
    }

    /// What the process wrote to standard error so far.
    public var stderr: String {
        String(decoding: (try? Data(contentsOf: capture.appendingPathComponent("stderr"))) ?? Data(), as: UTF8.self)
    }

    /// Sends `signal` to the process.
    public func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end and returns its exit status (128 + n when killed by signal n).
    @discardableResult
    public func wait() -> Int32 {
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        return process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Polls `condition` every 20 ms until it holds or `seconds` pass; returns whether it held.
    public func waitUntil(seconds: Double = 30, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}
