import Foundation
import LabOutput

/// Draws a `.heatmap` chart: a grid of cells shaded from white to dark blue by value (a sequential,
/// colour-blind-safe ramp that also reads in greyscale), each cell with its number, labels on
/// the left (rows) and on top (columns). Deterministic like `SVGChart`.
enum SVGHeatmap {
    static let cellHeight = 34.0
    static let maxCellWidth = 72.0

    /// Where the grid goes: its left edge (after the row labels), the top of its first row and the
    /// cells' width, on a canvas as wide as the other charts so it is not scaled up beside them.
    struct Layout {
        var left: Double
        var top: Double
        var cellWidth: Double
        var width: Double
        var height: Double
    }

    static func render(_ spec: ChartSpec, idPrefix: String, width: Int) -> String {
        let grid = spec.grid ?? ChartSpec.Grid(values: [], rows: [], columns: [])
        let rows = (0..<grid.values.count).map { label(grid.rows, $0) }
        let columns = (0..<(grid.values.map(\.count).max() ?? 0)).map { label(grid.columns, $0) }
        let l = layout(spec, rows: rows, columns: columns, width: width)
        let id = svgIdentifier(idPrefix)
        let n = svgNumber
        var out = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(l.width))\" height=\"\(n(l.height))\""
                + " viewBox=\"0 0 \(n(l.width)) \(n(l.height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\""
                + " font-family=\"sans-serif\" font-size=\"\(n(ChartStyle.fontSize))\">",
            "<title id=\"\(id)-title\">\(xmlEscaped(spec.title.isEmpty ? "Heatmap" : spec.title))</title>",
            "<desc id=\"\(id)-desc\">\(xmlEscaped(description(spec, grid, rows: rows, columns: columns)))</desc>",
            "<rect width=\"\(n(l.width))\" height=\"\(n(l.height))\" fill=\"#ffffff\"/>",
        ]
        out += titles(spec, layout: l, rows: rows, columns: columns.count)
        out += labels(rows: rows, columns: columns, layout: l)
        out += cells(grid, layout: l)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    static func layout(_ spec: ChartSpec, rows: [String], columns: [String], width: Int) -> Layout {
        let canvas = Double(min(max(width, 240), 4000))
        let labelWidth = 20 + Double(rows.map(\.count).max() ?? 1) * ChartStyle.charWidth + (spec.yLabel.isEmpty ? 0 : 20)
        let available = canvas - labelWidth - 16
        let cellWidth = columns.isEmpty ? maxCellWidth : min(maxCellWidth, max(24, available / Double(columns.count)))
        let gridWidth = labelWidth + Double(columns.count) * cellWidth + 16
        let top = (spec.title.isEmpty ? 14.0 : 40.0) + (spec.xLabel.isEmpty ? 0 : 20) + 20
        let width = max(canvas, gridWidth)
        return Layout(left: (width - gridWidth) / 2 + labelWidth, top: top, cellWidth: cellWidth, width: width,
                      height: top + Double(rows.count) * cellHeight + 16)
    }

    static func titles(_ spec: ChartSpec, layout l: Layout, rows: [String], columns: Int) -> [String] {
        let n = svgNumber
        var out: [String] = []
        if !spec.title.isEmpty {
            out.append("<text class=\"title\" x=\"\(n(l.width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\""
                + " font-weight=\"bold\" fill=\"\(ChartStyle.ink)\">\(xmlEscaped(spec.title))</text>")
        }
        if !spec.xLabel.isEmpty {
            out.append("<text class=\"x-label\" x=\"\(n(l.left + Double(columns) * l.cellWidth / 2))\" y=\"\(n(l.top - 26))\""
                + " text-anchor=\"middle\" fill=\"\(ChartStyle.ink)\">\(xmlEscaped(spec.xLabel))</text>")
        }
        if !spec.yLabel.isEmpty {
            // Left of the longest row label, which ends 8 pixels before the grid.
            let labels = Double(rows.map(\.count).max() ?? 1) * ChartStyle.charWidth
            let x = n(max(16, l.left - 8 - labels - 14)), y = n(l.top + Double(rows.count) * cellHeight / 2)
            out.append("<text class=\"y-label\" x=\"\(x)\" y=\"\(y)\" transform=\"rotate(-90 \(x) \(y))\""
                + " text-anchor=\"middle\" fill=\"\(ChartStyle.ink)\">\(xmlEscaped(spec.yLabel))</text>")
        }
        return out
    }

    static func labels(rows: [String], columns: [String], layout l: Layout) -> [String] {
        let n = svgNumber
        var out = ["<g class=\"tick-labels\" fill=\"\(ChartStyle.ink)\">"]
        for (c, text) in columns.enumerated() {
            out.append("<text x=\"\(n(l.left + (Double(c) + 0.5) * l.cellWidth))\" y=\"\(n(l.top - 8))\" text-anchor=\"middle\">"
                + "\(xmlEscaped(shortened(text, to: l.cellWidth)))</text>")
        }
        for (r, text) in rows.enumerated() {
            out.append("<text x=\"\(n(l.left - 8))\" y=\"\(n(l.top + (Double(r) + 0.5) * cellHeight))\" dy=\"0.32em\""
                + " text-anchor=\"end\">\(xmlEscaped(text))</text>")
        }
        return out + ["</g>"]
    }

    /// The shaded cells with their numbers: white ink on the darker half of the ramp.
    static func cells(_ grid: ChartSpec.Grid, layout l: Layout) -> [String] {
        let n = svgNumber
        let finite = grid.values.flatMap { $0 }.filter(\.isFinite)
        let low = min(finite.min() ?? 0, 0), high = finite.max() ?? 1
        var out = ["<g class=\"cells\" stroke=\"#ffffff\" stroke-width=\"1\">"]
        for (r, row) in grid.values.enumerated() {
            for (c, value) in row.enumerated() {
                let x = l.left + Double(c) * l.cellWidth, y = l.top + Double(r) * cellHeight
                let share = value.isFinite && high > low ? (value - low) / (high - low) : 0
                out.append("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(l.cellWidth))\" height=\"\(n(cellHeight))\""
                    + " fill=\"\(shade(share))\"/>")
                out.append("<text x=\"\(n(x + l.cellWidth / 2))\" y=\"\(n(y + cellHeight / 2))\" dy=\"0.32em\""
                    + " text-anchor=\"middle\" stroke=\"none\" fill=\"\(share > 0.55 ? "#ffffff" : ChartStyle.ink)\">"
                    + "\(xmlEscaped(NiceTicks.compact(value)))</text>")
            }
        }
        return out + ["</g>"]
    }

    /// A text alternative: the size and every row's numbers.
    static func description(_ spec: ChartSpec, _ grid: ChartSpec.Grid, rows: [String], columns: [String]) -> String {
        var parts = ["Heatmap, \(rows.count) rows by \(columns.count) columns"]
        if !spec.yLabel.isEmpty || !spec.xLabel.isEmpty { parts.append("rows: \(spec.yLabel), columns: \(spec.xLabel)") }
        for (r, row) in grid.values.enumerated().prefix(20) {
            parts.append("\(rows[r]): " + row.map(NiceTicks.compact).joined(separator: ", "))
        }
        return parts.joined(separator: ". ") + "."
    }

    /// The label at `index`, or its 1-based number.
    private static func label(_ labels: [String], _ index: Int) -> String {
        index < labels.count ? labels[index] : String(index + 1)
    }

    /// A column label cut to what fits over its cell.
    private static func shortened(_ text: String, to width: Double) -> String {
        let fits = max(2, Int(width / ChartStyle.charWidth))
        return text.count <= fits ? text : String(text.prefix(fits - 1)) + "…"
    }

    /// White (#f7fbff) to dark blue (#08306b) at `share` in 0...1, linearly in sRGB.
    static func shade(_ share: Double) -> String {
        let t = min(max(share, 0), 1)
        let from = (0xf7, 0xfb, 0xff), to = (0x08, 0x30, 0x6b)
        func mix(_ a: Int, _ b: Int) -> Int { Int((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return String(format: "#%02x%02x%02x", mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2))
    }
}
