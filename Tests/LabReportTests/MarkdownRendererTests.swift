import LabMarkdown
import LabOutput
import Testing
@testable import LabReport

@Suite struct MarkdownRendererTests {
    @Test func fenceIsLongerThanBacktickRunsInCode() {
        let code = "let s = \"````\"\n// ``` inside"
        let md = MarkdownRenderer.render(Fixture.single(code, result: CellResult(status: .ok, outputs: [.text("```")])))
        #expect(md == "`````swift\nlet s = \"````\"\n// ``` inside\n`````\n\n````text\n```\n````\n")
    }

    @Test func proseIsCopiedVerbatim() {
        let source = "# T\n\nSome  *odd*   spacing\\\n<b>raw</b>\n"
        let report = Report(
            document: Fixture.document(source, blocks: [], cells: []), cells: [], diagnostics: [])
        #expect(MarkdownRenderer.render(report, unsafeHTML: true) == source)
        // Without --unsafe-html the raw HTML shows as text, even where the document (built by
        // hand here) did not say it was HTML: the report is parsed again.
        #expect(MarkdownRenderer.render(report) == "# T\n\nSome  *odd*   spacing\\\n&lt;b>raw&lt;/b>\n")
    }

    @Test func cellInListKeepsItsIndentation() {
        let source = "- step one\n\n  ```swift-lab\n  print(1)\n  ```\n- step two\n"
        let cell = Fixture.cell(0, "print(1)", fence: 3, container: .listItem, offset: 2)
        let report = Report(
            document: Fixture.document(source, blocks: [], cells: [cell]),
            cells: [CellResult(status: .ok, outputs: [.text("1\n\n2")])], diagnostics: [])
        #expect(MarkdownRenderer.render(report) == """
            - step one

              ```swift
              print(1)
              ```

              ```text
              1

              2
              ```
            - step two

            """)
    }

    @Test func cellOnAListMarkerLineInABlockQuote() {
        let source = "> - ```swift-lab\n>   x\n>   ```\n"
        let cell = Fixture.cell(0, "x", fence: 1, container: .listItem, offset: 4)
        let report = Report(
            document: Fixture.document(source, blocks: [], cells: [cell]),
            cells: [CellResult(status: .ok, outputs: [.notice("n")])], diagnostics: [])
        #expect(MarkdownRenderer.render(report) == "> - ```swift\n>   x\n>   ```\n>\n>   *n*\n")
    }

    @Test func hiddenCodeNextToProseGetsBlankLines() {
        let source = "before\n```swift-lab echo=false\nx\n```\nafter\n"
        let cell = Fixture.cell(0, "x", fence: 2, options: CellOptions(echo: false))
        let table = TableOutput(columns: ["a|b", "n"], rows: [[.text("x*y"), .double(0.5)]])
        let report = Report(
            document: Fixture.document(source, blocks: [], cells: [cell]),
            cells: [CellResult(status: .ok, outputs: [.table(table)])], diagnostics: [])
        #expect(MarkdownRenderer.render(report) == """
            before

            | a\\|b | n |
            | --- | ---: |
            | x\\*y | 0.5 |

            after

            """)
    }

    @Test func failedCellWithOutputOffShowsStatusAndDiagnostic() {
        let d = ReportDiagnostic(severity: .error, message: "boom", line: 2, column: 1, hint: "h")
        let report = Fixture.single(
            options: CellOptions(echo: false, output: false),
            result: CellResult(status: .failed, outputs: [.text("hidden")], diagnostics: [d]))
        #expect(MarkdownRenderer.render(report) == """
            **✗ failed**

            ```text
            labs/fixture.md:2:1: error: boom
            print(1)
            ^
            hint: h
            ```

            """)
    }

    @Test func timedOutStatusLine() {
        let md = MarkdownRenderer.render(Fixture.single(result: CellResult(status: .timedOut)))
        #expect(md.contains("**✗ timed out**"))
    }

    @Test func malformedCellLinesDoNotTrap() {
        let cells = [Fixture.cell(0, "x", fence: 1), Fixture.cell(1, "y", fence: 2), Fixture.cell(2, "z", fence: 40)]
        let report = Report(
            document: Fixture.document("```swift-lab\nx\n```\n", blocks: [], cells: cells),
            cells: [], diagnostics: [])
        #expect(MarkdownRenderer.render(report) == "```swift\nx\n```\n\n**– not run**\n")
    }
}
