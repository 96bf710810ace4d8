/// A table of named columns of equal length, in order: what `readCSV` gives.
///
/// A value type: every operation returns a new frame and never changes the one it was called on.
public struct Frame: Sendable, Equatable {
    /// The columns, in order.
    public private(set) var orderedColumns: [Column]
    /// The number of rows (kept apart from the columns so that `frame[[]]` still has the rows).
    public let count: Int

    /// A frame of `columns`, which must have distinct names and equal lengths.
    public init(_ columns: [Column]) throws {
        let count = columns.first?.count ?? 0
        if let uneven = columns.first(where: { $0.count != count }) {
            throw DataError("column '\(uneven.name)' has \(uneven.count) rows, column '\(columns[0].name)' has \(count)")
        }
        try Self.checkDistinctNames(columns)
        self.init(checked: columns, count: count)
    }

    private static func checkDistinctNames(_ columns: [Column]) throws {
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name).inserted {
            throw DataError("two columns are named '\(column.name)'")
        }
    }

    /// A frame whose columns the caller has already checked.
    init(checked columns: [Column], count: Int) {
        self.orderedColumns = columns
        self.count = count
    }

    /// The column names, in order.
    public var columns: [String] { orderedColumns.map(\.name) }

    /// The column named `name`; an unknown name is an error with a did-you-mean.
    public subscript(name: String) -> Column {
        get throws {
            guard let column = orderedColumns.first(where: { $0.name == name }) else {
                throw unknownColumn(name, among: columns)
            }
            return column
        }
    }

    /// A frame of the named columns, in the order given (a name may not repeat); it keeps the row
    /// count even when `names` is empty.
    public subscript(names: [String]) -> Frame {
        get throws {
            let picked = try names.map { try self[$0] }
            try Self.checkDistinctNames(picked)
            return Frame(checked: picked, count: count)
        }
    }

    /// The first `n` rows (all of them when there are fewer).
    public func head(_ n: Int = 5) throws -> Frame {
        guard n >= 0 else { throw DataError("head: the number of rows must be 0 or more, got \(n)") }
        return selectingRows(Array(0..<min(n, count)))
    }

    /// The rows where `mask` (a boolean column of the same length, from a comparison) is true.
    public func filtered(by mask: Column) throws -> Frame {
        guard case .bools(let keep) = mask.values else {
            throw DataError("a row filter needs a column of booleans (a comparison); '\(mask.name)' holds \(mask.kindName)")
        }
        guard keep.count == count else {
            throw DataError("the filter has \(keep.count) rows, the frame has \(count)")
        }
        return selectingRows(keep.indices.filter { keep[$0] })
    }

    /// The rows at `rows` (0-based, in that order); the caller guarantees they are in range.
    func selectingRows(_ rows: [Int]) -> Frame {
        Frame(checked: orderedColumns.map { $0.selecting(rows) }, count: rows.count)
    }

    /// All cells as numbers (booleans as 0 and 1), row-major with shape `[rows, columns]`.
    ///
    /// A column of text is an error naming it (and, for a typo in a column of numbers, the line).
    public func matrix() throws -> Matrix {
        let columnValues = try orderedColumns.map { try $0.numericValues() }
        var values: [Double] = []
        values.reserveCapacity(count * columnValues.count)
        for row in 0..<count {
            for column in columnValues {
                values.append(column[row])
            }
        }
        return Matrix(values: values, shape: [count, columnValues.count])
    }

    /// The frame as table data: column names and every row's cells, for the report to render.
    public func table() -> FrameTable {
        let rows = (0..<count).map { row in orderedColumns.map { $0.value(at: row) ?? .text("") } }
        return FrameTable(columns: columns, rows: rows)
    }
}

/// A frame laid out as a table: data for a renderer, not markup.
public struct FrameTable: Sendable, Equatable {
    /// A cell of the table.
    public typealias Cell = DataValue

    /// The column names.
    public var columns: [String]
    /// The rows, each with one cell per column.
    public var rows: [[Cell]]

    public init(columns: [String], rows: [[Cell]]) {
        self.columns = columns
        self.rows = rows
    }
}

extension Frame: CustomStringConvertible {
    /// A plain-text table with aligned columns and a row count, for `print`.
    public var description: String {
        let table = table()
        let cells = [table.columns] + table.rows.map { $0.map(\.printed) }
        let widths = table.columns.indices.map { column in
            cells.map { $0[column].count }.max() ?? 0
        }
        let lines = cells.map { row in
            let padded = zip(row, widths).map { $0 + String(repeating: " ", count: max(0, $1 - $0.count)) }
            return String(padded.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed())
        }
        let plural = count == 1 ? "row" : "rows"
        return (lines + ["[\(count) \(plural) × \(table.columns.count) columns]"]).joined(separator: "\n")
    }
}
