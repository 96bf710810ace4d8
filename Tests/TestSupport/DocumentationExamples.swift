import Foundation

/// A fenced example of docs/language.md: its info string, its code and the line where it starts.
public struct DocumentationExample: CustomStringConvertible, Sendable {
    public var info: String
    public var code: String
    public var line: Int

    public var description: String { "docs/language.md:\(line)" }
}

/// The fenced blocks of a Markdown text whose info string is exactly `info` (```info ... ```).
public func documentationExamples(_ markdown: String, info: String) -> [DocumentationExample] {
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

/// The text of docs/language.md, found from a test file's path (pass `#filePath`).
public func languageDocumentation(_ filePath: String = #filePath) throws -> String {
    try String(
        contentsOf: repositoryRoot(filePath).appendingPathComponent("docs/language.md"), encoding: .utf8)
}
