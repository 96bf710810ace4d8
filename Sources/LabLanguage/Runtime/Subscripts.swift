/// Subscripts on arrays (an Int or a range, never negative, as in Swift) and on natives.
enum Subscripts {
    static func get(_ object: Value, _ index: SubscriptIndex, at location: SourceLocation) throws -> Value {
        switch object {
        case .native(let native):
            return try relocating(location) { try native.subscriptGet(index) }
        case .array(let items):
            switch try arrayIndex(index, count: items.count, at: location) {
            case .element(let position): return items[position]
            case .slice(let bounds): return .array(Array(items[bounds]))
            }
        case .dictionary(let d):
            let (key, fallback) = try dictionaryIndex(index, at: location)
            return d[key] ?? fallback ?? .nil
        case .string:
            throw LabError("a String cannot be subscripted with an Int", at: location,
                           hint: "convert it to an array first: Array(text)")
        default:
            throw LabError("value of type '\(object.typeName)' has no subscripts", at: location)
        }
    }

    /// The key of `d[key]` or `d[key, default: value]`, and the default when given.
    static func dictionaryIndex(_ index: SubscriptIndex, at location: SourceLocation) throws -> (DictionaryKey, Value?) {
        switch (index.count, index.first, index.last) {
        case (1, .value(let key)?, _):
            return (try dictionaryKey(key, at: location), nil)
        case (2, .value(let key)?, .labeled("default", let fallback)?):
            return (try dictionaryKey(key, at: location), fallback)
        default:
            throw LabError("a dictionary takes one key, as in counts[\"a\"] or counts[\"a\", default: 0]", at: location)
        }
    }

    /// A value as a dictionary key, or an error: only Ints, Doubles, Strings and Bools can be keys.
    static func dictionaryKey(_ value: Value, at location: SourceLocation) throws -> DictionaryKey {
        guard let key = DictionaryKey(value) else {
            throw LabError("a dictionary key must be an Int, Double, String or Bool, found a value of type '\(value.typeName)'",
                           at: location)
        }
        return key
    }

    /// `get` with arguments made once at compile time; natives may reuse their conversion of them.
    static func get(_ object: Value, constant: ConstantSubscript, at location: SourceLocation) throws -> Value {
        if case .native(let native) = object {
            return try relocating(location) { try native.subscriptGet(constant: constant) }
        }
        return try get(object, constant.arguments, at: location)
    }

    static func set(_ object: inout Value, _ index: SubscriptIndex, _ value: Value, at location: SourceLocation) throws {
        switch object {
        case .native(let native):
            try relocating(location) { try native.subscriptSet(index, to: value) }
        case .array(var items):
            guard case .element(let position) = try arrayIndex(index, count: items.count, at: location) else {
                throw LabError("assigning to a range of an array is not supported", at: location)
            }
            object = .nil  // keeps the array uniquely referenced so the element changes in place
            items[position] = value
            object = .array(items)
        case .dictionary(var d):
            let (key, _) = try dictionaryIndex(index, at: location)
            object = .nil  // as for arrays: the entries change in place
            if value.isNil { d.remove(key) } else { d.set(key, value) }
            object = .dictionary(d)
        default:
            throw LabError("value of type '\(object.typeName)' does not support subscript assignment", at: location)
        }
    }

    enum ArrayIndex {
        case element(Int)
        case slice(Range<Int>)
    }

    static func arrayIndex(_ index: SubscriptIndex, count: Int, at location: SourceLocation) throws -> ArrayIndex {
        guard index.count == 1, case .value(let value) = index[0] else {
            throw LabError("an array takes one index, as in xs[0] or xs[1..<3]", at: location)
        }
        switch value {
        case .int(let position):
            guard position >= 0 && position < count else {
                let error = BuiltinMethods.indexError(position, count)
                throw LabError(error.message, at: location, hint: error.hint)
            }
            return .element(position)
        case .range(let range):
            let lower = range.lower ?? 0
            var upper = range.upper ?? count
            if range.isClosed, range.upper != nil {
                let (next, overflow) = upper.addingReportingOverflow(1)
                upper = overflow ? Int.max : next
            }
            guard lower >= 0, upper <= count, lower <= upper else {
                throw LabError("range \(range.description) is out of bounds for an array of \(count) elements", at: location)
            }
            return .slice(lower..<upper)
        default:
            throw LabError("an array index must be Int or a range, found '\(value.typeName)'", at: location,
                           hint: value.asDouble != nil ? "convert with Int(x)" : nil)
        }
    }
}
