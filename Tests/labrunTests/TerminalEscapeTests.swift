import Foundation
import TestSupport
import Testing

/// What labrun prints is the lab's text shown, never obeyed: escape sequences in a message, a
/// source line or a file name reach the terminal as `\u{1B}`, not as ESC.
@Suite struct TerminalEscapeTests {
    /// A lab named with an ESC sequence, whose cell has a raw ESC in a comment before a failing
    /// assert whose message sets the terminal's title.
    static let name = "ev\u{1B}[2Jil.md"
    static let sourceLine = "/* \u{1B}[2J */ assert(1 == 2, \"\\u{1B}]0;pwned\\u{07}\")"
    static let lab = "# Lab\n\n```swift-lab\n\(sourceLine)\n```\n"

    func run(_ arguments: [String]) throws -> CommandResult {
        let dir = try makeTemporaryDirectory()
        try Self.lab.write(to: dir.appendingPathComponent(Self.name), atomically: true, encoding: .utf8)
        try "```swift-lab\nprint(1)\n```\n".write(
            to: dir.appendingPathComponent("fine.md"), atomically: true, encoding: .utf8)
        return try runLabrun(arguments, in: dir)
    }

    @Test func noControlCharacterOfTheLabReachesStandardError() throws {
        let result = try run([Self.name, "fine.md", "gone\u{07}\u{1B}[2J.md"])
        #expect(result.status == 2, "\(result.stderr)")
        let bytes = Array(result.stderr.utf8)
        #expect(!bytes.contains(0x1B) && !bytes.contains(0x07), "\(result.stderr.debugDescription)")
        let shownName = "ev\\u{1B}[2Jil.md"
        for expected in [
            "\(shownName):4:", "error: assertion failed: \\u{1B}]0;pwned\\u{07}",  // diagnostic and message
            "\(shownName): [1/1] cell 1 (line 3) failed",  // progress line
            "\(shownName): 1 cell, 1 failed → output/ev\\u{1B}[2Jil.html",  // summary line
            "cannot read lab 'gone\\u{07}\\u{1B}[2J.md': no such file",  // problem with a path
            "\n\(shownName)  ",  // summary table row
        ] {
            #expect(result.stderr.contains(expected), "\(expected) missing from \(result.stderr)")
        }
    }

    @Test func theCaretStaysUnderTheCharacterItPointsAt() throws {
        let result = try run([Self.name])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        guard let at = lines.firstIndex(where: { $0.contains("error: assertion failed") }), at + 2 < lines.count,
            let column = Int(lines[at].split(separator: ":")[2])
        else {
            Issue.record("no located error in \(result.stderr)")
            return
        }
        let (shown, caret) = (Array(lines[at + 1]), lines[at + 2])
        #expect(lines[at + 1] == "/* \\u{1B}[2J */ assert(1 == 2, \"\\u{1B}]0;pwned\\u{07}\")")
        #expect(caret.allSatisfy { $0 == " " || $0 == "^" } && caret.last == "^")
        // The raw ESC stands before the column, so the caret had to move with the escape.
        let raw = Array(Self.sourceLine)
        #expect(column > 4 && column <= raw.count)
        #expect(caret.count - 1 == column - 1 + 5, "the escape is five characters wider than ESC")
        #expect(shown[caret.count - 1] == raw[column - 1])
    }
}
