import Foundation
import LabMarkdown
import LabReport
import LabSession
import TestSupport
import Testing

/// Runs a lab given as text through the parser and a session.
func runLab(_ text: String, path: String = "lab.md", options: SessionOptions = SessionOptions()) -> Report {
    LabSession(document: LabParser.parse(text: text, path: path), options: options).run()
}

@Suite struct SessionTests {
    let fixtures = goldenDirectory(folder: "Fixtures")

    @Test func fixtureReportsMatchTheirGoldenFiles() throws {
        let path = fixtures.appendingPathComponent("fixture.md").path
        let document = try LabParser.parse(contentsOfFile: path)
        var report = LabSession(document: document).run()
        report.document.path = "fixture.md"
        expectGolden(HTMLRenderer.render(report), named: "fixture.html", in: goldenDirectory())
        expectGolden(MarkdownRenderer.render(report), named: "fixture.md", in: goldenDirectory())
        expectGolden(JSONRenderer.render(report, timings: false), named: "fixture.json", in: goldenDirectory())
        #expect(report.cells.map(\.status) == [.ok, .ok, .expectedError, .ok, .ok, .failed, .notRun])
    }

    @Test func errorsAreMappedToLabFilePositions() {
        let lab = "# T\n\n- item\n\n  ```swift-lab\n  let a = 1\n  print(a + nope)\n  ```\n"
        let report = runLab(lab)
        let d = report.cells[0].diagnostics.first
        #expect(d?.line == 7)
        #expect(d?.column == 13, "column counts the list indentation: \(String(describing: d))")
        #expect(d?.message.contains("nope") == true)
    }

    @Test func aCellShowsAtMostTwentyDiagnosticsAndCountsTheRest() {
        // One line of 2,000 stray braces: an error each, every one printed with the whole line.
        let report = runLab("# T\n\n```swift-lab\nlet a = 1\n" + String(repeating: "} ", count: 2000) + "\n```\n")
        let diagnostics = report.cells[0].diagnostics
        #expect(report.cells[0].status == .failed)
        #expect(diagnostics.count == 21)
        #expect(diagnostics.last?.message == "1980 more errors in this cell not shown")
        #expect(diagnostics.last?.line == 5)
        #expect(diagnostics.last?.column == 41, "at the first error left out: the 21st brace")
        let markdown = MarkdownRenderer.render(report)
        #expect(markdown.count < 40_000, "each diagnostic shows a window of the long line, not all of it")
    }

    @Test func theLabsTextShowsAtMostFiftyDiagnosticsInSourceOrder() {
        // A line the document fuzzer found: stray `$` and `&` make a formula warning every few
        // characters (each rendered with its line: 12 s for 18 KB before the limit).
        let line = String(repeating: "$$$$$&&&&", count: 400)
        let report = runLab("# T\n\n" + line + "\n\n$x ^$\n")
        let diagnostics = report.diagnostics
        #expect(diagnostics.count == 51)
        let note = diagnostics.last
        #expect(note?.message.hasSuffix("in the lab's text not shown") == true, "\(String(describing: note))")
        #expect(note?.message.contains(" more warnings") == true && note?.severity == .warning)
        let shown = diagnostics.dropLast().map { [$0.line, $0.column] }
        #expect(shown == shown.sorted { $0.lexicographicallyPrecedes($1) }, "in source order")
        #expect(diagnostics.dropLast().allSatisfy { $0.line == 3 }, "the first fifty are on the long line")
    }

    @Test func bindingsCarryAcrossCellsAndLastValuesAreShown() {
        let report = runLab("```swift-lab\nvar n = 20\n```\n\n```swift-lab\nn += 1\nn * 2\n```\n")
        #expect(report.cells.map(\.status) == [.ok, .ok])
        #expect(report.cells[1].outputs == [.text("42")])
    }

    @Test func voidLastLineShowsNothing() {
        let report = runLab("```swift-lab\nprint(\"once\")\n```\n")
        #expect(report.cells[0].outputs == [.text("once")])
    }

    @Test func keepGoingRunsCellsAfterAFailure() {
        let lab = "```swift-lab\nprint(nope)\n```\n\n```swift-lab\nprint(2)\n```\n"
        #expect(runLab(lab).cells.map(\.status) == [.failed, .notRun])
        let going = runLab(lab, options: SessionOptions(keepGoing: true))
        #expect(going.cells.map(\.status) == [.failed, .ok])
    }

    @Test func aRunawayCellTimesOutAndLaterCellsDoNotRun() {
        let lab = "```swift-lab timeout=0.5\nvar i = 0\nwhile true { i += 1 }\n```\n\n```swift-lab\nprint(1)\n```\n"
        let report = runLab(lab)
        #expect(report.cells.map(\.status) == [.timedOut, .notRun])
        #expect(report.cells[0].diagnostics.first?.message == "cell timed out after 0.5 s")
    }

    /// Reading and compiling count against the limit too (a 300,000-line cell takes seconds to
    /// parse in a debug build): the cell is timed out, not left running past it.
    @Test func aCellTooLongToReadInTimeTimesOut() {
        let body = String(repeating: "i += 1\n", count: 300_000)
        let lab = "```swift-lab timeout=0.2\nvar i = 0\n\(body)```\n\n```swift-lab\nprint(1)\n```\n"
        let report = runLab(lab)
        #expect(report.cells.map(\.status) == [.timedOut, .notRun])
        #expect(report.cells[0].diagnostics.map(\.message) == ["cell timed out after 0.2 s"])
    }

    @Test func aTimeoutDoesNotLeakIntoTheNextCell() {
        let lab = """
            ```swift-lab timeout=0.3
            while true {}
            ```

            ```swift-lab
            var s = 0
            for i in 1...1000 { s += i }
            print(s)
            ```
            """
        let report = runLab(lab, options: SessionOptions(keepGoing: true))
        #expect(report.cells.map(\.status) == [.timedOut, .ok])
        #expect(report.cells[1].outputs == [.text("500500")])
    }

    @Test func noGradLeftOpenByAFailureIsClosedForTheNextCell() {
        let lab = """
            ```swift-lab error=expected
            noGrad { let q = nope }
            ```

            ```swift-lab
            let x = tensor(1.0, requiresGrad: true)
            print((x * 2).requiresGrad)
            ```
            """
        let report = runLab(lab)
        #expect(report.cells[1].outputs == [.text("true")])
    }

    @Test func invalidUTF8IsAWarningAndTheLabStillRuns() {
        var bytes = Array("```swift-lab\nprint(\"ok\")\n```\n\nbad \u{1}".utf8)
        bytes.append(0xFF)
        let report = LabSession(document: LabParser.parse(bytes: bytes, path: "lab.md")).run()
        #expect(report.cells[0].status == .ok)
        #expect(report.diagnostics.first?.severity == .warning)
        #expect(report.succeeded)
    }

    @Test func outputPastTheLimitIsCutWithANotice() {
        let report = runLab("```swift-lab\nfor i in 1...20000 { print(i) }\nprint(\"done\")\n```\n")
        let outputs = report.cells[0].outputs
        #expect(report.cells[0].status == .ok)
        guard case .text(let text) = outputs.first, case .notice(let note) = outputs.last else {
            Issue.record("expected text then a notice, got \(outputs)")
            return
        }
        #expect(text.split(separator: "\n").count == 10_000)
        #expect(note.contains("10001 more lines"), "\(note)")
    }
}
