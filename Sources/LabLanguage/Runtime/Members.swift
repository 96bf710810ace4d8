/// Properties and methods of values: natives answer for themselves; arrays, strings, tuples and
/// ranges have the built-in members below.
enum Members {
    static let mutatingMethods: Set<String> = [
        "append", "removeLast", "removeFirst", "removeAll", "insert", "remove", "sort", "reverse", "popLast",
        "removeValue",
    ]

    static func get(_ value: Value, _ name: String, receiver: String, at location: SourceLocation) throws -> Value {
        switch value {
        case .native(let object):
            return try native(name, at: location) { try object.member(name) }
        case .structure(let value):
            return try relocating(location) { try StructMembers.get(value, name) }
        case .tuple(let items):
            if let index = Int(name) {
                guard index < items.count else {
                    throw LabError("tuple of \(items.count) elements has no member '.\(index)'", at: location)
                }
                return items[index]
            }
        case .array(let items):
            switch name {
            case "count": return .int(items.count)
            case "isEmpty": return .bool(items.isEmpty)
            case "first": return items.first ?? .nil
            case "last": return items.last ?? .nil
            default: break
            }
        case .dictionary(let d):
            switch name {
            case "count": return .int(d.count)
            case "isEmpty": return .bool(d.count == 0)
            case "keys": return .array(d.keys.map(\.value))
            case "values": return .array(d.values)
            default: break
            }
        case .string(let text):
            switch name {
            case "count": return .int(text.count)
            case "isEmpty": return .bool(text.isEmpty)
            default: break
            }
        case .range(let range):
            switch name {
            case "count":
                if let count = range.count { return .int(count) }
                if range.lower != nil && range.upper != nil {
                    throw LabError("the range has more elements than an Int can count", at: location)
                }
                return .nil
            case "lowerBound": return range.lower.map(Value.int) ?? .nil
            case "upperBound": return range.upper.map(Value.int) ?? .nil
            default: break
            }
        case .double(let number):
            switch name {
            case "isNaN": return .bool(number.isNaN)
            case "isFinite": return .bool(number.isFinite)
            default: break
            }
        case .function(let function) where function.isNative && StaticMembers.types.contains(function.name):
            if let value = StaticMembers.value(of: function.name, name) { return value }
            throw LabError(
                "type '\(function.name)' has no member '\(name)'", at: location,
                hint: Suggestions.closest(to: name, among: StaticMembers.names(of: function.name)).map { "did you mean '\($0)'?" })
        case .nil:
            throw LabError("value is nil, so it has no member '\(name)'", at: location,
                           hint: "check '\(receiver)' for nil first: if \(receiver) != nil { ... }")
        default:
            break
        }
        throw noMember(value, name, at: location, isCall: false)
    }

    static func noMember(_ value: Value, _ name: String, at location: SourceLocation, isCall: Bool) -> LabError {
        var hint = Suggestions.camelCase(name).map { "use \($0)" }
        if hint == nil, isCall, ["count", "isEmpty", "first", "last"].contains(name) {
            hint = "'\(name)' is a property; write it without ()"
        } else if hint == nil, !isCall, ["map", "enumerated", "append", "filter", "reduce", "sorted"].contains(name) {
            hint = "'\(name)' is a method; call it"
        }
        return LabError("value of type '\(value.typeName)' has no member '\(name)'", at: location, hint: hint)
    }

    /// Runs a native member access, adding the camelCase hint for a snake_case name.
    static func native<T>(_ name: String, at location: SourceLocation, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as NativeError {
            if error.hint == nil, let camel = Suggestions.camelCase(name) { error.hint = "use \(camel)" }
            throw LabError(error.message, at: location, hint: error.hint)
        }
    }

    static func set(_ object: inout Value, _ name: String, _ value: Value, at location: SourceLocation) throws {
        switch object {
        case .native(let native):
            try Members.native(name, at: location) { try native.setMember(name, to: value) }
        case .structure(let structure):
            try relocating(location) { try StructMembers.set(&object, structure, name, to: value) }
        case .tuple(var items) where Int(name).map({ $0 < items.count }) == true:
            object = .nil
            items[Int(name) ?? 0] = value
            object = .tuple(items)
        default:
            throw LabError("cannot assign to property '\(name)' of a value of type '\(object.typeName)'", at: location)
        }
    }

    /// A method call `receiver.name(arguments)`; `object` is inout so mutating array methods work in place.
    static func call(_ object: inout Value, _ name: String, _ arguments: Arguments, receiver: String,
                     at location: SourceLocation) throws -> Value {
        if case .native(let native) = object {
            do {
                return try relocating(location) { try native.callMethod(name, arguments) }
            } catch var error as LabError {
                if error.hint == nil, let camel = Suggestions.camelCase(name) { error.hint = "use \(camel)()" }
                if error.location == location, isPropertyCall(native, name) {
                    error.message = "'\(name)' is a property, not a method"
                    error.hint = "write \(receiver).\(name)"
                }
                throw error
            }
        }
        if case .structure(let structure) = object {
            return try relocating(location) { try StructMembers.call(&object, structure, name, arguments) }
        }
        return try relocating(location) {
            if let result = try BuiltinMethods.call(&object, name, arguments) { return result }
            throw noMember(object, name, at: location, isCall: true)
        }
    }

    /// True when the native has a non-function member of that name (`loss.item()`).
    private static func isPropertyCall(_ native: NativeObject, _ name: String) -> Bool {
        guard let member = try? native.member(name) else { return false }
        if case .function = member { return false }
        return true
    }
}
