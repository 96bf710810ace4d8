import Foundation

extension Frame {
    /// The last `n` rows (all of them when there are fewer).
    public func tail(_ n: Int = 5) throws -> Frame {
        guard n >= 0 else { throw DataError("tail: the number of rows must be 0 or more, got \(n)") }
        return selectingRows(Array(max(0, count - n)..<count))
    }

    /// A random split into `trainFraction` of the rows (rounded down, as `stratifiedSplit` per
    /// class) and the rest: one shuffle of the rows, the first part taken in the drawn order, the rest
    /// in file order.
    public func split<R: RandomNumberGenerator>(trainFraction: Double, using rng: inout R) throws -> (first: Frame, rest: Frame) {
        guard trainFraction.isFinite, trainFraction >= 0, trainFraction <= 1 else {
            throw DataError("split: trainFraction must be between 0 and 1, got \(trainFraction)")
        }
        let order = rng.permutation(of: count)
        let k = Int((trainFraction * Double(count)).rounded(.down))
        let first = Array(order.prefix(k))
        let taken = Set(first)
        return (selectingRows(first), selectingRows((0..<count).filter { !taken.contains($0) }))
    }

    /// pandas' `describe()` of the numeric columns: a `statistic` column (count, mean, std, min,
    /// 25%, 50%, 75%, max) and one column per numeric column. The standard deviation divides by
    /// n − 1 and the quartiles interpolate linearly, as pandas does.
    public func describe() throws -> Frame {
        let numeric = orderedColumns.compactMap { column -> (Column, [Double])? in
            guard case .numbers(let values) = column.values else { return nil }
            return (column, values)
        }
        guard !numeric.isEmpty else { throw DataError("describe: the frame has no numeric columns") }
        let names = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"]
        var columns = [Column(name: "statistic", text: names)]
        for (column, values) in numeric {
            let sorted = values.sorted()
            columns.append(Column(name: column.name, numbers: [
                Double(values.count), try column.statistic("mean"), try column.statistic("std"), sorted.first ?? .nan,
                quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75), sorted.last ?? .nan,
            ]))
        }
        return try Frame(columns)
    }

    /// The q-quantile of sorted values with linear interpolation between neighbours (pandas' default).
    private func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}
