/// What a chart shows: data and labels only; `SVGChart` decides how it looks.
public struct ChartSpec: Sendable, Equatable {
    /// How the points of each series are drawn.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// Points joined in their given order (training curves, `plot(x:y:)`).
        case line
        /// Unjoined markers, one series per class (`scatter(frame, x:, y:, color:)`).
        case scatter
        /// Vertical bars of `barWidth` centred on each point's x, from 0 to its y (`histogram`).
        case bars
        /// A grid of numbers shaded by value (`heatmap`, `confusionMatrix`); the data is `grid`.
        case heatmap

        /// The chart's kind in words, for text alternatives.
        public var description: String {
            switch self {
            case .line: return "Line chart"
            case .scatter: return "Scatter plot"
            case .bars: return "Histogram"
            case .heatmap: return "Heatmap"
            }
        }
    }

    /// The numbers of a heatmap: `values[row][column]`, with a label per row and per column.
    public struct Grid: Sendable, Equatable {
        public var values: [[Double]]
        public var rows: [String]
        public var columns: [String]

        public init(values: [[Double]], rows: [String], columns: [String]) {
            self.values = values
            self.rows = rows
            self.columns = columns
        }
    }

    /// One named run of points; a scatter has one series per class.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [ChartPoint]
        /// Draws only markers, never a line, even in a line chart (the steps on a curve).
        public var markersOnly: Bool

        public init(name: String, points: [ChartPoint], markersOnly: Bool = false) {
            self.name = name
            self.points = points
            self.markersOnly = markersOnly
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
    /// The width of each bar of a `.bars` chart, in x units.
    public var barWidth: Double
    /// The cells of a `.heatmap` (nil for the other kinds).
    public var grid: Grid?

    public init(
        kind: Kind, title: String, xLabel: String = "", yLabel: String = "", series: [Series],
        logY: Bool = false, barWidth: Double = 0, grid: Grid? = nil
    ) {
        self.kind = kind
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logY = logY
        self.barWidth = barWidth
        self.grid = grid
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
