/// One result a cell shows: data, never markup. Renderers decide how it looks.
public enum CellOutput: Sendable, Equatable {
    /// Text as `print` writes it (may span lines).
    case text(String)
    /// A table of values.
    case table(TableOutput)
    /// A note the runner added, such as how much output was cut.
    case notice(String)
    /// A line chart or scatter plot.
    case chart(ChartOutput)
    /// A computation graph, drawn as a figure (see `GraphOutput`).
    case graph(GraphOutput)
}

/// A chart and the id that keeps its SVG ids unique within a report.
public struct ChartOutput: Sendable, Equatable {
    /// Unique within the report, e.g. "chart-2"; stable from run to run.
    public var id: String
    public var spec: ChartSpec

    public init(id: String, spec: ChartSpec) {
        self.id = id
        self.spec = spec
    }
}

/// A table: column names and rows of values.
public struct TableOutput: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[TableValue]]
    /// A note shown under the table (for example which rows a compact table left out).
    public var note: String?
    /// Every row, when `rows` is a compact selection of them (the HTML handout can expand it).
    public var allRows: [[TableValue]]?

    public init(columns: [String], rows: [[TableValue]], note: String? = nil, allRows: [[TableValue]]? = nil) {
        self.columns = columns
        self.rows = rows
        self.note = note
        self.allRows = allRows
    }
}

/// A value in a table cell; numbers keep full precision here and are rounded only when shown.
public enum TableValue: Sendable, Equatable {
    case text(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    /// A row that stands for rows left out of a compact table.
    case ellipsis
}
