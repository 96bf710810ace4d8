import Foundation
@testable import LabLanguage
import Testing

/// What a script file expects: printed lines, errors (message substrings, optionally located), warnings.
struct ScriptExpectations {
    var output: [String] = []
    var errors: [(message: String, location: String?)] = []
    var warnings: [String] = []
    var hints: [String] = []

    init(_ source: String) {
        for line in source.components(separatedBy: "\n") {
            guard let range = line.range(of: "// expect") else { continue }
            let rest = line[range.upperBound...]
            if rest.hasPrefix(": ") {
                output.append(String(rest.dropFirst(2)))
            } else if rest.hasPrefix(" error: ") {
                errors.append((String(rest.dropFirst(8)), nil))
            } else if rest.hasPrefix(" error at "), !errors.isEmpty {
                errors[errors.count - 1].location = String(rest.dropFirst(10)).trimmingCharacters(in: .whitespaces)
            } else if rest.hasPrefix(" warning: ") {
                warnings.append(String(rest.dropFirst(10)))
            } else if rest.hasPrefix(" hint: ") {
                hints.append(String(rest.dropFirst(7)))
            }
        }
    }
}

/// The script files under Scripts/<feature>/<case>.lab, as "feature/case" names.
func scriptNames() -> [String] {
    let root = scriptsDirectory()
    guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
    return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".lab") }.sorted()
}

func scriptsDirectory(_ filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Scripts")
}

/// Runs a script's cells (separated by `// cell` lines) in one interpreter; prints and cell values are collected.
/// `typed: false` turns the typed Int tier off (the differential test in `TypedTierTests`).
func runScript(_ source: String, fakeNatives: Bool = true, typed: Bool = true) -> (output: [String], diagnostics: [Diagnostic]) {
    let interpreter = Interpreter()
    interpreter.compilesTypedCode = typed
    if fakeNatives { installFakeNatives(in: interpreter) }
    var output: [String] = []
    interpreter.onPrint = { output.append(contentsOf: $0.components(separatedBy: "\n")) }
    var diagnostics: [Diagnostic] = []
    for cell in source.components(separatedBy: "// cell\n") {
        let run = interpreter.run(cell)
        diagnostics += run.diagnostics
        if let value = run.lastValue { output.append("=> " + value.printed) }
    }
    return (output, diagnostics)
}

@Test("language script", arguments: scriptNames())
func languageScript(_ name: String) throws {
    let source = try String(contentsOf: scriptsDirectory().appendingPathComponent(name), encoding: .utf8)
    checkScript(name, source)
}

/// Runs a script and checks its `// expect` comments: output, errors (and where), warnings, hints.
func checkScript(_ name: String, _ source: String, fakeNatives: Bool = true) {
    let expected = ScriptExpectations(source)
    let (output, diagnostics) = runScript(source, fakeNatives: fakeNatives)
    let errors = diagnostics.filter { $0.severity == .error }
    #expect(output == expected.output, "\(name): printed output")
    if expected.errors.isEmpty {
        #expect(errors.isEmpty, "\(name): unexpected errors \(errors.map(\.description))")
    }
    #expect(errors.count >= expected.errors.count, "\(name): errors \(errors.map(\.description))")
    for (error, want) in zip(errors, expected.errors) {
        #expect(error.message.contains(want.message), "\(name): \(error.description) should contain '\(want.message)'")
        if let location = want.location {
            #expect("\(error.line):\(error.column)" == location, "\(name): \(error.description) should be at \(location)")
        }
    }
    let warnings = diagnostics.filter { $0.severity == .warning }.map(\.message)
    #expect(warnings.count == expected.warnings.count, "\(name): warnings \(warnings)")
    for (warning, want) in zip(warnings, expected.warnings) {
        #expect(warning.contains(want), "\(name): warning '\(warning)' should contain '\(want)'")
    }
    let hints = diagnostics.compactMap(\.hint)
    for want in expected.hints {
        #expect(hints.contains { $0.contains(want) }, "\(name): no hint containing '\(want)' in \(hints)")
    }
}

@Test func thereAreManyScripts() {
    #expect(scriptNames().count >= 150)
}
