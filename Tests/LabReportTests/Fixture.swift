import LabMarkdown
import LabOutput
import LabReport

/// Builds documents by hand so these tests do not depend on the Markdown parser.
enum Fixture {
    /// A range covering lines `first...last`.
    static func range(_ first: Int, _ last: Int) -> SourceRange {
        SourceRange(start: SourcePosition(line: first, column: 1), end: SourcePosition(line: last, column: 1))
    }

    /// A cell whose fence is at `fence`; the closing fence follows its last code line.
    static func cell(
        _ index: Int, _ code: String, fence: Int, info: String = "swift-lab", options: CellOptions = .init(),
        container: CellContainer = .document, offset: Int = 0
    ) -> Cell {
        let count = code.isEmpty ? 0 : code.split(separator: "\n", omittingEmptySubsequences: false).count
        return Cell(
            index: index, code: code, infoString: info, options: options, optionErrors: [],
            fenceLine: fence, firstCodeLine: fence + 1, endLine: fence + count + 1,
            columnOffsets: Array(repeating: offset, count: count), container: container)
    }

    static func document(_ source: String, blocks: [Block], cells: [Cell], path: String = "labs/fixture.md")
        -> LabDocument
    {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return LabDocument(
            path: path, source: source, sourceLines: lines, blocks: blocks, cells: cells, diagnostics: [])
    }

    /// A one-cell report around `code`, for tests of one output or status.
    static func single(
        _ code: String = "print(1)", options: CellOptions = .init(), result: CellResult
    ) -> Report {
        let source = "```swift-lab\n\(code)\n```\n"
        let cell = cell(0, code, fence: 1, options: options)
        return Report(
            document: document(source, blocks: [.cell(0)], cells: [cell]), cells: [result], diagnostics: [])
    }

    static let labSource = """
        # Gradient descent

        Some *emphasis*, `code` and a [link](https://example.com "Example").

        - first
        - second

        <div onclick="evil()">raw</div>

        ```swift-lab
        let x = 0.6931471805599453
        print("x =", x)
        ```

        ```swift-lab echo=false
        print("from a hidden cell")
        ```

        ```swift-lab error=expected
        let bad = 1 / "a"
        ```

        ```swift-lab id=oops
        let y = z + 1
        ```

        ```swift-lab
        print(y)
        ```

        """

    /// The small lab of the golden tests: prose of every common kind and one cell of each status.
    static var lab: Report {
        let cells = [
            cell(0, "let x = 0.6931471805599453\nprint(\"x =\", x)", fence: 10),
            cell(1, "print(\"from a hidden cell\")", fence: 15, info: "swift-lab echo=false",
                 options: CellOptions(echo: false)),
            cell(2, "let bad = 1 / \"a\"", fence: 19, info: "swift-lab error=expected",
                 options: CellOptions(expectsError: true)),
            cell(3, "let y = z + 1", fence: 23, info: "swift-lab id=oops", options: CellOptions(id: "oops")),
            cell(4, "print(y)", fence: 27),
        ]
        let blocks: [Block] = [
            .heading(level: 1, [.text("Gradient descent")], range(1, 1)),
            .paragraph(
                [
                    .text("Some "), .emphasis([.text("emphasis")]), .text(", "), .code("code"),
                    .text(" and a "), .link(destination: "https://example.com", title: "Example", [.text("link")]),
                    .text("."),
                ], range(3, 3)),
            .list(
                ListInfo(ordered: false, start: 1, tight: true),
                items: [
                    ListItem(blocks: [.paragraph([.text("first")], range(5, 5))], range: range(5, 5)),
                    ListItem(blocks: [.paragraph([.text("second")], range(6, 6))], range: range(6, 6)),
                ], range(5, 6)),
            .htmlBlock("<div onclick=\"evil()\">raw</div>\n", range(8, 8)),
            .cell(0), .cell(1), .cell(2), .cell(3), .cell(4),
        ]
        let table = TableOutput(
            columns: ["step", "loss", "done"],
            rows: [
                [.int(0), .double(0.6931471805599453), .bool(false)],
                [.int(1), .double(1.5e-7), .bool(true)],
                [.ellipsis],
                [.int(19), .double(19), .text("a|b")],
            ],
            note: "showing 3 of 20 rows")
        let results = [
            CellResult(
                status: .ok, outputs: [.text("x = 0.6931471805599453"), .table(table)], wallTimeMs: 1.25,
                highlights: [
                    HighlightSpan(start: 0, length: 3, kind: .keyword),
                    HighlightSpan(start: 4, length: 1, kind: .identifier),
                    HighlightSpan(start: 8, length: 18, kind: .number),
                    HighlightSpan(start: 27, length: 5, kind: .builtin),
                    HighlightSpan(start: 33, length: 5, kind: .string),
                ]),
            CellResult(status: .ok, outputs: [.text("from a hidden cell")], wallTimeMs: 0.5),
            CellResult(
                status: .expectedError,
                diagnostics: [
                    ReportDiagnostic(
                        severity: .error, message: "cannot apply '/' to Int and String", line: 20, column: 13)
                ], wallTimeMs: 0.25),
            CellResult(
                status: .failed,
                diagnostics: [
                    ReportDiagnostic(
                        severity: .error, message: "cannot find 'z' in scope", line: 24, column: 9,
                        hint: "declare it with `let z = …` in an earlier cell")
                ], wallTimeMs: 0.75),
            CellResult(status: .notRun),
        ]
        let labWarning = ReportDiagnostic(
            severity: .warning, message: "the lab is not valid UTF-8; bad bytes were replaced", line: 3, column: 1)
        return Report(
            document: document(labSource, blocks: blocks, cells: cells), cells: results, diagnostics: [labWarning])
    }
}
