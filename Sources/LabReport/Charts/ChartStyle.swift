/// Colours, marker shapes and dash patterns that tell series apart in colour, in print and in greyscale.
enum ChartStyle {
    /// Okabe–Ito colours, ordered so the first ones stay dark enough on white paper (yellow last).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
    static let markers: [MarkerShape] = [.circle, .square, .triangle, .diamond, .triangleDown, .cross, .plus]
    /// Dash patterns for line series, so lines differ without colour.
    static let dashes: [String?] = [nil, "7 4", "2 3", "9 3 2 3"]

    static let ink = "#222222"
    static let grid = "#dddddd"
    static let muted = "#555555"
    static let fontSize = 12.0
    /// An estimate of a label character's width at `fontSize`, for margins (no font metrics here).
    static let charWidth = 7.0

    static func colour(_ index: Int) -> String { palette[index % palette.count] }
    static func marker(_ index: Int) -> MarkerShape { markers[index % markers.count] }
    static func dash(_ index: Int) -> String? { dashes[index % dashes.count] }
}

/// A point marker's outline.
enum MarkerShape: Equatable {
    case circle, square, triangle, diamond, triangleDown, cross, plus

    /// The marker centred at (`x`, `y`) with radius `r`; fill and stroke come from the enclosing group.
    func svg(x: Double, y: Double, r: Double) -> String {
        let n = svgNumber
        switch self {
        case .circle:
            return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\"/>"
        case .square:
            let s = r * 0.9
            return "<rect x=\"\(n(x - s))\" y=\"\(n(y - s))\" width=\"\(n(2 * s))\" height=\"\(n(2 * s))\"/>"
        case .triangle:
            return polygon([(x, y - 1.2 * r), (x + 1.1 * r, y + 0.8 * r), (x - 1.1 * r, y + 0.8 * r)])
        case .triangleDown:
            return polygon([(x, y + 1.2 * r), (x + 1.1 * r, y - 0.8 * r), (x - 1.1 * r, y - 0.8 * r)])
        case .diamond:
            return polygon([(x, y - 1.3 * r), (x + 1.1 * r, y), (x, y + 1.3 * r), (x - 1.1 * r, y)])
        case .cross:
            let s = r * 0.9
            return stroke("M\(n(x - s)) \(n(y - s))L\(n(x + s)) \(n(y + s))M\(n(x - s)) \(n(y + s))L\(n(x + s)) \(n(y - s))")
        case .plus:
            let s = r * 1.1
            return stroke("M\(n(x - s)) \(n(y))L\(n(x + s)) \(n(y))M\(n(x)) \(n(y - s))L\(n(x)) \(n(y + s))")
        }
    }

    /// Crosses and pluses have no area, so they are drawn with a wider stroke instead of a fill.
    private func stroke(_ d: String) -> String { "<path d=\"\(d)\" stroke-width=\"2\"/>" }

    private func polygon(_ points: [(Double, Double)]) -> String {
        "<path d=\"M" + points.map { "\(svgNumber($0.0)) \(svgNumber($0.1))" }.joined(separator: "L") + "Z\"/>"
    }
}
