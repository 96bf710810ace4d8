import LabOutput

/// The pieces of a chart, each a list of SVG lines.
extension SVGChart {
    static func gridAndAxes(_ l: ChartLayout) -> [String] {
        let n = svgNumber
        var grid: [String] = [], ticks: [String] = [], labels: [String] = []
        for (value, label) in zip(l.yTicks.positions, l.yTicks.labels) {
            let y = n(l.y(value))
            grid.append("<line x1=\"\(n(l.left))\" y1=\"\(y)\" x2=\"\(n(l.right))\" y2=\"\(y)\"/>")
            ticks.append("<line x1=\"\(n(l.left - 5))\" y1=\"\(y)\" x2=\"\(n(l.left))\" y2=\"\(y)\"/>")
            labels.append("<text x=\"\(n(l.left - 8))\" y=\"\(y)\" dy=\"0.32em\" text-anchor=\"end\">\(xmlEscaped(label))</text>")
        }
        for (value, label) in zip(l.xTicks.positions, l.xTicks.labels) {
            let x = n(l.x(value))
            grid.append("<line x1=\"\(x)\" y1=\"\(n(l.top))\" x2=\"\(x)\" y2=\"\(n(l.bottom))\"/>")
            ticks.append("<line x1=\"\(x)\" y1=\"\(n(l.bottom))\" x2=\"\(x)\" y2=\"\(n(l.bottom + 5))\"/>")
            labels.append("<text x=\"\(x)\" y=\"\(n(l.bottom + 19))\" text-anchor=\"middle\">\(xmlEscaped(label))</text>")
        }
        let frame = "<path d=\"M\(n(l.left)) \(n(l.top))V\(n(l.bottom))H\(n(l.right))\" fill=\"none\"/>"
        return ["<g class=\"grid\" stroke=\"\(ChartStyle.grid)\" stroke-width=\"1\" shape-rendering=\"crispEdges\">"]
            + grid + ["</g>", "<g class=\"axes\" stroke=\"\(ChartStyle.ink)\" stroke-width=\"1\" shape-rendering=\"crispEdges\">"]
            + ticks + [frame, "</g>", "<g class=\"tick-labels\" fill=\"\(ChartStyle.ink)\">"] + labels + ["</g>"]
    }

    static func titles(_ spec: ChartSpec, layout l: ChartLayout) -> [String] {
        let n = svgNumber
        var out: [String] = []
        if !spec.title.isEmpty {
            out.append(
                "<text class=\"title\" x=\"\(n(l.width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\""
                    + " font-weight=\"bold\" fill=\"\(ChartStyle.ink)\">\(xmlEscaped(spec.title))</text>")
        }
        if !spec.xLabel.isEmpty {
            out.append(
                "<text class=\"x-label\" x=\"\(n((l.left + l.right) / 2))\" y=\"\(n(l.bottom + 40))\""
                    + " text-anchor=\"middle\" fill=\"\(ChartStyle.ink)\">\(xmlEscaped(spec.xLabel))</text>")
        }
        if !spec.yLabel.isEmpty {
            let x = n(16), y = n((l.top + l.bottom) / 2)
            let scale = spec.logY ? " (log scale)" : ""
            out.append(
                "<text class=\"y-label\" x=\"\(x)\" y=\"\(y)\" transform=\"rotate(-90 \(x) \(y))\""
                    + " text-anchor=\"middle\" fill=\"\(ChartStyle.ink)\">\(xmlEscaped(spec.yLabel + scale))</text>")
        }
        return out
    }

    /// Lines or markers of every series, each series in its own group with its colour.
    static func marks(_ spec: ChartSpec, data: PlotData, layout l: ChartLayout) -> [String] {
        var out: [String] = []
        for (i, runs) in data.segments.enumerated() {
            let colour = ChartStyle.colour(i)
            let markers = showsMarkers(spec, data: data, series: i)
            let onlyMarkers = spec.series[i].markersOnly
            out.append("<g class=\"series series-\(i + 1)\">")
            if spec.kind == .bars {
                out += bars(runs.flatMap { $0 }, width: spec.barWidth, colour: colour, layout: l)
                out.append("</g>")
                continue
            }
            if spec.kind == .line, !onlyMarkers, runs.contains(where: { $0.count > 1 }) {
                let dash = ChartStyle.dash(i).map { " stroke-dasharray=\"\($0)\"" } ?? ""
                out.append("<g fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" stroke-linejoin=\"round\"\(dash)>")
                for run in runs where run.count > 1 {
                    let points = run.map { "\(svgNumber(l.x($0.x))),\(svgNumber(l.y($0.y)))" }
                    out.append("<polyline points=\"\(points.joined(separator: " "))\"/>")
                }
                out.append("</g>")
            }
            // Lone points of a line chart would be invisible without a marker.
            let dotted = runs.flatMap { markers || onlyMarkers || spec.kind == .scatter || $0.count == 1 ? $0 : [] }
            if !dotted.isEmpty {
                out.append(markerGroupOpen(colour: colour, scatter: spec.kind == .scatter))
                let shape = ChartStyle.marker(i)
                out += dotted.map { shape.svg(x: l.x($0.x), y: l.y($0.y), r: spec.kind == .scatter ? 4 : 3.5) }
                out.append("</g>")
            }
            out.append("</g>")
        }
        return out
    }

