// Random row orders. Every draw goes through the caller's generator and the algorithms below, never
// through the standard library's `shuffled(using:)` (whose algorithm is not promised to stay the same),
// so a seeded generator gives the same rows on every platform and Swift version.

extension RandomNumberGenerator {
    /// A uniform integer in `0..<n` (0 when n ≤ 1, drawing nothing).
    ///
    /// Rejection sampling: draw 64 bits, reject the `2^64 mod n` smallest values so that the rest
    /// cover each residue equally often, and return the draw modulo n. One draw almost always suffices.
    public mutating func uniformIndex(below n: Int) -> Int {
        guard n > 1 else { return 0 }
        let bound = UInt64(n)
        let rejected = (0 &- bound) % bound
        while true {
            let draw = next()
            if draw >= rejected { return Int(draw % bound) }
        }
    }

    /// `0..<n` in a random order: Fisher–Yates from the end (for i from n−1 down to 1, swap i with a
    /// uniform index in 0...i), the loop Python's `random.shuffle` runs.
    public mutating func permutation(of n: Int) -> [Int] {
        var order = Array(0..<max(n, 0))
        shuffle(&order)
        return order
    }

    /// Shuffles `items` in place by Fisher–Yates from the end (see `permutation(of:)`).
    public mutating func shuffle<T>(_ items: inout [T]) {
        var i = items.count - 1
        while i > 0 {
            items.swapAt(i, uniformIndex(below: i + 1))
            i -= 1
        }
    }
}

extension Frame {
    /// The rows in a random order: `rng.permutation(of: count)`, so one draw per row but the first.
    public func shuffled<R: RandomNumberGenerator>(using rng: inout R) -> Frame {
        selectingRows(rng.permutation(of: count))
    }

    /// Splits the rows in two, class by class: per distinct value of column `by`, exactly
    /// floor(trainFraction × class size) rows, drawn at random, go to `first`; the others to `rest`.
    ///
    /// The floor is taken of the same Double product as Python's `int(0.9 * len(x))`, so the counts
    /// match the lecture's pandas code. The draw: classes in order of first appearance; for each,
    /// its row positions in file order are shuffled by `rng.shuffle` and the first k are taken.
    /// `first` lists its rows class by class in that drawn order (the layout of pandas'
    /// `groupby(...).sample(...)`, with first appearance instead of sorted keys, which agree on Iris);
    /// `rest` keeps the original row order, as `frame.drop(first.index)` does.
    public func stratifiedSplit<R: RandomNumberGenerator>(
        by column: String, trainFraction: Double, using rng: inout R
    ) throws -> (first: Frame, rest: Frame) {
        guard trainFraction.isFinite, trainFraction >= 0, trainFraction <= 1 else {
            throw DataError("stratifiedSplit: trainFraction must be between 0 and 1, got \(trainFraction)")
        }
        let classes = groupRows(by: try self[column])
        var first: [Int] = []
        var taken = Array(repeating: false, count: count)
        for var rows in classes {
            let k = Int((trainFraction * Double(rows.count)).rounded(.down))
            rng.shuffle(&rows)
            for row in rows.prefix(k) {
                first.append(row)
                taken[row] = true
            }
        }
        let rest = (0..<count).filter { !taken[$0] }
        return (selectingRows(first), selectingRows(rest))
    }

    /// Row positions grouped by the column's value, groups in order of first appearance.
    private func groupRows(by column: Column) -> [[Int]] {
        var groupOfKey: [ClassKey: Int] = [:]
        var groups: [[Int]] = []
        for row in 0..<count {
            guard let value = column.value(at: row) else { continue }
            let key = ClassKey(value)
            if let group = groupOfKey[key] {
                groups[group].append(row)
            } else {
                groupOfKey[key] = groups.count
                groups.append([row])
            }
        }
        return groups
    }
}

/// A class label as a dictionary key: numbers by bit pattern, so every `nan` is one class and
/// `-0.0` joins `0.0`.
private enum ClassKey: Hashable {
    case number(UInt64)
    case text(String)
    case bool(Bool)

    init(_ value: DataValue) {
        switch value {
        case .number(let number): self = .number(number == 0 ? 0 : (number.isNaN ? Double.nan : number).bitPattern)
        case .text(let text): self = .text(text)
        case .bool(let bool): self = .bool(bool)
        }
    }
}
