import Foundation
import Testing
@testable import LabMarkdown

@Suite struct SourceTextTests {
    @Test func emptyLab() {
        let lab = LabParser.parse(bytes: [], path: "empty.md")
        #expect(lab.path == "empty.md")
        #expect(lab.source == "")
        #expect(lab.sourceLines == [])
        #expect(lab.blocks == [])
        #expect(lab.cells == [])
        #expect(lab.diagnostics == [])
    }

    @Test func proseOnlyLab() {
        let lab = parse("# Notes\n\nNo code here.\n")
        #expect(lab.cells.isEmpty)
        #expect(lab.blocks.count == 2)
        #expect(lab.sourceLines == ["# Notes", "", "No code here."])
        #expect(lab.diagnostics.isEmpty)
    }

    @Test func invalidUTF8IsReplacedAndWarnedAtTheFirstBadByte() {
        // Line 3 is "é" (two bytes), then a stray continuation byte, then more text and another bad byte.
        var bytes = Array("# Title\n\n".utf8) + Array("é".utf8) + [0x80] + Array("x = 1 ".utf8) + [0xFF]
        bytes += Array("\n\n```swift-lab\nprint(\"".utf8) + [0xC3] + Array("\")\n```\n".utf8)
        let lab = LabParser.parse(bytes: bytes, path: "bad.md")
        #expect(lab.diagnostics == [
            MarkdownDiagnostic(
                severity: .warning, message: "lab is not valid UTF-8; invalid bytes were replaced by U+FFFD",
                position: SourcePosition(line: 3, column: 2))
        ])
        #expect(lab.sourceLines[2] == "é\u{FFFD}x = 1 \u{FFFD}")
        #expect(lab.cells.first?.code == "print(\"\u{FFFD}\")")
        #expect(lab.cells.first?.fenceLine == 5)
    }

    @Test func invalidByteAtTheStartOfALaterLine() {
        let lab = LabParser.parse(bytes: Array("ok\r\n".utf8) + [0xFE, 0x41], path: "bad.md")
        #expect(lab.diagnostics.map(\.position) == [SourcePosition(line: 2, column: 1)])
        #expect(lab.sourceLines == ["ok", "\u{FFFD}A"])
    }

    @Test func byteOrderMarkIsDropped() {
        let lab = LabParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("# Hi\n```swift-lab id=a\nx\n```\n".utf8), path: "bom.md")
        #expect(lab.source.hasPrefix("# Hi"))
        #expect(lab.sourceLines.first == "# Hi")
        #expect(lab.diagnostics.isEmpty)
        #expect(lab.blocks.first == .heading(
            level: 1, [.text("Hi")], SourceRange(start: .init(line: 1, column: 1), end: .init(line: 1, column: 4))))
        #expect(lab.cells.first?.options.id == "a")
        #expect(lab.cells.first?.optionErrors == [])
    }

    @Test func crlfLineEndings() {
        let lab = parse("# T\r\n\r\n```swift-lab echo=false\r\nlet a = 1\r\nlet b = 2\r\n```\r\nEnd\r\n")
        #expect(lab.sourceLines == ["# T", "", "```swift-lab echo=false", "let a = 1", "let b = 2", "```", "End"])
        #expect(lab.cells.first?.code == "let a = 1\nlet b = 2")
        #expect(lab.cells.first?.options.echo == false)
        #expect(lab.cells.first?.endLine == 6)
        #expect(lab.cells.first?.columnOffsets == [0, 0])
        #expect(lab.blocks.last == .paragraph(
            [.text("End")], SourceRange(start: .init(line: 7, column: 1), end: .init(line: 7, column: 3))))
    }

    @Test func loneCarriageReturnsEndLinesToo() {
        let lab = parse("a\r```swift-lab\rb\r```\r")
        #expect(lab.sourceLines == ["a", "```swift-lab", "b", "```"])
        #expect(lab.cells.first?.code == "b")
        #expect(lab.cells.first?.fenceLine == 2)
    }

    @Test func nulBytesDoNotStopParsing() {
        let lab = LabParser.parse(bytes: Array("a".utf8) + [0] + Array("b\n\n```swift-lab\nc\n```\n".utf8), path: "nul.md")
        #expect(lab.cells.map(\.code) == ["c"])
        #expect(lab.sourceLines.count == 5)
    }

    @Test func readsAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labmarkdown-\(UUID().uuidString).md")
        try Data("```swift-lab\n1\n```\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let lab = try LabParser.parse(contentsOfFile: url.path)
        #expect(lab.path == url.path)
        #expect(lab.cells.map(\.code) == ["1"])
    }

    @Test func missingFileOrDirectoryThrowsAClearError() {
        let missing = "/nonexistent/labmarkdown/missing.md"
        #expect(throws: LabFileError(path: missing, reason: .notFound)) {
            try LabParser.parse(contentsOfFile: missing)
        }
        let directory = FileManager.default.temporaryDirectory.path
        #expect(throws: LabFileError(path: directory, reason: .isDirectory)) {
            try LabParser.parse(contentsOfFile: directory)
        }
        #expect(LabFileError(path: "x.md", reason: .notFound).description == "cannot read lab 'x.md': no such file")
    }
}

@Suite struct NulInSourceTests {
    /// A NUL reached the terminal raw under a message that called it U+FFFD (cmark's reading).
    @Test func aNulShowsAsTheReplacementCharacterItIsReadAs() {
        let document = LabParser.parse(bytes: Array("```swift-lab\nlet a\u{0} = 1\n```\n".utf8), path: "lab.md")
        #expect(document.sourceLines[1] == "let a\u{FFFD} = 1")
        #expect(document.cells.first?.code == "let a\u{FFFD} = 1")
    }
}
