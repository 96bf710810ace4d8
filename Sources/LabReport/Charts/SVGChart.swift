import Foundation
import LabOutput

/// Draws a `ChartSpec` as a standalone SVG document, with no fonts, scripts or files needed.
///
/// The output is deterministic: numbers have at most two decimals and ids come from `idPrefix`,
/// so several charts can sit in one HTML page when each gets its own prefix.
public enum SVGChart {
    /// The chart as SVG text (ends with a newline). `idPrefix` is reduced to letters, digits, `-` and `_`.
    public static func render(_ spec: ChartSpec, idPrefix: String = "chart", width: Int = 640, height: Int = 400)
        -> String
    {
        if spec.kind == .heatmap { return SVGHeatmap.render(spec, idPrefix: idPrefix, width: width) }
        let data = PlotData(spec)
        let layout = ChartLayout(spec: spec, data: data, width: width, height: height)
        let id = svgIdentifier(idPrefix)
        var out: [String] = []
        out += header(spec, data: data, layout: layout, id: id)
        out += gridAndAxes(layout)
        out += titles(spec, layout: layout)
        out += marks(spec, data: data, layout: layout)
        out += legend(spec, data: data, layout: layout)
        out += notes(spec, data: data, layout: layout)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    static func header(_ spec: ChartSpec, data: PlotData, layout: ChartLayout, id: String) -> [String] {
        let w = svgNumber(layout.width), h = svgNumber(layout.height)
        return [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
                + " role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" font-family=\"sans-serif\""
                + " font-size=\"\(svgNumber(ChartStyle.fontSize))\">",
            "<title id=\"\(id)-title\">\(xmlEscaped(spec.title.isEmpty ? "Chart" : spec.title))</title>",
            "<desc id=\"\(id)-desc\">\(xmlEscaped(description(spec, data: data)))</desc>",
            "<rect width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>",
        ]
    }

    /// A one-sentence text alternative: kind, axes and the size of each series.
    static func description(_ spec: ChartSpec, data: PlotData) -> String {
        var parts = [spec.kind.description]
        if !spec.xLabel.isEmpty { parts.append("x: \(spec.xLabel)") }
        if !spec.yLabel.isEmpty || spec.logY {
            parts.append("y: \(spec.yLabel.isEmpty ? "value" : spec.yLabel)\(spec.logY ? " (log scale)" : "")")
        }
        let series = spec.series.enumerated().map { i, s in
            let count = data.shownCounts[i]
            return "\(seriesName(spec, i)), \(count) point\(count == 1 ? "" : "s")"
        }
        parts.append(series.isEmpty ? "no data" : "series: " + series.joined(separator: "; "))
        return parts.joined(separator: ". ") + "."
    }

    /// The series' name for the legend, or `series N` when it has none.
    static func seriesName(_ spec: ChartSpec, _ index: Int) -> String {
        let name = spec.series[index].name.trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? "series \(index + 1)" : name
    }
}

/// The points that can be drawn, split into runs at skipped points, with y already in plotted units.
struct PlotData {
    /// Per series, runs of consecutive drawable points (a line breaks where a point was skipped).
    var segments: [[[ChartPoint]]] = []
    var shownCounts: [Int] = []
    var skippedNonFinite = 0
    /// Finite points beyond `limit`, counted apart so the note does not call them infinite.
    var skippedHuge = 0
    var skippedNonPositive = 0
    var xRange: ClosedRange<Double>?
    var yRange: ClosedRange<Double>?

    /// Beyond this magnitude a value is treated like infinity: axis arithmetic would overflow.
    static let limit = 1e300

    init(_ spec: ChartSpec) {
        for series in spec.series {
            var runs: [[ChartPoint]] = [], run: [ChartPoint] = []
            for p in series.points {
                guard let q = plotted(p, logY: spec.logY) else {
                    if !run.isEmpty { runs.append(run) }
                    run = []
                    continue
                }
                run.append(q)
                xRange = xRange.map { min($0.lowerBound, q.x)...max($0.upperBound, q.x) } ?? q.x...q.x
                yRange = yRange.map { min($0.lowerBound, q.y)...max($0.upperBound, q.y) } ?? q.y...q.y
            }
            if !run.isEmpty { runs.append(run) }
            segments.append(runs)
            shownCounts.append(runs.reduce(0) { $0 + $1.count })
        }
        if spec.kind == .bars, let x = xRange, let y = yRange {
            // Bars stand on zero and reach half a bar beyond their centres.
            let half = spec.barWidth.isFinite && spec.barWidth > 0 ? spec.barWidth / 2 : 0
            xRange = (x.lowerBound - half)...(x.upperBound + half)
            yRange = Swift.min(y.lowerBound, 0)...Swift.max(y.upperBound, 0)
        }
    }

    /// The point in plotted units, or nil (and counted) when it cannot be drawn.
    private mutating func plotted(_ p: ChartPoint, logY: Bool) -> ChartPoint? {
        guard p.x.isFinite && p.y.isFinite else {
            skippedNonFinite += 1
            return nil
        }
        guard abs(p.x) <= Self.limit && abs(p.y) <= Self.limit else {
            skippedHuge += 1
            return nil
        }
        if !logY { return p }
        guard p.y > 0 else {
            skippedNonPositive += 1
            return nil
        }
        return ChartPoint(x: p.x, y: log10(p.y))
    }
}
