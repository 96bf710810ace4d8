import Foundation
import LabOutput
import Testing
import TestSupport

@testable import LabReport

/// Histograms, heatmaps and marked points on a curve (issue 15), with golden files like the line
/// and scatter charts.
struct FigureKindTests {
    func check(_ spec: ChartSpec, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let svg = SVGChart.render(spec, idPrefix: name)
        #expect(isWellFormedXML(svg), "not well-formed XML", sourceLocation: sourceLocation)
        #expect(badNumbers(in: svg).isEmpty, "bad numbers: \(badNumbers(in: svg))", sourceLocation: sourceLocation)
        expectGolden(svg, named: "\(name).svg", in: chartGoldenDirectory(), sourceLocation: sourceLocation)
    }

    @Test func histogramBarsStandOnZeroAndSpanTheirBins() {
        let spec = ChartSpec(
            kind: .bars, title: "Residuals", xLabel: "residual", yLabel: "count",
            series: [.init(name: "count", points: [(x: -1.5, y: 2), (x: -0.5, y: 7), (x: 0.5, y: 9), (x: 1.5, y: 3)])],
            barWidth: 1)
        check(spec, named: "histogram")
        let svg = SVGChart.render(spec)
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == 4, "one rectangle per bar")
        #expect(svg.contains("Histogram. x: residual"))
    }

    @Test func heatmapShadesByValueAndLabelsRowsAndColumns() {
        let spec = ChartSpec(
            kind: .heatmap, title: "Confusion matrix", xLabel: "predicted", yLabel: "actual", series: [],
            grid: .init(values: [[12, 0, 0], [0, 9, 2], [0, 1, 6]], rows: ["Setosa", "Versicolor", "Virginica"],
                        columns: ["Setosa", "Versicolor", "Virginica"]))
        check(spec, named: "heatmap")
        let svg = SVGChart.render(spec)
        #expect(svg.contains("fill=\"#08306b\""), "the largest value gets the darkest shade")
        #expect(svg.contains("fill=\"#f7fbff\""), "zero gets white")
        #expect(svg.contains("Versicolor: 0, 9, 2"), "the text alternative lists the rows")
    }

    @Test func markersOnlySeriesDrawNoLine() {
        let curve: [ChartPoint] = (0...20).map { k in
            let x = Double(k) / 5 - 1
            return ChartPoint(x: x, y: (x - 1) * (x - 1))
        }
        let spec = ChartSpec(
            kind: .line, title: "Steps on f(t)", series: [
                .init(name: "f", points: curve),
                .init(name: "steps", points: [ChartPoint(x: 3, y: 1), ChartPoint(x: 1.4, y: 0.36)], markersOnly: true),
            ])
        check(spec, named: "marked-points")
        let svg = SVGChart.render(spec)
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 1, "only the curve is a line")
    }

    /// Found by the document fuzzer: a NaN or infinite cell trapped while its number was written.
    @Test func nonFiniteCellsAreWrittenNotTrapped() {
        let spec = ChartSpec(kind: .heatmap, title: "odd", series: [],
                             grid: .init(values: [[.nan, .infinity], [-.infinity, 1e300], []], rows: ["a"], columns: []))
        let svg = SVGChart.render(spec)
        #expect(isWellFormedXML(svg))
        #expect(svg.contains(">NaN</text>") && svg.contains(">inf</text>") && svg.contains(">-inf</text>"))
        #expect(svg.contains("a: NaN, inf. 2: -inf, 1e+300. 3: ."))
    }

    @Test func emptyHeatmapStillRenders() {
        let svg = SVGChart.render(ChartSpec(kind: .heatmap, title: "", series: []))
        #expect(isWellFormedXML(svg))
    }
}
