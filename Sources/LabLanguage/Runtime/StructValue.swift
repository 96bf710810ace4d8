/// A `struct` type declared in lab code: its stored properties (in declaration order, the order of
/// the memberwise initialiser's parameters and of printing) and its methods.
///
/// Made when the declaration is compiled; its methods become function values when the declaration
/// runs (`bind`), since a function value pairs compiled code with the frame it was made in.
public final class StructType {
    /// The name lab code gives it: what annotations, messages and printing use.
    public let name: String
    let fields: [Field]
    private let fieldIndex: [String: Int]
    private(set) var methods: [String: Method] = [:]

    struct Field {
        var name: String
        var isLet: Bool
        var check: TypeCheck?
        /// A function of no arguments giving the default value (`var x = 0.0`); nil when the
        /// initialiser must be given the value.
        var defaultValue: Function?
    }

    struct Method {
        var definition: FunctionDefinition
        var function: Function
        var isMutating: Bool
        /// A computed property's getter: read as `p.area`, not called.
        var isProperty: Bool
    }

    init(name: String, fields: [Field]) {
        self.name = name
        self.fields = fields
        fieldIndex = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func index(of field: String) -> Int? { fieldIndex[field] }

    /// The methods as function values of the frame the declaration ran in.
    func bind(_ methods: [String: Method]) { self.methods = methods }

    func method(_ name: String) -> Method? { methods[name] }

    /// True when `name` is a mutating method, whose call writes the changed value back.
    func isMutating(_ name: String) -> Bool { methods[name]?.isMutating == true }

    /// Every member's name, for did-you-mean hints.
    var memberNames: [String] { fields.map(\.name) + methods.keys.sorted() }

    /// The memberwise initialiser: one labeled argument per stored property in order, where those
    /// with a default may be left out (a `let` with a default is not a parameter, as in Swift).
    func initialise(_ arguments: Arguments) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(fields.count)
        var next = 0
        for field in fields {
            let isParameter = !(field.isLet && field.defaultValue != nil)
            if isParameter, next < arguments.count, arguments.items[next].label == field.name {
                values.append(try checked(arguments.items[next].value, for: field))
                next += 1
            } else if let defaultValue = field.defaultValue {
                values.append(try checked(try defaultValue.invoke(Arguments([Value]())), for: field))
            } else {
                throw missingArgument(field, arguments, next)
            }
        }
        if next < arguments.count {
            let item = arguments.items[next]
            throw NativeError(
                item.label.map { "no argument label '\($0):' in call to \(signature)" } ?? "extra argument in call to \(signature)",
                hint: "call it as \(signature)")
        }
        return .structure(StructValue(type: self, fields: values))
    }

    /// `Point(x:y:)`: the memberwise initialiser as Swift spells it.
    var signature: String {
        name + "(" + fields.filter { !($0.isLet && $0.defaultValue != nil) }.map { $0.name + ":" }.joined() + ")"
    }

    private func missingArgument(_ field: Field, _ arguments: Arguments, _ next: Int) -> NativeError {
        if next < arguments.count {
            let given = arguments.items[next].label.map { "'\($0):'" } ?? "an unlabeled argument"
            return NativeError("expected argument '\(field.name):' in call to \(signature), found \(given)",
                               hint: "call it as \(signature)")
        }
        return NativeError("missing argument for parameter '\(field.name):' in call to \(signature)")
    }

    func checked(_ value: Value, for field: Field) throws -> Value {
        guard let check = field.check else { return value }
        if let converted = check.apply(value) { return converted }
        throw NativeError("property '\(field.name)' of \(name) must be \(check.syntax), found a value of type '\(value.typeName)'")
    }
}

/// A value of a lab-declared struct: its type and its stored properties. A value like an array:
/// copying it copies the properties (`var q = p; q.x = 1` leaves `p` alone).
public struct StructValue {
    public let type: StructType
    var fields: [Value]

