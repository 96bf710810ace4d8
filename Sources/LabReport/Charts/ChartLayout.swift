import Foundation
import LabOutput

/// Where everything goes: the plot rectangle, the axes' ticks and the legend's place.
struct ChartLayout {
    var width: Double
    var height: Double
    /// The plot area in SVG pixels.
    var left = 0.0, top = 0.0, right = 0.0, bottom = 0.0
    var xTicks: AxisTicks
    var yTicks: AxisTicks
    var hasLegend: Bool
    var hasNote: Bool

    static let legendLimit = 24

    init(spec: ChartSpec, data: PlotData, width: Int, height: Int) {
        self.width = Double(min(max(width, 240), 4000))
        self.height = Double(min(max(height, 180), 4000))
        hasLegend = spec.series.count > 1
        hasNote = data.skippedNonFinite + data.skippedHuge + data.skippedNonPositive > 0
        // Vertical layout first: y ticks depend only on the plot height, and the left margin on the y labels.
        top = spec.title.isEmpty ? 14 : 38
        bottom = self.height - 28 - (spec.xLabel.isEmpty ? 0 : 20) - (hasNote ? 18 : 0)
        yTicks = Self.ticks(range: data.yRange, log: spec.logY, length: bottom - top, spacing: 50)
        let yLabelChars = yTicks.labels.map(\.count).max() ?? 1
        left = 14 + (spec.yLabel.isEmpty ? 0 : 20) + Double(yLabelChars) * ChartStyle.charWidth
        right = self.width - (hasLegend ? Self.legendWidth(spec) + 16 : 24)
        right = max(right, left + 60)
        xTicks = Self.ticks(range: data.xRange, log: false, length: right - left, spacing: 90)
    }

    /// Ticks for a data range (in plotted units), about one per `spacing` pixels.
    static func ticks(range: ClosedRange<Double>?, log: Bool, length: Double, spacing: Double) -> AxisTicks {
        let target = max(2, min(10, Int(length / spacing)))
        guard let range else {
            return log ? NiceTicks.logarithmic(lower: 1, upper: 10) : NiceTicks.linear(lower: 0, upper: 1, target: target)
        }
        if log { return NiceTicks.logarithmic(lower: pow(10, range.lowerBound), upper: pow(10, range.upperBound)) }
        return NiceTicks.linear(lower: range.lowerBound, upper: range.upperBound, target: target)
    }

    /// Room for a marker sample and the longest (shortened) series name.
    static func legendWidth(_ spec: ChartSpec) -> Double {
        let longest = spec.series.indices.map { legendText(spec, $0).count }.max() ?? 0
        return 36 + Double(longest) * ChartStyle.charWidth
    }

    /// A series name cut to `legendLimit` characters so one long name cannot squeeze the plot away.
    static func legendText(_ spec: ChartSpec, _ index: Int) -> String {
        let name = SVGChart.seriesName(spec, index)
        return name.count <= legendLimit ? name : String(name.prefix(legendLimit - 1)) + "…"
    }

    /// The SVG x of a value in plotted units.
    func x(_ value: Double) -> Double {
        left + (value - xTicks.lower) / span(xTicks) * (right - left)
    }

    /// The SVG y of a value in plotted units (log10 of the value on a log axis).
    func y(_ value: Double) -> Double {
        bottom - (value - yTicks.lower) / span(yTicks) * (bottom - top)
    }

    private func span(_ ticks: AxisTicks) -> Double {
        let s = ticks.upper - ticks.lower
        return s > 0 && s.isFinite ? s : 1
    }
}
