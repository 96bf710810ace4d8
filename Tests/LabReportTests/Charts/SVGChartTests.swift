import Foundation
import LabOutput
import Testing
import TestSupport

@testable import LabReport

struct SVGChartTests {
    /// Checks what every chart must satisfy, then compares with its golden file.
    func check(_ spec: ChartSpec, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let svg = SVGChart.render(spec, idPrefix: name)
        #expect(isWellFormedXML(svg), "not well-formed XML", sourceLocation: sourceLocation)
        #expect(badNumbers(in: svg).isEmpty, "bad numbers: \(badNumbers(in: svg))", sourceLocation: sourceLocation)
        #expect(svg == SVGChart.render(spec, idPrefix: name), "not deterministic", sourceLocation: sourceLocation)
        expectGolden(svg, named: "\(name).svg", in: chartGoldenDirectory(), sourceLocation: sourceLocation)
    }

    @Test func lossCurve() {
        let spec = ChartSpec(
            kind: .line, title: "Training loss", xLabel: "epoch", yLabel: "loss",
            series: [.init(name: "train", ys: syntheticLoss(epochs: 100))])
        check(spec, named: "loss-curve")
    }

    @Test func twoSeriesLine() {
        let spec = ChartSpec(
            kind: .line, title: "Loss per epoch", xLabel: "epoch", yLabel: "cross-entropy",
            series: [
                .init(name: "train", ys: syntheticLoss(epochs: 40, floor: 0.05)),
                .init(name: "validation", ys: syntheticLoss(epochs: 40, start: 2.1, floor: 0.25, wobble: 0.06)),
            ])
        check(spec, named: "two-series-line")
    }

    @Test func irisScatter() throws {
        let url = repositoryRoot(#filePath).appendingPathComponent("labs/data/iris.csv")
        let rows = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        var classes: [(name: String, points: [(x: Double, y: Double)])] = []
        for row in rows {
            let fields = row.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" \r")) }
            guard fields.count == 5, let x = Double(fields[2]), let y = Double(fields[3]) else { continue }
            if let i = classes.firstIndex(where: { $0.name == fields[4] }) {
                classes[i].points.append((x, y))
            } else {
                classes.append((fields[4], [(x, y)]))
            }
        }
        #expect(classes.map(\.name) == ["Setosa", "Versicolor", "Virginica"])
        #expect(classes.map(\.points.count) == [50, 50, 50])
        let spec = ChartSpec(
            kind: .scatter, title: "Iris petals", xLabel: "petal.length (cm)", yLabel: "petal.width (cm)",
            series: classes.map { ChartSpec.Series(name: $0.name, points: $0.points) })
        check(spec, named: "iris-scatter")
        let svg = SVGChart.render(spec)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 51)  // 50 points and a legend marker
    }

    @Test func logScale() {
        var losses = syntheticLoss(epochs: 60, start: 5, floor: 0.001, wobble: 0.002).map { $0 * $0 }
        losses[10] = 0
        losses[20] = -1
        let spec = ChartSpec(
            kind: .line, title: "Loss (log scale)", xLabel: "epoch", yLabel: "loss",
            series: [.init(name: "train", ys: losses)], logY: true)
        check(spec, named: "log-scale")
        #expect(SVGChart.render(spec).contains("2 points with y ≤ 0 (log scale)"))
        // The zeros break the line into three runs rather than joining across them.
        #expect(SVGChart.render(spec).components(separatedBy: "<polyline").count - 1 == 3)
    }

    @Test func noPoints() {
        check(ChartSpec(kind: .line, title: "Empty", series: []), named: "edge-empty")
        let svg = SVGChart.render(ChartSpec(kind: .scatter, title: "", series: [.init(name: "a", points: [ChartPoint]())]))
        #expect(svg.contains("No data to plot"))
    }

    @Test func onePoint() {
        check(
            ChartSpec(kind: .line, title: "One point", series: [.init(name: "only", points: [(x: 3, y: 7)])]),
            named: "edge-one-point")
    }

    @Test func allEqualValues() {
        let spec = ChartSpec(
            kind: .line, title: "Flat", series: [.init(name: "flat", points: [(x: 2, y: 0.5), (x: 2, y: 0.5)])])
        check(spec, named: "edge-all-equal")
    }

    @Test func nonFiniteValuesAreSkippedAndCounted() {
        let spec = ChartSpec(
            kind: .line, title: "Diverging", xLabel: "step", yLabel: "loss",
            series: [.init(name: "run", ys: [1, 0.5, .nan, 0.25, .infinity, -.infinity, 0.2, 1e301])])
        check(spec, named: "edge-non-finite")
        #expect(SVGChart.render(spec).contains("Not shown: 3 points with NaN or infinite values; 1 point beyond ±1e300"))
    }

    /// ±1.7e308 is finite: it is left out because the axis arithmetic would overflow, and the note
    /// says so rather than calling it infinite (issue 14 item 15).
    @Test func finiteExtremesAreNotCalledInfinite() {
        let spec = ChartSpec(
            kind: .scatter, title: "Extremes",
            series: [.init(name: "x", points: [(x: 1.7e308, y: 1), (x: -1.7e308, y: 2), (x: 0, y: 3)])])
        let svg = SVGChart.render(spec)
        #expect(svg.contains("Not shown: 2 points beyond ±1e300, too large to draw"))
        #expect(!svg.contains("infinite"))
    }

    @Test func hugeRange() {
        let spec = ChartSpec(
            kind: .scatter, title: "Huge range", series: [
                .init(name: "tiny", points: [(x: 1e-9, y: 1e-3), (x: 2e-9, y: 2e-3)]),
                .init(name: "huge", points: [(x: 3e-9, y: 1e12), (x: -1e-9, y: -5e11)]),
            ])
        check(spec, named: "edge-huge-range")
    }

    @Test func textIsEscaped() {
        let spec = ChartSpec(
            kind: .scatter, title: "<script>alert('x')</script> & \"quotes\"", xLabel: "a<b", yLabel: "c&d",
            series: [.init(name: "</text>", points: [(x: 0, y: 1)]), .init(name: "\u{1}ctl", points: [(x: 1, y: 0)])])
        let svg = SVGChart.render(spec, idPrefix: "\"><script>")
        #expect(!svg.contains("<script>"))
        #expect(!svg.contains("</text>\"") && svg.contains("&lt;/text&gt;"))
        #expect(isWellFormedXML(svg))
        check(spec, named: "edge-escaping")
    }

    @Test func manySeriesCycleStylesAndStayInside() {
        let series = (0..<10).map { i in
            ChartSpec.Series(name: "series with a rather long name number \(i)", ys: [Double(i), Double(i) + 1])
        }
        let svg = SVGChart.render(ChartSpec(kind: .line, title: "Many", series: series), width: 10, height: 10)
        #expect(isWellFormedXML(svg))
        #expect(badNumbers(in: svg).isEmpty)
        #expect(svg.contains("viewBox=\"0 0 240 180\""))  // clamped to a minimum size
    }
}