    /// One rectangle per bar, from zero to its height, with a thin light edge between neighbours.
    static func bars(_ points: [ChartPoint], width: Double, colour: String, layout l: ChartLayout) -> [String] {
        let n = svgNumber
        var out = ["<g fill=\"\(colour)\" stroke=\"#ffffff\" stroke-width=\"1\">"]
        let zero = l.y(0)
        for p in points {
            let x0 = l.x(p.x - width / 2), x1 = l.x(p.x + width / 2), y = l.y(p.y)
            out.append("<rect x=\"\(n(x0))\" y=\"\(n(Swift.min(y, zero)))\" width=\"\(n(Swift.max(x1 - x0, 0)))\""
                + " height=\"\(n(Swift.abs(zero - y)))\"/>")
        }
        return out + ["</g>"]
    }

    /// Line charts mark their points when there are few enough to tell apart.
    static func showsMarkers(_ spec: ChartSpec, data: PlotData, series: Int) -> Bool {
        spec.kind == .scatter || data.shownCounts[series] <= 30
    }

    static func markerGroupOpen(colour: String, scatter: Bool) -> String {
        // Scatter markers are translucent so overlapping points still show as darker clusters.
        let fill = scatter ? " fill-opacity=\"0.7\"" : ""
        return "<g fill=\"\(colour)\"\(fill) stroke=\"\(colour)\" stroke-width=\"1\">"
    }

    static func legend(_ spec: ChartSpec, data: PlotData, layout l: ChartLayout) -> [String] {
        guard l.hasLegend else { return [] }
        let n = svgNumber
        var out = ["<g class=\"legend\">"]
        for i in spec.series.indices {
            let y = l.top + 10 + Double(i) * 20
            let x = l.right + 14
            let colour = ChartStyle.colour(i)
            if spec.kind == .bars {
                out.append("<rect x=\"\(n(x))\" y=\"\(n(y - 6))\" width=\"24\" height=\"12\" fill=\"\(colour)\"/>")
            } else if spec.kind == .line, !spec.series[i].markersOnly {
                let dash = ChartStyle.dash(i).map { " stroke-dasharray=\"\($0)\"" } ?? ""
                out.append(
                    "<line x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(x + 24))\" y2=\"\(n(y))\" stroke=\"\(colour)\""
                        + " stroke-width=\"2\"\(dash)/>")
            }
            if spec.kind == .scatter || (spec.kind == .line && (spec.series[i].markersOnly || showsMarkers(spec, data: data, series: i))) {
                out.append(markerGroupOpen(colour: colour, scatter: spec.kind == .scatter))
                out.append(ChartStyle.marker(i).svg(x: x + 12, y: y, r: 4))
                out.append("</g>")
            }
            out.append(
                "<text x=\"\(n(x + 30))\" y=\"\(n(y))\" dy=\"0.32em\" fill=\"\(ChartStyle.ink)\">"
                    + "\(xmlEscaped(ChartLayout.legendText(spec, i)))</text>")
        }
        return out + ["</g>"]
    }

    /// Says what was left out, and says so when there is nothing to draw.
    static func notes(_ spec: ChartSpec, data: PlotData, layout l: ChartLayout) -> [String] {
        let n = svgNumber
        var out: [String] = []
        if data.xRange == nil {
            out.append(
                "<text class=\"empty\" x=\"\(n((l.left + l.right) / 2))\" y=\"\(n((l.top + l.bottom) / 2))\""
                    + " text-anchor=\"middle\" fill=\"\(ChartStyle.muted)\">No data to plot</text>")
        }
        var skipped: [String] = []
        let nf = data.skippedNonFinite, np = data.skippedNonPositive
        if nf > 0 { skipped.append("\(nf) point\(nf == 1 ? "" : "s") with NaN or infinite values") }
        if data.skippedHuge > 0 {
            let nh = data.skippedHuge
            skipped.append("\(nh) point\(nh == 1 ? "" : "s") beyond ±1e300, too large to draw")
        }
        if np > 0 { skipped.append("\(np) point\(np == 1 ? "" : "s") with y ≤ 0 (log scale)") }
        if !skipped.isEmpty {
            out.append(
                "<text class=\"note\" x=\"\(n(l.left))\" y=\"\(n(l.height - 8))\" font-size=\"11\""
                    + " font-style=\"italic\" fill=\"\(ChartStyle.muted)\">Not shown: \(skipped.joined(separator: "; "))</text>")
        }
        return out
    }
}
