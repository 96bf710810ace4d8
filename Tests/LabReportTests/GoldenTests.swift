import Testing
import TestSupport
@testable import LabReport

/// The three report formats of one small lab, recorded in Golden/ and read by a person once.
@Suite struct GoldenTests {
    @Test func html() {
        expectGolden(HTMLRenderer.render(Fixture.lab), named: "fixture.html", in: goldenDirectory())
    }

    @Test func markdown() {
        expectGolden(MarkdownRenderer.render(Fixture.lab), named: "fixture.md", in: goldenDirectory())
    }

    @Test func json() {
        expectGolden(JSONRenderer.render(Fixture.lab, timings: false), named: "fixture.json", in: goldenDirectory())
    }

    @Test func renderingTwiceGivesTheSameBytes() {
        #expect(HTMLRenderer.render(Fixture.lab) == HTMLRenderer.render(Fixture.lab))
        #expect(MarkdownRenderer.render(Fixture.lab) == MarkdownRenderer.render(Fixture.lab))
        #expect(JSONRenderer.render(Fixture.lab) == JSONRenderer.render(Fixture.lab))
    }
}

/// Labs with nothing in them still give complete, valid reports.
@Suite struct EmptyLabTests {
    private let empty = Report(
        document: Fixture.document("", blocks: [], cells: [], path: "labs/empty.md"), cells: [], diagnostics: [])

    @Test func html() {
        let html = HTMLRenderer.render(empty)
        #expect(html.contains("<title>empty</title>"))
        #expect(html.contains("<footer class=\"summary succeeded\">0 cells, 0 failed<span class=\"made\"> · labs/empty.md · labrun \(labrunVersion)</span></footer>"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func markdownAndJSON() {
        #expect(MarkdownRenderer.render(empty) == "\n")
        let json = JSONRenderer.render(empty, timings: false)
        #expect(json.contains("\"cells\": [],"))
        #expect(json.contains("\"succeeded\": true"))
    }
}
