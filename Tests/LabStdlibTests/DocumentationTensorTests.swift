import Foundation
import TestSupport
import Testing

/// The tensor examples of docs/language.md (```swift-lab-tensors blocks), run with the real built-ins.
struct DocumentationTensorTests {
    static func examples() -> [DocumentationExample] {
        (try? documentationExamples(languageDocumentation(), info: "swift-lab-tensors")) ?? []
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
    func example(_ example: DocumentationExample) {
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
