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
