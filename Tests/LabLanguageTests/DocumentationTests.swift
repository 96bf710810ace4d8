import Foundation
import Testing

/// A fenced example of docs/language.md: its info string, its code and the line where it starts.
struct DocumentationExample: CustomStringConvertible {
    var info: String
    var code: String
    var line: Int

    var description: String { "docs/language.md:\(line)" }
}

/// The fenced blocks of a Markdown text whose info string is exactly `info` (```info ... ```).
func documentationExamples(_ markdown: String, info: String) -> [DocumentationExample] {
    var examples: [DocumentationExample] = []
    var current: DocumentationExample?
    for (index, line) in markdown.components(separatedBy: "\n").enumerated() {
        if var open = current {
            if line.hasPrefix("```") {
                examples.append(open)
                current = nil
            } else {
                open.code += line + "\n"
                current = open
            }
        } else if line.hasPrefix("```") {
            let tag = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
            if tag == info { current = DocumentationExample(info: tag, code: "", line: index + 1) }
        }
    }
    return examples
}

func languageDocumentation(_ filePath: String = #filePath) throws -> String {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/language.md")
    return try String(contentsOf: url, encoding: .utf8)
}

/// The language-only examples of docs/language.md run like script tests, so the reference cannot drift.
struct DocumentationTests {
    @Test("docs/language.md example", arguments: (try? documentationExamples(languageDocumentation(), info: "swift-lab")) ?? [])
    func example(_ example: DocumentationExample) {
        checkScript(example.description, example.code, fakeNatives: false)
    }

    @Test func theReferenceHasExamples() throws {
        let examples = documentationExamples(try languageDocumentation(), info: "swift-lab")
        #expect(examples.count >= 25)
        #expect(examples.allSatisfy { $0.code.contains("// expect") })
    }
}
