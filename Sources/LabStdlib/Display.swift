import LabLanguage
import LabOutput

/// How values become outputs: the value of a cell's last line, and `table(x)`.
extension Stdlib {
    /// Shows a cell's last value: a history as its table and chart, frames as tables, anything else
    /// as `print` writes it. `name` is the name the cell's last line shows, if it is one: a
    /// history's chart is titled with its own name, else with that one, so a lab's several
    /// histories do not all read "loss by epoch".
    public func display(_ value: Value, name: String? = nil) {
        if case .void = value { return }
        if case .native(let history as HistoryObject) = value {
            emit(.table(history.tableOutput()))
            var spec = history.chartSpec(logY: false)
            let label = history.history.name.isEmpty ? name : history.history.name
            if let label, !label.isEmpty { spec.title = "\(label): \(spec.title)" }
            emit(.chart(ChartOutput(id: "", spec: spec)))
            return
        }
        if let table = tableOutput(value) {
            emit(.table(table))
        } else {
            emitText(value.printed)
        }
    }

    /// The table form of a value, when it has one (frames, and arrays of rows).
    func tableOutput(_ value: Value) -> TableOutput? {
        guard case .native(let object) = value else { return nil }
        if let frame = object as? FrameObject { return frame.tableOutput() }
        if let history = object as? HistoryObject { return history.tableOutput() }
        return nil
    }

    /// `table(x)`: a frame, or an array of rows (arrays or tuples of numbers, strings and Bools).
    func table(_ args: Arguments) throws -> Value {
        try args.expect("table(_:columns:)")
        let value = try args.value(0)
        if let table = tableOutput(value) {
            emit(.table(table))
            return .void
        }
        guard case .array(let rows) = value else {
            throw NativeError("table takes a Frame or an array of rows, got \(value.typeName)")
        }
        let cells = try rows.map { row -> [TableValue] in
            switch row {
            case .array(let items), .tuple(let items): return try items.map(Self.tableValue)
            default: return [try Self.tableValue(row)]
            }
        }
        let width = cells.map(\.count).max() ?? 0
        var columns = (0..<width).map { "\($0)" }
        if case .array(let names)? = args.labeled("columns") {
            columns = names.map(\.printed) + columns.dropFirst(names.count)
        }
        let padded = cells.map { $0 + Array(repeating: TableValue.text(""), count: width - $0.count) }
        emit(.table(TableOutput(columns: columns, rows: padded)))
        return .void
    }

    static func tableValue(_ value: Value) throws -> TableValue {
        switch value {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .string(let s): return .text(s)
        default: return .text(value.printed)
        }
    }
}
