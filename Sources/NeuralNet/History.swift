import TensorCore

/// A training log: named columns of numbers, one row per `record`.
///
/// The first record fixes the columns and their order; every later record must name the same
/// columns (in any order).
public final class History {
    /// The column names, in the order of the first record.
    public private(set) var columns: [String] = []
    private var values: [[Double]] = []

    /// What the history is of, for a legend when several are drawn together ("" when unnamed).
    public var name: String

    /// An empty history.
    public init(name: String = "") { self.name = name }

    /// The number of rows.
    public var count: Int { values.first?.count ?? 0 }

    /// Appends a row; an error when a name is repeated or the names differ from the first row's.
    public func record(_ row: [(String, Double)]) throws {
        guard !row.isEmpty else { throw TensorError("record needs at least one named value, as record(epoch: 1, loss: 0.5)") }
        let names = row.map(\.0)
        if let duplicate = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) }) {
            throw TensorError("record: the column \"\(duplicate.element)\" is given twice")
        }
        if columns.isEmpty {
            columns = names
            values = Array(repeating: [], count: names.count)
        }
        guard Set(names) == Set(columns) else {
            throw TensorError(
                "record: this history has the columns \(list(columns)) but the row has \(list(names)); every row must name the same columns")
        }
        for (name, value) in row {
            if let index = columns.firstIndex(of: name) { values[index].append(value) }
        }
    }

    /// The values of one column, first row first; an error naming the columns when it is unknown.
    public func column(named name: String) throws -> [Double] {
        guard let index = columns.firstIndex(of: name) else {
            let known = columns.isEmpty ? "it has no columns yet" : "its columns are \(list(columns))"
            throw TensorError("this history has no column \"\(name)\"; \(known)")
        }
        return values[index]
    }

    /// The values of column `name`, or nil when there is no such column.
    public subscript(_ name: String) -> [Double]? {
        columns.firstIndex(of: name).map { values[$0] }
    }

    /// Row `index` in column order, or nil when out of range.
    public func row(_ index: Int) -> [Double]? {
        guard index >= 0, index < count else { return nil }
        return values.map { $0[index] }
    }

    /// The rows a compact table shows for at most `maxRows` rows; see `compactRowIndices(count:maxRows:)`.
    public func compactRowIndices(maxRows: Int = 12) -> [Int] {
        History.compactRowIndices(count: count, maxRows: maxRows)
    }

    /// The indices of the rows to show of `count` rows in at most `maxRows`: all of them when they
    /// fit, else the first three and the last two with every k-th row between (rows k−1, 2k−1, …,
    /// so that rows recorded every n epochs show round epochs), k the smallest of 1, 2, 5, 10, 20,
    /// 50, … that fits.
    public static func compactRowIndices(count: Int, maxRows: Int) -> [Int] {
        guard count > 0, maxRows > 0 else { return [] }
        if count <= maxRows { return Array(0..<count) }
        if maxRows < 3 { return maxRows == 1 ? [0] : [0, count - 1] }
        let head = Swift.min(3, (maxRows + 1) / 2), tail = Swift.min(2, maxRows - head)
        let middle = head..<(count - tail), budget = maxRows - head - tail
        var stride = 1
        for candidate in niceStrides(upTo: count) where middle.filter({ ($0 + 1) % candidate == 0 }).count <= budget {
            stride = candidate
            break
        }
        let between = middle.filter { ($0 + 1) % stride == 0 }
        let chosen = between.count <= budget ? between : []
        return Array(0..<head) + chosen + Array((count - tail)..<count)
    }

    /// 1, 2, 5, 10, 20, 50, … up to and including the first that is at least `limit`.
    private static func niceStrides(upTo limit: Int) -> [Int] {
        var strides: [Int] = [], scale = 1
        while strides.last.map({ $0 < limit }) ?? true {
            for factor in [1, 2, 5] {
                let (value, overflow) = factor.multipliedReportingOverflow(by: scale)
                if overflow { return strides }
                strides.append(value)
            }
            let (next, overflow) = scale.multipliedReportingOverflow(by: 10)
            if overflow { return strides }
            scale = next
        }
        return strides
    }
}

/// Names as a readable list: `epoch, loss`.
private func list(_ names: [String]) -> String { names.joined(separator: ", ") }
