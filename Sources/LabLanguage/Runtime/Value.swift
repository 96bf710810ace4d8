/// A value of the lab language.
///
/// Arrays, tuples and strings are values (copying a `Value` copies them, as in Swift); functions and
/// natives are shared references.
public enum Value {
    /// The result of a call that returns nothing; never shown as a cell's value.
    case void
    case `nil`
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case array([Value])
    case tuple([Value])
    /// `["a": 1]`: entries in insertion order (see `DictionaryValue`).
    case dictionary(DictionaryValue)
    /// `a...b`, `a..<b` and the partial ranges `a...`, `...b`, `..<b` (natives get these in subscripts).
    case range(RangeValue)
    case function(Function)
    case native(NativeObject)
    /// A value of a `struct` declared in lab code.
    case structure(StructValue)
}

/// An integer range as lab code writes it.
///
/// `1...5` is `RangeValue(lower: 1, upper: 5, isClosed: true)`; `0..<n` has `isClosed == false`;
/// a partial range (`2...`, `..<3`, `...3`, only in subscripts) has a nil bound.
public struct RangeValue: Equatable, Sendable {
    public var lower: Int?
    public var upper: Int?
    /// True for `...` (the upper bound is included), false for `..<`.
    public var isClosed: Bool

    public init(lower: Int?, upper: Int?, isClosed: Bool) {
        self.lower = lower
        self.upper = upper
        self.isClosed = isClosed
    }

    /// The number of integers in a bounded range; nil for a partial range or an overflowing one.
    public var count: Int? {
        guard let lower, let upper else { return nil }
        var end = upper
        if isClosed {
            let (next, overflow) = upper.addingReportingOverflow(1)
            if overflow { return nil }
            end = next
        }
        let span = end.subtractingReportingOverflow(lower)
        if span.overflow { return nil }
        return max(0, span.partialValue)
    }

    /// The range as lab code writes it: `0..<3`, `1...`.
    public var description: String {
        let low = lower.map(String.init) ?? ""
        let high = upper.map(String.init) ?? ""
        return low + (isClosed ? "..." : "..<") + high
    }
}

extension Value {
    /// The type's name as messages and annotations spell it: "Int", "[Double]", "Tensor".
    public var typeName: String {
        switch self {
        case .void: return "Void"
        case .nil: return "nil"
        case .int: return "Int"
        case .double: return "Double"
        case .bool: return "Bool"
        case .string: return "String"
        case .array(let items): return "[\(items.first?.typeName ?? "Any")]"
        case .dictionary(let d):
            return "[\(d.keys.first?.value.typeName ?? "Any"): \(d.values.first?.typeName ?? "Any")]"
        case .tuple(let items): return "(" + items.map(\.typeName).joined(separator: ", ") + ")"
        case .range(let range): return range.isClosed ? "ClosedRange<Int>" : "Range<Int>"
        case .function: return "Function"
        case .native(let object): return object.typeName
        case .structure(let value): return value.type.name
        }
    }

    /// The text `print` writes for this value, as Swift's `print` would.
    public var printed: String {
        switch self {
        case .string(let text): return text
        default: return described(quoted: false)
        }
    }

    /// How deeply nested arrays and tuples print; deeper ones print as `[…]` and `(…)`. Each level
    /// copies the text of the levels inside it, and a lab can nest a million levels in a loop.
    static let maxPrintedDepth = 1000

