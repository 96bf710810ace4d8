import Foundation

extension Column {
    /// The distinct values in the order they first appear (so a lab's classes keep the file's order).
    public func uniqueValues() -> [DataValue] {
        var seen = Set<DataValue>()
        var out: [DataValue] = []
        for row in 0..<count {
            guard let value = value(at: row), seen.insert(value).inserted else { continue }
            out.append(value)
        }
        return out
    }

    /// Each row's position among `uniqueValues()`: class indices for a label column.
    public func codes() -> [Int] {
        var index: [DataValue: Int] = [:]
        return (0..<count).map { row in
            let value = self.value(at: row)!
            if let known = index[value] { return known }
            index[value] = index.count
            return index.count - 1
        }
    }

    /// A statistic of a numeric column: `mean`, `std` (divided by n − 1, as pandas), `min`, `max`.
    public func statistic(_ name: String) throws -> Double {
        guard case .numbers(let numbers) = values else {
            throw DataError("column '\(self.name)' holds \(kindName), so it has no \(name); only numeric columns do")
        }
        guard !numbers.isEmpty else { return .nan }
        let n = Double(numbers.count)
        let mean = numbers.reduce(0, +) / n
        switch name {
        case "mean": return mean
        case "std":
            guard numbers.count > 1 else { return .nan }
            return (numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        case "min": return numbers.min()!
        default: return numbers.max()!
        }
    }
}
