import Foundation
import LabMarkdown
import LabOutput
import LabReport
import LabSession
import Testing

/// What issue 18 asked of handouts besides the browser checks: numbered and captioned figures and
/// tables, chart titles that tell histories apart, elided rows that expand, line numbers, a footer.
@Suite struct HandoutFeatureTests {
    static let lab = """
        # Histories

        ```swift-lab id=long
        let long = History()
        for e in 1...50 { long.record(epoch: e, loss: 1.0 / Double(e)) }
        long
        ```

        ```swift-lab id=named caption="The named history's loss."
        let other = History(name: "Adam")
        other.record(epoch: 1, loss: 0.5)
        other.record(epoch: 2, loss: 0.25)
        other
        ```

        """

    func run() -> (Report, String) {
        let report = LabSession(document: LabParser.parse(text: Self.lab, path: "labs/histories.md")).run()
        return (report, ReportWriter.render(report, as: .html))
    }

    @Test func chartTitlesNameTheHistoryAShownNameOrItsOwn() {
        let (report, _) = run()
        let titles = report.cells.flatMap(\.outputs).compactMap { output -> String? in
            if case .chart(let chart) = output { return chart.spec.title }
            return nil
        }
        #expect(titles == ["long: loss by epoch", "Adam: loss by epoch"])
    }

    @Test func figuresAndTablesAreNumberedAndCaptioned() {
        let (_, html) = run()
        #expect(html.contains("<p class=\"table-caption\">Table 1</p>"))
        #expect(html.contains("<figcaption>Figure 1. long: loss by epoch</figcaption>"))
        #expect(html.contains("<p class=\"table-caption\">Table 2. The named history&#39;s loss.</p>"))
        #expect(html.contains("<figcaption>Figure 2. Adam: loss by epoch</figcaption>"))
    }

    @Test func aCompactTableExpandsToEveryRow() {
        let (_, html) = run()
        #expect(html.contains("12 of 50 rows shown") || html.contains("of 50 rows shown"))
        #expect(html.contains("<details class=\"all-rows\"><summary>Show all 50 rows</summary>"))
        // The short history is whole already: nothing to expand.
        #expect(html.components(separatedBy: "<details").count == 2)
    }

    @Test func codeShowsItsLabLinesAndTheFooterNamesTheLab() {
        let (_, html) = run()
        #expect(html.contains("<span class=\"ln\" aria-hidden=\"true\">4</span><span class=\"tok-keyword\">let</span> <span class=\"tok-identifier\">long</span>"))
        #expect(html.contains("<span class=\"made\"> · labs/histories.md · labrun "))
    }
}
