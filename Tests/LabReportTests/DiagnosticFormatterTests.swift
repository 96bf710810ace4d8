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
}
