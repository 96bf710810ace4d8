/// One value of a frame: a cell of a table, or the right-hand side of a comparison.
public enum DataValue: Sendable, Equatable, Hashable {
    case number(Double)
    case text(String)
    case bool(Bool)
}

/// Numbers as a dense row-major matrix: the form the built-ins turn into a tensor.
public struct Matrix: Sendable, Equatable {
    /// The values in row-major order; `values.count` is the product of `shape`.
    public var values: [Double]
    /// `[rows]` for a column, `[rows, columns]` for a frame.
    public var shape: [Int]

    public init(values: [Double], shape: [Int]) {
        self.values = values
        self.shape = shape
    }
}

/// A named column of a frame: all numbers, all text, or all booleans (the result of a comparison).
public struct Column: Sendable, CustomStringConvertible {
    /// The cells of a column, of one kind.
    public enum Values: Sendable, Equatable {
        case numbers([Double])
        case text([String])
        case bools([Bool])
    }

    /// The column's name (the header in the CSV file).
    public var name: String
    /// The cells.
    public private(set) var values: Values
    /// Where the rows came from, for located errors; nil for columns built in code.
    var origin: Origin?

    /// A column of numbers.
    public init(name: String, numbers: [Double]) {
        self.init(name: name, values: .numbers(numbers), origin: nil)
    }

    /// A column of text.
    public init(name: String, text: [String]) {
        self.init(name: name, values: .text(text), origin: nil)
    }

    /// A column of booleans.
    public init(name: String, bools: [Bool]) {
        self.init(name: name, values: .bools(bools), origin: nil)
    }

    init(name: String, values: Values, origin: Origin?) {
        self.name = name
        self.values = values
        self.origin = origin
    }

    /// A column read from text cells: numbers when every cell parses as a number, else text.
    init(name: String, cells: [String], origin: Origin?) {
        var numbers: [Double] = []
        numbers.reserveCapacity(cells.count)
        for cell in cells {
            guard let number = parseNumber(cell) else {
                self.init(name: name, values: .text(cells), origin: origin)
                return
            }
            numbers.append(number)
        }
        self.init(name: name, values: .numbers(numbers), origin: origin)
    }

    /// The number of rows.
    public var count: Int {
        switch values {
        case .numbers(let numbers): return numbers.count
        case .text(let text): return text.count
        case .bools(let bools): return bools.count
        }
    }

    /// "numbers", "text" or "booleans": the kind of cell, as messages name it.
    public var kindName: String {
        switch values {
        case .numbers: return "numbers"
        case .text: return "text"
        case .bools: return "booleans"
        }
    }

    /// The cell in row `row` (0-based), or nil when there is no such row.
    public func value(at row: Int) -> DataValue? {
        guard row >= 0, row < count else { return nil }
        switch values {
        case .numbers(let numbers): return .number(numbers[row])
        case .text(let text): return .text(text[row])
        case .bools(let bools): return .bool(bools[row])
        }
    }

    /// The rows at `rows` (0-based, in that order); the caller guarantees they are in range.
    func selecting(_ rows: [Int]) -> Column {
        let picked: Values
        switch values {
        case .numbers(let numbers): picked = .numbers(rows.map { numbers[$0] })
        case .text(let text): picked = .text(rows.map { text[$0] })
        case .bools(let bools): picked = .bools(rows.map { bools[$0] })
        }
        return Column(name: name, values: picked, origin: origin?.selecting(rows))
    }

    /// The cells as numbers (booleans as 0 and 1), shape `[rows]`; text is an error.
    public func matrix() throws -> Matrix {
        Matrix(values: try numericValues(), shape: [count])
    }

    /// The cells as numbers, or an error naming the column and, when it looks like a typo in a
    /// column of numbers, the first cell that is not a number and its line in the file.
    func numericValues() throws -> [Double] {
        switch values {
        case .numbers(let numbers): return numbers
        case .bools(let bools): return bools.map { $0 ? 1 : 0 }
        case .text(let text): throw textError(text)
        }
    }

    private func textError(_ text: [String]) -> DataError {
        let numberCount = text.count(where: { parseNumber($0) != nil })
        guard numberCount > 0, let row = text.firstIndex(where: { parseNumber($0) == nil }) else {
            return DataError("column '\(name)' holds text, not numbers")
        }
        let cell = text[row]
        let what = cell.trimmingWhitespace().isEmpty ? "an empty cell" : "'\(cell)'"
        let message = "column '\(name)' has \(what) where a number was expected"
        guard let origin else { return DataError(message + " (row \(row + 1))") }
        return DataError(message, file: origin.file, line: origin.lines[row])
    }

    /// The name and the first few cells, as `print` shows a column.
    public var description: String {
        let shown = (0..<min(count, 10)).compactMap { value(at: $0)?.printed }
        let more = count > 10 ? ", … (\(count) rows)" : ""
        return "\(name): [\(shown.joined(separator: ", "))\(more)]"
    }
}

extension Column: Equatable {
    /// Columns are equal when their names and cells are; where they were read from does not count.
    public static func == (lhs: Column, rhs: Column) -> Bool {
        lhs.name == rhs.name && lhs.values == rhs.values
    }
}

extension DataValue {
    /// The value as `print` writes it: `5.1`, `Setosa`, `true`.
    public var printed: String {
        switch self {
        case .number(let number): return "\(number)"
        case .text(let text): return text
        case .bool(let bool): return "\(bool)"
        }
    }
}

/// A cell as a number, or nil when it is not one.
///
/// Decimal notation with an optional sign and exponent (`5.1`, `-3`, `1e-3`, `.5`), surrounding
/// spaces allowed, plus `nan`, `inf` and `infinity` in any case as pandas reads them. Swift's hex
/// floats (`0x1p3`) are text here: a data file that holds them almost surely means a label.
func parseNumber(_ cell: String) -> Double? {
    let trimmed = cell.trimmingWhitespace()
    guard !trimmed.isEmpty else { return nil }
    let lowered = trimmed.lowercased()
    let unsigned = lowered.first == "-" || lowered.first == "+" ? String(lowered.dropFirst()) : lowered
    if ["nan", "inf", "infinity"].contains(unsigned) {
        return Double(lowered)
    }
    let allowed: Set<Character> = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "e", "+", "-"]
    guard lowered.allSatisfy({ allowed.contains($0) }) else { return nil }
    return Double(lowered)
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
