import Foundation
import Testing

/// Compares `actual` with the golden file `directory/name`, or writes it when
/// `LABRUN_RECORD=1` is set in the environment (then the test passes and says it recorded).
///
/// `directory` is usually `goldenDirectory(#filePath)`; failures show a line diff.
public func expectGolden(
    _ actual: String, named name: String, in directory: URL,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let url = directory.appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment["LABRUN_RECORD"] == "1"
    if record {
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("could not record golden file \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record(
            "golden file \(url.path) is missing; run with LABRUN_RECORD=1 to record it",
            sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let diff = lineDiff(expected: expected, actual: actual)
        Issue.record(
            "output differs from golden file \(name) (LABRUN_RECORD=1 re-records):\n\(diff)",
            sourceLocation: sourceLocation)
    }
}

/// The folder `Golden` beside the test file that calls this (pass `#filePath`).
public func goldenDirectory(_ filePath: String = #filePath, folder: String = "Golden") -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent(folder)
}

/// The repository's top folder, found from a test file's path (pass `#filePath`).
public func repositoryRoot(_ filePath: String = #filePath) -> URL {
    var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            return url
        }
        url = url.deletingLastPathComponent()
    }
    return url
}

/// A compact line diff: the first differing lines with a little context, `-` expected, `+` actual.
public func lineDiff(expected: String, actual: String, context: Int = 2, limit: Int = 40) -> String {
    let a = expected.components(separatedBy: "\n")
    let b = actual.components(separatedBy: "\n")
    var first = 0
    while first < a.count, first < b.count, a[first] == b[first] { first += 1 }
    var lastA = a.count - 1
    var lastB = b.count - 1
    while lastA >= first, lastB >= first, a[lastA] == b[lastB] {
        lastA -= 1
        lastB -= 1
    }
    var lines: [String] = []
    for i in max(0, first - context)..<first { lines.append("  \(a[i])") }
    if first <= lastA { for i in first...lastA { lines.append("- \(a[i])") } }
    if first <= lastB { for i in first...lastB { lines.append("+ \(b[i])") } }
    let tail = lastA + 1
    if tail < a.count { for i in tail..<min(a.count, tail + context) { lines.append("  \(a[i])") } }
    let shown = lines.prefix(limit)
    let more = lines.count > limit ? "\n… \(lines.count - limit) more lines" : ""
    return "@@ line \(first + 1) @@\n" + shown.joined(separator: "\n") + more
}