    /// The stored properties in declaration order, with their names.
    public var properties: [(name: String, value: Value)] {
        zip(type.fields, fields).map { ($0.name, $1) }
    }

    /// `Point(x: 1.0, y: 2.0)`, as Swift prints a struct.
    func described(depth: Int) -> String {
        if depth >= Value.maxPrintedDepth { return type.name + "(…)" }
        let parts = zip(type.fields, fields).map { field, value in
            field.name + ": " + value.described(quoted: true, depth: depth + 1)
        }
        return type.name + "(" + parts.joined(separator: ", ") + ")"
    }
}

/// Member access, assignment and calls on struct values (`Members` dispatches here).
enum StructMembers {
    static func get(_ value: StructValue, _ name: String) throws -> Value {
        if let index = value.type.index(of: name) { return value.fields[index] }
        guard let method = value.type.method(name) else { throw noMember(value, name) }
        if method.isProperty { return try method.definition.call(Arguments([Value.structure(value)]), captured: method.function.captured) }
        if method.isMutating {
            throw NativeError("mutating method '\(name)' of \(value.type.name) must be called where it is named",
                              hint: "call it: .\(name)(…)")
        }
        // A method named without a call is bound to this value and, as in Swift, called without
        // argument labels (`let f = p.scaled; f(2)`).
        let selfValue = Value.structure(value)
        let labels = method.definition.parameters.dropFirst().map(\.label)
        return .function(Function(name: value.type.name + "." + name) { arguments in
            guard arguments.count == labels.count, arguments.labels.allSatisfy({ $0 == nil }) else {
                throw NativeError("\(method.definition.signature) named without a call takes \(labels.count) unlabeled argument\(labels.count == 1 ? "" : "s")")
            }
            let items = zip(labels, arguments.values).map { Argument(label: $0, $1) }
            return try method.definition.call(Arguments([Argument(selfValue)] + items, callee: name),
                                              captured: method.function.captured)
        })
    }

    static func set(_ object: inout Value, _ value: StructValue, _ name: String, to newValue: Value) throws {
        guard let index = value.type.index(of: name) else {
            if value.type.method(name)?.isProperty == true {
                throw NativeError("cannot assign to property '\(name)': it is a computed property without a setter")
            }
            throw noMember(value, name)
        }
        let field = value.type.fields[index]
        if field.isLet {
            throw NativeError("cannot assign to property: '\(name)' is a 'let' constant",
                              hint: "declare it with var in struct \(value.type.name) to change it")
        }
        let checked = try value.type.checked(newValue, for: field)
        var copy = value
        object = .nil  // the properties are then referenced once, and change in place
        copy.fields[index] = checked
        object = .structure(copy)
    }

    /// Calls a method; a mutating one changes `object`. A stored property holding a function is
    /// called too (`p.transform(x)`).
    static func call(_ object: inout Value, _ value: StructValue, _ name: String, _ arguments: Arguments) throws -> Value {
        guard let method = value.type.method(name), !method.isProperty else {
            if let index = value.type.index(of: name), case .function(let function) = value.fields[index] {
                return try function.invoke(arguments)
            }
            if value.type.method(name)?.isProperty == true {
                throw NativeError("'\(name)' is a property, not a method", hint: "write it without ()")
            }
            throw noMember(value, name)
        }
        let withSelf = Arguments([Argument(object)] + arguments.items, callee: name)
        if method.isMutating {
            let (result, changed) = try method.definition.callMutating(withSelf, captured: method.function.captured)
            object = changed
            return result
        }
        return try method.definition.call(withSelf, captured: method.function.captured)
    }

    private static func noMember(_ value: StructValue, _ name: String) -> NativeError {
        NativeError("value of type '\(value.type.name)' has no member '\(name)'",
                    hint: Suggestions.closest(to: name, among: value.type.memberNames).map { "did you mean '\($0)'?" })
    }
}
