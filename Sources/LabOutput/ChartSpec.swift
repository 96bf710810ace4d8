/// What a chart shows: data and labels only; `SVGChart` decides how it looks.
public struct ChartSpec: Sendable, Equatable {
    /// How the points of each series are drawn.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// Points joined in their given order (training curves, `plot(x:y:)`).
        case line
        /// Unjoined markers, one series per class (`scatter(frame, x:, y:, color:)`).
        case scatter
    }

    /// One named run of points; a scatter has one series per class.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [ChartPoint]

        public init(name: String, points: [ChartPoint]) {
            self.name = name
            self.points = points
        }

        /// A series from `(x, y)` pairs.
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.init(name: name, points: points.map { ChartPoint(x: $0.x, y: $0.y) })
        }

        /// A series of `ys` against their 1-based positions (loss per epoch).
        public init(name: String, ys: [Double]) {
            self.init(name: name, points: ys.enumerated().map { ChartPoint(x: Double($0.offset + 1), y: $0.element) })
        }
    }

    public var kind: Kind
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Draws y on a base-10 log scale; points with y ≤ 0 are then left out and counted in a note.
    public var logY: Bool

    public init(
        kind: Kind, title: String, xLabel: String = "", yLabel: String = "", series: [Series],
        logY: Bool = false
    ) {
        self.kind = kind
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logY = logY
    }
}

/// One data point of a chart.
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
