/// A compiled type annotation, checked when the statement runs.
///
/// An Int converts to Double where a Double is expected, as an integer literal would in Swift.
final class TypeCheck {
    let syntax: TypeSyntax
    /// The common annotations, decided once so a call does not compare type names.
    let simple: Simple

    enum Simple {
        case int, double, other
    }

    init(syntax: TypeSyntax) {
        self.syntax = syntax
        switch syntax {
        case .named("Int"): simple = .int
        case .named("Double"): simple = .double
        default: simple = .other
        }
    }

    /// The value, converted where allowed, or nil when it does not have the type.
    @inline(__always)
    func apply(_ value: Value) -> Value? {
        switch simple {
        case .int:
            if case .int = value { return value }
            return nil
        case .double:
            if case .double = value { return value }
            if case .int(let number) = value { return .double(Double(number)) }
            return nil
        case .other:
            return TypeCheck.convert(value, to: syntax)
        }
    }

    /// Converts the value in place where allowed; false when it does not have the type (it is then
    /// left as it was).
    @inline(__always)
    func convert(_ value: inout Value) -> Bool {
        switch simple {
        case .int:
            if case .int = value { return true }
            return false
        case .double:
            if case .double = value { return true }
            if case .int(let number) = value {
                value = .double(Double(number))
                return true
            }
            return false
        case .other:
            guard let converted = TypeCheck.convert(value, to: syntax) else { return false }
            value = converted
            return true
        }
    }

    /// Applies the check or throws "cannot use a value of type 'String' as Int (what)".
    func check(_ value: Value, _ what: String, at location: SourceLocation) throws -> Value {
        if let converted = apply(value) { return converted }
        var hint: String?
        if case .named(let name) = syntax, !TypeCheck.knownNames.contains(name),
           let close = Suggestions.closest(to: name, among: Array(TypeCheck.knownNames)) {
            hint = "did you mean '\(close)'?"
        } else if case .named("Int") = syntax, value.asDouble != nil {
            hint = "convert with Int(x), which truncates"
        }
        throw LabError("\(what) must be \(syntax), found a value of type '\(value.typeName)'", at: location, hint: hint)
    }

    static let knownNames: Set<String> = ["Int", "Double", "Bool", "String", "Any", "Void"]

    static func convert(_ value: Value, to type: TypeSyntax) -> Value? {
        switch type {
        case .named(let name): return convert(value, toNamed: name)
        case .optional(let wrapped): return value.isNil ? value : convert(value, to: wrapped)
        case .array(let element):
            guard case .array(let items) = value else { return nil }
            var converted: [Value] = []
            converted.reserveCapacity(items.count)
            for item in items {
                guard let done = convert(item, to: element) else { return nil }
                converted.append(done)
            }
            return .array(converted)
        case .dictionary(let keyType, let valueType):
            guard case .dictionary(let d) = value else { return nil }
            var converted = DictionaryValue()
            for (key, item) in zip(d.keys, d.values) {
                guard let newKey = convert(key.value, to: keyType).flatMap(DictionaryKey.init),
                      let newValue = convert(item, to: valueType) else { return nil }
                converted.set(newKey, newValue)
            }
            return .dictionary(converted)
        case .tuple(let types):
            guard case .tuple(let items) = value, items.count == types.count else { return nil }
            var converted: [Value] = []
            for (item, itemType) in zip(items, types) {
                guard let done = convert(item, to: itemType) else { return nil }
                converted.append(done)
            }
            return .tuple(converted)
        case .function:
            if case .function = value { return value }
            if case .native = value { return value }
            return nil
        }
    }

    private static func convert(_ value: Value, toNamed name: String) -> Value? {
        switch (name, value) {
        case ("Any", _): return value
        case ("Int", .int), ("Double", .double), ("Bool", .bool), ("String", .string), ("Void", .void): return value
        case ("Double", .int(let number)), ("Float", .int(let number)): return .double(Double(number))
        case ("Float", .double): return value
        case (_, .native(let object)): return object.isOfType(name) ? value : nil
        case (_, .structure(let structure)): return structure.type.name == name ? value : nil
        default: return nil
        }
    }
}
