/// A comparison of each cell of a column with one value.
public enum Comparison: String, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="

    var isEquality: Bool { self == .equal || self == .notEqual }

    func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        case .greaterEqual: return a >= b
        }
    }
}

extension Column {
    /// A boolean column: `cell op value` for each row, keeping this column's name (as pandas does).
    ///
    /// Numbers compare with a number by any operator; text with a string and booleans with a boolean
    /// by `==` and `!=` only. Numbers follow IEEE rules (`nan` equals nothing). Any other pairing is
    /// an error that says what the column holds.
    public func compared(_ op: Comparison, with value: DataValue) throws -> Column {
        let result: [Bool]
        switch (values, value) {
        case (.numbers(let numbers), .number(let number)):
            result = numbers.map { op.holds($0, number) }
        case (.text(let text), .text(let string)) where op.isEquality:
            result = text.map { op.holds($0, string) }
        case (.bools(let bools), .bool(let bool)) where op.isEquality:
            result = bools.map { op == .equal ? $0 == bool : $0 != bool }
        default:
            throw comparisonError(op, value)
        }
        return Column(name: name, values: .bools(result), origin: origin)
    }

    private func comparisonError(_ op: Comparison, _ value: DataValue) -> DataError {
        let shown: String
        switch value {
        case .number(let number): shown = "the number \(number)"
        case .text(let text): shown = "the string \"\(text)\""
        case .bool(let bool): shown = "\(bool)"
        }
        if !op.isEquality, case .numbers = values {
            return DataError("'\(op.rawValue)' compares numbers: compare column '\(name)' with a number, not \(shown)")
        }
        if !op.isEquality {
            return DataError("'\(op.rawValue)' needs a column of numbers; column '\(name)' holds \(kindName)")
        }
        let wanted: String
        switch values {
        case .numbers: wanted = "a number"
        case .text: wanted = "a string such as \"\(sampleText ?? "text")\""
        case .bools: wanted = "true or false"
        }
        return DataError("column '\(name)' holds \(kindName): compare it with \(wanted), not \(shown)")
    }

    private var sampleText: String? {
        if case .text(let text) = values { return text.first }
        return nil
    }

    /// Rows equal to `value`.
    public static func == (column: Column, value: String) throws -> Column {
        try column.compared(.equal, with: .text(value))
    }

    /// Rows not equal to `value`.
    public static func != (column: Column, value: String) throws -> Column {
        try column.compared(.notEqual, with: .text(value))
    }

    /// Rows equal to `value`.
    public static func == (column: Column, value: Double) throws -> Column {
        try column.compared(.equal, with: .number(value))
    }

    /// Rows not equal to `value`.
    public static func != (column: Column, value: Double) throws -> Column {
        try column.compared(.notEqual, with: .number(value))
    }

    /// Rows less than `value`.
    public static func < (column: Column, value: Double) throws -> Column {
        try column.compared(.less, with: .number(value))
    }

    /// Rows less than or equal to `value`.
    public static func <= (column: Column, value: Double) throws -> Column {
        try column.compared(.lessEqual, with: .number(value))
    }

    /// Rows greater than `value`.
    public static func > (column: Column, value: Double) throws -> Column {
        try column.compared(.greater, with: .number(value))
    }

    /// Rows greater than or equal to `value`.
    public static func >= (column: Column, value: Double) throws -> Column {
        try column.compared(.greaterEqual, with: .number(value))
    }
}