    /// Strings inside arrays and tuples are quoted, as Swift prints them.
    func described(quoted: Bool, depth: Int = 0) -> String {
        switch self {
        case .void: return "()"
        case .nil: return "nil"
        case .int(let number): return String(number)
        // Swift writes a NaN with its sign bit set as "-nan" (0.0 / 0.0 is one); tensors and
        // PyTorch write nan whatever the bit.
        case .double(let number): return number.isNaN ? "nan" : "\(number)"
        case .bool(let flag): return flag ? "true" : "false"
        case .string(let text): return quoted ? "\"\(text)\"" : text
        case .array(let items):
            if depth >= Value.maxPrintedDepth { return "[…]" }
            return "[" + items.map { $0.described(quoted: true, depth: depth + 1) }.joined(separator: ", ") + "]"
        case .dictionary(let d):
            if d.count == 0 { return "[:]" }
            if depth >= Value.maxPrintedDepth { return "[…]" }
            return "[" + zip(d.keys, d.values).map { key, value in
                key.value.described(quoted: true, depth: depth + 1) + ": " + value.described(quoted: true, depth: depth + 1)
            }.joined(separator: ", ") + "]"
        case .tuple(let items):
            if depth >= Value.maxPrintedDepth { return "(…)" }
            return "(" + items.map { $0.described(quoted: true, depth: depth + 1) }.joined(separator: ", ") + ")"
        case .range(let range): return range.description
        case .function(let function): return "(function \(function.name))"
        case .native(let object): return object.printed
        case .structure(let value): return value.described(depth: depth)
        }
    }

    /// True when the value is `nil`.
    public var isNil: Bool {
        if case .nil = self { return true }
        return false
    }

    /// `nil`, or a native that stands for nothing (a tensor's missing gradient, whose type is
    /// named "nil"): what `??` and `if let` skip.
    public var isNilLike: Bool {
        switch self {
        case .nil: return true
        case .native(let object): return object.typeName == "nil"
        default: return false
        }
    }

    /// The number as a Double when the value is an Int or a Double.
    public var asDouble: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }
}

extension Value: CustomStringConvertible {
    public var description: String { printed }
}

/// Structural equality of plain values (natives compare by identity); `==` in lab code asks natives first.
func valuesEqual(_ lhs: Value, _ rhs: Value) -> Bool {
    switch (lhs, rhs) {
    case (.array, .array), (.tuple, .tuple), (.dictionary, .dictionary), (.structure, .structure):
        return containersEqual(lhs, rhs)
    default: return scalarsEqual(lhs, rhs)
    }
}

/// Arrays, tuples, dictionaries and structs compared with a work list rather than recursion, so
/// values nested a million levels deep compare without exhausting the stack.
private func containersEqual(_ lhs: Value, _ rhs: Value) -> Bool {
    var pending: [(Value, Value)] = [(lhs, rhs)]
    while let (a, b) = pending.popLast() {
        switch (a, b) {
        case (.array(let x), .array(let y)), (.tuple(let x), .tuple(let y)):
            guard x.count == y.count else { return false }
            pending.append(contentsOf: zip(x, y).reversed())
        case (.structure(let x), .structure(let y)):
            // As Swift's synthesised Equatable: the same type, and every stored property equal.
            guard x.type === y.type else { return false }
            pending.append(contentsOf: zip(x.fields, y.fields).reversed())
        case (.dictionary(let x), .dictionary(let y)):
            // Equal as Swift's: the same keys with equal values, in any order.
            guard x.count == y.count else { return false }
            for (key, value) in zip(x.keys, x.values) {
                guard let other = y[key] else { return false }
                pending.append((value, other))
            }
        default:
            guard scalarsEqual(a, b) else { return false }
        }
    }
    return true
}

/// Equality of values that are not both arrays or both tuples.
private func scalarsEqual(_ lhs: Value, _ rhs: Value) -> Bool {
    switch (lhs, rhs) {
    case (.void, .void), (.nil, .nil): return true
    case (.int(let a), .int(let b)): return a == b
    case (.double(let a), .double(let b)): return a == b
    case (.int(let a), .double(let b)): return Double(a) == b
    case (.double(let a), .int(let b)): return a == Double(b)
    case (.bool(let a), .bool(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.range(let a), .range(let b)): return a == b
    case (.function(let a), .function(let b)): return a === b
    case (.native(let a), .native(let b)): return a === b
    default: return false
    }
}
