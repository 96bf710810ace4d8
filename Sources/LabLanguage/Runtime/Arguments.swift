/// One argument of a call: its label (nil when unlabeled) and value.
public struct Argument {
    /// The label (`by` in `scale(x, by: 2)`), nil when unlabeled.
    public var label: String?
    public var value: Value

    public init(label: String? = nil, _ value: Value) {
        self.label = label
        self.value = value
    }
}

/// The arguments of a call, with helpers natives use to read them and to word errors.
///
/// Positional indices count unlabeled arguments only: in `f(a, by: b, c)`, `positional(1)` is `c`.
public struct Arguments {
    public var items: [Argument]
    /// The name the call was written with ("scale", "t.reshape"), for messages.
    public var callee: String

    public init(_ items: [Argument], callee: String = "function") {
        self.items = items
        self.callee = callee
    }

    /// Unlabeled arguments only.
    public init(_ values: [Value], callee: String = "function") {
        self.items = values.map { Argument($0) }
        self.callee = callee
    }

    /// The number of arguments, labeled or not.
    public var count: Int { items.count }
    public var isEmpty: Bool { items.isEmpty }
    public var values: [Value] { items.map(\.value) }
    public var labels: [String?] { items.map(\.label) }

    /// The i-th unlabeled argument, or nil.
    public func positional(_ index: Int) -> Value? {
        // By index, so only the matching argument's value is copied (built-ins read their
        // arguments on every call).
        var seen = 0
        for position in items.indices where items[position].label == nil {
            if seen == index { return items[position].value }
            seen += 1
        }
        return nil
    }

    /// The number of unlabeled arguments.
    public var positionalCount: Int { items.lazy.filter { $0.label == nil }.count }

    /// The argument with this label, or nil.
    public func labeled(_ label: String) -> Value? {
        for position in items.indices where items[position].label == label { return items[position].value }
        return nil
    }

    /// The i-th unlabeled argument; throws "missing argument" when there is none.
    public func value(_ index: Int) throws -> Value {
        guard let value = positional(index) else {
            throw NativeError("missing argument #\(index + 1) in call to \(callee)")
        }
        return value
    }

    // MARK: typed accessors

    /// The i-th unlabeled argument as a Double (an Int is promoted); throws a worded error otherwise.
    public func double(_ index: Int) throws -> Double { try Arguments.double(try value(index), "argument #\(index + 1)", callee) }
    /// The i-th unlabeled argument as an Int.
    public func int(_ index: Int) throws -> Int { try Arguments.int(try value(index), "argument #\(index + 1)", callee) }
    /// The i-th unlabeled argument as a Bool.
    public func bool(_ index: Int) throws -> Bool { try Arguments.bool(try value(index), "argument #\(index + 1)", callee) }
    /// The i-th unlabeled argument as a String.
    public func string(_ index: Int) throws -> String { try Arguments.string(try value(index), "argument #\(index + 1)", callee) }

    /// The labeled Double (an Int is promoted), or nil when the label is absent.
    public func double(_ label: String) throws -> Double? {
        try labeled(label).map { try Arguments.double($0, "'\(label):'", callee) }
    }
    /// The labeled Int, or nil when the label is absent.
    public func int(_ label: String) throws -> Int? {
        try labeled(label).map { try Arguments.int($0, "'\(label):'", callee) }
    }
    /// The labeled Bool, or nil when the label is absent.
    public func bool(_ label: String) throws -> Bool? {
        try labeled(label).map { try Arguments.bool($0, "'\(label):'", callee) }
    }
    /// The labeled String, or nil when the label is absent.
    public func string(_ label: String) throws -> String? {
        try labeled(label).map { try Arguments.string($0, "'\(label):'", callee) }
    }

    /// The i-th unlabeled argument as a native of type `T`.
    public func native<T: NativeObject>(_ index: Int, as type: T.Type, named typeName: String? = nil) throws -> T {
        let found = try value(index)
        if case .native(let object) = found, let typed = object as? T { return typed }
        throw NativeError("argument #\(index + 1) of \(callee) must be \(typeName ?? "\(T.self)"), found \(found.typeName)")
    }

    /// The labeled argument as a native of type `T`, or nil when the label is absent.
    public func native<T: NativeObject>(_ label: String, as type: T.Type, named typeName: String? = nil) throws -> T? {
        guard let found = labeled(label) else { return nil }
        if case .native(let object) = found, let typed = object as? T { return typed }
        throw NativeError("'\(label):' of \(callee) must be \(typeName ?? "\(T.self)"), found \(found.typeName)")
    }

    /// The i-th unlabeled argument as an array of Doubles (Ints promoted), as shapes and data are written.
    public func doubles(_ index: Int) throws -> [Double] {
        let found = try value(index)
        guard case .array(let items) = found else {
            throw NativeError("argument #\(index + 1) of \(callee) must be an array of numbers, found \(found.typeName)")
        }
        return try items.map { try Arguments.double($0, "an element of argument #\(index + 1)", callee) }
    }

    /// The i-th unlabeled argument as an array of Ints.
    public func ints(_ index: Int) throws -> [Int] {
        let found = try value(index)
        guard case .array(let items) = found else {
            throw NativeError("argument #\(index + 1) of \(callee) must be an array of Ints, found \(found.typeName)")
        }
        return try items.map { try Arguments.int($0, "an element of argument #\(index + 1)", callee) }
    }

    // `what` names the argument in the error only, so it is built only when there is one (the
    // labels are checked on every call of a built-in).
    static func double(_ value: Value, _ what: @autoclosure () -> String, _ callee: String) throws -> Double {
        switch value {
        case .double(let number): return number
        case .int(let number): return Double(number)
        default: throw NativeError("\(what()) of \(callee) must be Double, found \(value.typeName)")
        }
    }

    static func int(_ value: Value, _ what: @autoclosure () -> String, _ callee: String) throws -> Int {
        if case .int(let number) = value { return number }
        throw NativeError("\(what()) of \(callee) must be Int, found \(value.typeName)",
                          hint: value.asDouble != nil ? "convert with Int(x)" : nil)
    }

    static func bool(_ value: Value, _ what: @autoclosure () -> String, _ callee: String) throws -> Bool {
        if case .bool(let flag) = value { return flag }
        throw NativeError("\(what()) of \(callee) must be Bool, found \(value.typeName)")
    }

    static func string(_ value: Value, _ what: @autoclosure () -> String, _ callee: String) throws -> String {
        if case .string(let text) = value { return text }
        throw NativeError("\(what()) of \(callee) must be String, found \(value.typeName)")
    }
}
