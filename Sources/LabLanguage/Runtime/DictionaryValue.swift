/// A dictionary key: the values that can be hashed (Int, Double, String, Bool), as Swift's
/// `Hashable` standard types. An Int and a Double key are different keys.
public enum DictionaryKey: Hashable, Sendable {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)

    /// The key of `value`, or nil when such values cannot be keys.
    public init?(_ value: Value) {
        switch value {
        case .int(let n): self = .int(n)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .bool(let b): self = .bool(b)
        default: return nil
        }
    }

    public var value: Value {
        switch self {
        case .int(let n): return .int(n)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        }
    }
}

/// `[String: Int]` and friends: a value (copied on assignment, as in Swift) whose entries keep the
/// order they were first inserted in, so printing and iterating a dictionary is the same on every
/// run and every machine (Swift's own order is not, which would make reports differ).
public struct DictionaryValue {
    public private(set) var keys: [DictionaryKey] = []
    public private(set) var values: [Value] = []
    private var positions: [DictionaryKey: Int] = [:]

    public init() {}

    public var count: Int { keys.count }

    public subscript(key: DictionaryKey) -> Value? {
        positions[key].map { values[$0] }
    }

    /// Sets the value of `key`; a new key goes at the end, an existing one keeps its place.
    public mutating func set(_ key: DictionaryKey, _ value: Value) {
        if let at = positions[key] {
            values[at] = value
        } else {
            positions[key] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    /// Removes `key` and returns its value, or nil when it is not there; later entries move up.
    @discardableResult
    public mutating func remove(_ key: DictionaryKey) -> Value? {
        guard let at = positions.removeValue(forKey: key) else { return nil }
        keys.remove(at: at)
        let removed = values.remove(at: at)
        for k in at..<keys.count { positions[keys[k]] = k }
        return removed
    }

    /// The entries as `(key, value)` tuples, in order.
    public var entries: [Value] { zip(keys, values).map { .tuple([$0.value, $1]) } }
}
