import Foundation
import Testing

/// The tensor examples of docs/language.md (```swift-lab-tensors blocks), run with the real built-ins.
struct DocumentationTensorTests {
    struct Example: CustomStringConvertible {
        var code: String
        var line: Int
        var description: String { "docs/language.md:\(line)" }
    }

    static func examples(_ filePath: String = #filePath) -> [Example] {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/language.md")
        guard let markdown = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var examples: [Example] = []
        var current: Example?
        for (index, line) in markdown.components(separatedBy: "\n").enumerated() {
            if var open = current {
                if line.hasPrefix("```") {
                    examples.append(open)
                    current = nil
                } else {
                    open.code += line + "\n"
                    current = open
                }
            } else if line.trimmingCharacters(in: .whitespaces) == "```swift-lab-tensors" {
                current = Example(code: "", line: index + 1)
            }
        }
        return examples
    }

    /// `// expect: text` lines and `// expect error: text` fragments, in order.
    static func expectations(_ code: String) -> (lines: [String], errors: [String]) {
        var lines: [String] = []
        var errors: [String] = []
        for line in code.components(separatedBy: "\n") {
            guard let range = line.range(of: "// expect") else { continue }
            let rest = line[range.upperBound...]
            if rest.hasPrefix(": ") { lines.append(String(rest.dropFirst(2))) }
            if rest.hasPrefix(" error: ") { errors.append(String(rest.dropFirst(8))) }
        }
        return (lines, errors)
    }

    @Test("docs/language.md tensor example", arguments: examples())
    func example(_ example: Example) {
        let session = MiniSession()
        var printed: [String] = []
        var errors: [String] = []
        for cell in example.code.components(separatedBy: "// cell\n") {
            let result = session.run(cell)
            printed += result.lines
            if let error = result.error { errors.append(error + " " + (result.hint ?? "")) }
        }
        let expected = DocumentationTensorTests.expectations(example.code)
        #expect(printed == expected.lines, "\(example)")
        #expect(errors.count == expected.errors.count, "\(example): errors \(errors)")
        for (error, want) in zip(errors, expected.errors) {
            #expect(error.contains(want), "\(example): '\(error)' should contain '\(want)'")
        }
    }

    @Test func theReferenceHasTensorExamples() {
        #expect(DocumentationTensorTests.examples().count >= 4)
    }
}
