import LabOutput
import Testing
@testable import LabReport

@Suite struct FormattingTests {
    @Test(arguments: [
        (0.6931471805599453, "0.693147"), (19.0, "19"), (1.5e-7, "1.5e-07"), (-0.5, "-0.5"),
        (1234567.0, "1.23457e+06"), (100000.0, "100000"), (0.0001, "0.0001"), (0.0, "0"),
        (Double.nan, "nan"), (Double.infinity, "inf"), (-Double.infinity, "-inf"),
    ])
    func numbers(value: Double, expected: String) {
        #expect(DisplayFormat.number(value) == expected)
    }

    @Test func tableValues() {
        #expect(DisplayFormat.tableValue(.int(-3)) == "-3")
        #expect(DisplayFormat.tableValue(.bool(true)) == "true")
        #expect(DisplayFormat.tableValue(.ellipsis) == "…")
        #expect(DisplayFormat.tableValue(.text("a")) == "a")
    }

    @Test func duplicateCellIDsGetSuffixes() {
        let cells = (0..<3).map { Fixture.cell($0, "1", fence: 1 + 3 * $0, options: .init(id: $0 == 2 ? nil : "a")) }
        let report = Report(
            document: Fixture.document("", blocks: [], cells: cells), cells: [], diagnostics: [])
        #expect(report.cellIDs == ["a", "a-1", "cell-3"])
    }
}
