import Testing
@testable import LabReport

@Suite struct DiagnosticFormatterTests {
    private func error(line: Int, column: Int, hint: String? = nil) -> ReportDiagnostic {
        ReportDiagnostic(severity: .error, message: "unknown name 'z'", line: line, column: column, hint: hint)
    }

    @Test func caretUnderColumnWithHint() {
        let text = DiagnosticFormatter.format(
            error(line: 2, column: 9, hint: "did you mean 'x'?"), path: "lab.md", sourceLines: ["", "let y = z + 1"])
        #expect(text == "lab.md:2:9: error: unknown name 'z'\nlet y = z + 1\n        ^\nhint: did you mean 'x'?")
    }

    @Test func tabsAreKeptInThePadding() {
        let text = DiagnosticFormatter.format(error(line: 1, column: 4), path: "p", sourceLines: ["\t\tx z"])
        #expect(text == "p:1:4: error: unknown name 'z'\n\t\tx z\n\t\t ^")
    }

    @Test func nonASCIIColumnsCountCharacters() {
        // "é" written as e + combining accent is one Character; the emoji is one too.
        let line = "let e\u{301}👍 = z"
        let text = DiagnosticFormatter.format(error(line: 1, column: 10), path: "p", sourceLines: [line])
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).last == "         ^")
    }

    @Test func columnsOutsideTheLineAreClamped() {
        #expect(DiagnosticFormatter.caretLine(under: 99, in: "ab") == "  ^")
        #expect(DiagnosticFormatter.caretLine(under: 0, in: "ab") == "^")
        #expect(DiagnosticFormatter.caretLine(under: Int.max, in: "") == "^")
    }

    @Test func lineOutsideTheFileShowsOnlyTheMessage() {
        #expect(DiagnosticFormatter.format(error(line: 5, column: 1), path: "p", sourceLines: ["a"])
            == "p:5:1: error: unknown name 'z'")
        #expect(DiagnosticFormatter.format(error(line: 0, column: 1), path: "p", sourceLines: [])
            == "p:0:1: error: unknown name 'z'")
    }

    @Test func warningsSayWarning() {
        let d = ReportDiagnostic(severity: .warning, message: "m", line: 1, column: 1)
        #expect(DiagnosticFormatter.format(d, path: "p", sourceLines: []) == "p:1:1: warning: m")
    }

    /// A line of `count` distinct-looking characters: digits cycling, so a window's place is visible.
    private func longLine(_ count: Int) -> String {
        String((0..<count).map { Character(String($0 % 10)) })
    }

    @Test(arguments: [1, 2, 60, 61, 500, 939, 1000, 1001, 5000])
    func longLinesShowAWindowWithTheCaretOnTheSameCharacter(column: Int) {
        let source = longLine(1000)
        let lines = DiagnosticFormatter.format(error(line: 1, column: column), path: "p", sourceLines: [source])
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let (shown, caret) = (Array(lines[1]), lines[2])
        #expect(shown.count <= DiagnosticFormatter.maxShownWidth + 2)
        #expect(caret.count <= shown.count + 1)
        #expect(caret.allSatisfy { $0 == " " || $0 == "^" } && caret.last == "^")
        let original = Array(source)
        let index = min(max(column, 1), original.count + 1) - 1
        if index < original.count {
            #expect(shown[caret.count - 1] == original[index], "column \(column)")
        } else {
            #expect(caret.count == shown.count + 1, "a column past the end points after the last character")
        }
        #expect(shown.first == "…" || index < DiagnosticFormatter.maxShownWidth / 2 + 1)
        #expect(shown.last == "…" || index >= original.count - DiagnosticFormatter.maxShownWidth / 2)
    }

    @Test func linesUpToTheWidthAreShownWhole() {
        let source = longLine(DiagnosticFormatter.maxShownWidth)
        let text = DiagnosticFormatter.format(error(line: 1, column: 100), path: "p", sourceLines: [source])
        #expect(text.contains("\n" + source + "\n"))
    }
}

/// Diagnostics as labrun prints them: the lab's control characters shown, the caret still under
/// the same character.
@Suite struct TerminalDiagnosticTests {
    @Test func messagePathSourceAndHintAreEscapedAndTheCaretFollows() {
        let d = ReportDiagnostic(
            severity: .error, message: "assertion failed: \u{1B}]0;pwned\u{07}", line: 1, column: 10,
            hint: "clear\u{1B}[2J")
        let source = "/*\u{1B}[2J*/ assert(false)"
        let text = DiagnosticFormatter.format(d, path: "lab\u{1B}.md", sourceLines: [source], forTerminal: true)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines == [
            "lab\\u{1B}.md:1:10: error: assertion failed: \\u{1B}]0;pwned\\u{07}",
            "/*\\u{1B}[2J*/ assert(false)",
            String(repeating: " ", count: 14) + "^",
            "hint: clear\\u{1B}[2J",
        ])
        // The caret stands under the `a` of assert, as it did under the unescaped line.
        #expect(Array(lines[1])[lines[2].count - 1] == "a")
    }

    @Test func tabsBeforeAnEscapeKeepTheCaretAligned() {
        let d = ReportDiagnostic(severity: .error, message: "m", line: 1, column: 4)
        let text = DiagnosticFormatter.format(d, path: "p", sourceLines: ["\t\u{07}\tz"], forTerminal: true)
        #expect(text == "p:1:4: error: m\n\t\\u{07}\tz\n\t      \t^")
    }

    @Test func aLongLineIsCutBeforeItIsEscaped() {
        let source = String(repeating: "\u{1B}", count: 300) + "z"
        let d = ReportDiagnostic(severity: .error, message: "m", line: 1, column: 301)
        let lines = DiagnosticFormatter.format(d, path: "p", sourceLines: [source], forTerminal: true)
            .split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("…\\u{1B}") && lines[1].hasSuffix("\\u{1B}z"))
        #expect(Array(lines[1])[lines[2].count - 1] == "z")
    }

    @Test func reportsKeepTheTextAsItIs() {
        let d = ReportDiagnostic(severity: .error, message: "\u{1B}x", line: 1, column: 2)
        #expect(DiagnosticFormatter.format(d, path: "p", sourceLines: ["\u{1B}y"]) == "p:1:2: error: \u{1B}x\n\u{1B}y\n ^")
    }
}
