import Foundation

/// What a finished subprocess left behind.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// The folder that holds the built products (the `labrun` executable beside the test bundle).
public func productsDirectory() -> URL {
    let bundle = Bundle.main.bundleURL
    for candidate in [bundle, bundle.deletingLastPathComponent()] {
        if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("labrun").path) {
            return candidate
        }
    }
    return bundle.deletingLastPathComponent()
}

/// Runs the built `labrun` with `arguments` in `directory` and waits for it; `environment` adds
/// to (or replaces) variables of this process's environment, and the variables in `unsetting`
/// that `environment` does not set are removed.
public func runLabrun(
    _ arguments: [String], in directory: URL, environment: [String: String] = [:], unsetting: [String] = []
) throws -> CommandResult {
    let process = Process()
    process.executableURL = productsDirectory().appendingPathComponent("labrun")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if !environment.isEmpty || !unsetting.isEmpty {
        var variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        for name in unsetting where environment[name] == nil { variables[name] = nil }
        process.environment = variables
    }
    // Files rather than pipes: a child that fills one pipe while we drain the other cannot block.
    let capture = try makeTemporaryDirectory("labrun-capture")
    defer { try? FileManager.default.removeItem(at: capture) }
    let outURL = capture.appendingPathComponent("stdout")
    let errURL = capture.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return CommandResult(
        status: process.terminationStatus,
        stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// A new empty folder under the system's temporary folder.
public func makeTemporaryDirectory(_ prefix: String = "labrun-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A new temporary folder holding `files` (relative path → UTF-8 text; folders are made as needed).
public func makeTemporaryDirectory(with files: [String: String]) throws -> URL {
    let dir = try makeTemporaryDirectory()
    for (name, text) in files {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return dir
}
