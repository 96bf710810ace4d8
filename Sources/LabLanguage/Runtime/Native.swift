/// The boundary between the language and the built-ins it knows nothing about (tensors, frames, layers).
///
/// LabStdlib implements `NativeObject` for its types and registers functions with
/// `Interpreter.define(_:_:)`. Every requirement has a default that throws a "has no member" style
/// error, so a native type implements only what it supports.
public protocol NativeObject: AnyObject {
    /// The type's name as lab code spells it in annotations and messages: "Tensor", "Frame".
    var typeName: String { get }
    /// Whether a value of this type passes the annotation `name`: its own type name, or a kind it
    /// belongs to (`Linear` and `Sequential` are `Module`s). The default accepts `typeName` only.
    func isOfType(_ name: String) -> Bool
    /// The text `print` writes for this object.
    var printed: String { get }
    /// A property, or a method bound to this object (`t.item`, `t.backward`).
    func member(_ name: String) throws -> Value
    /// Assigns a settable property (`t.grad = nil`, `t.requiresGrad = true`).
    func setMember(_ name: String, to value: Value) throws
    /// Calls a method directly (`t.backward(retainGraph: true)`); the fast path for `a.m(...)`.
    func callMethod(_ name: String, _ arguments: Arguments) throws -> Value
    /// Calls the object itself (`model(X)`, `lossFn(z, y)`).
    func call(_ arguments: Arguments) throws -> Value
    /// Calls the object itself with two unlabeled arguments (`lossFn(z, y)`) without building
    /// `Arguments`; nil when the native has no such fast path, and `call(_:)` is used instead. Must
    /// behave as `call(_:)` would with the same two arguments.
    func call(_ first: Value, _ second: Value) throws -> Value?
    /// `self op other` when `selfOnLeft`, else `other op self`; nil when the operator does not apply.
    func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value?
    /// `-self`, `!self`; nil when the operator does not apply.
    func unary(_ op: UnaryOperator) throws -> Value?
    /// `self[args]`.
    func subscriptGet(_ arguments: [SubscriptArgument]) throws -> Value
    /// `self[args]` where every argument is known when the code is compiled (`X[:, 0]`); the same
    /// `ConstantSubscript` comes back on every evaluation, so a native can convert it once.
    func subscriptGet(constant: ConstantSubscript) throws -> Value
    /// `self[args] = value`.
    func subscriptSet(_ arguments: [SubscriptArgument], to value: Value) throws
    /// The largest absolute elementwise difference to `other` (a number or a native of the same kind),
    /// so `assertClose(a, b, tol:)` works on natives; nil when they cannot be compared.
    func maxAbsoluteDifference(to other: Value) throws -> Double?
    /// `self op= other` done in place. Returns false when it cannot be done in place, in which case
    /// the interpreter rebinds (`t = t op other`); throws when neither is allowed.
    func compoundAssignInPlace(_ op: BinaryOperator, _ other: Value) throws -> Bool
    /// `self op= factor * other` (`w -= lr * w.grad`) done in place without making `factor * other`.
    /// Returns false, having done nothing, unless the result is exactly what computing the product
    /// and then `compoundAssignInPlace` would give; the interpreter then does just that.
    func compoundAssignInPlace(_ op: BinaryOperator, _ other: Value, scaledBy factor: Double) throws -> Bool
    /// What `for item in self` visits, made when the loop starts (a data loader's batches); nil
    /// when the native cannot be iterated.
    func iterationElements() throws -> [Value]?
}

/// A failure inside a native; the interpreter attaches the location of the expression that called it.
public struct NativeError: Error, Sendable, Equatable {
    public var message: String
    /// Extra advice, such as the Swift spelling of a PyTorch habit.
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// The binary operators a native may implement.
public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

/// The prefix operators a native may implement.
public enum UnaryOperator: String, Sendable {
    case negate = "-", not = "!"
}

/// One argument of a subscript: a value, a bare `:` (a whole axis) or `...` (all remaining axes).
public enum SubscriptArgument {
    case value(Value)
    case all
    case ellipsis
    /// A labeled argument: `default: 0` in `counts[key, default: 0]`.
    case labeled(String, Value)
}

/// The arguments of one subscript in the code whose parts are all constants (`X[:, 0]`), made once
/// when the code is compiled, so a training loop does not rebuild (and a native does not reconvert)
/// them on every read.
public final class ConstantSubscript {
    /// The arguments, as `subscriptGet(_:)` would receive them.
    public let arguments: [SubscriptArgument]
    /// What a native last made of `arguments` (its own index form), kept for the next read. One
    /// subscript may be applied to values of several types, so a native checks that this is its own
    /// kind before using it and otherwise replaces it.
    ///
    /// Computed, because another module reaches a stored class property with a run-time
    /// exclusivity check on every access, and through an accessor it does not.
    public var prepared: AnyObject? {
        get { storedPrepared }
        set { storedPrepared = newValue }
    }
    @exclusivity(unchecked) private var storedPrepared: AnyObject?

    public init(_ arguments: [SubscriptArgument]) {
        self.arguments = arguments
    }
}

extension NativeObject {
    public func isOfType(_ name: String) -> Bool { name == typeName }
    public func member(_ name: String) throws -> Value {
        throw NativeError("value of type '\(typeName)' has no member '\(name)'")
    }
    public func setMember(_ name: String, to value: Value) throws {
        throw NativeError("cannot assign to property '\(name)' of '\(typeName)'")
    }
    public func callMethod(_ name: String, _ arguments: Arguments) throws -> Value {
        let bound = try member(name)
        guard case .function(let function) = bound else {
            throw NativeError("'\(name)' is a property of '\(typeName)', not a method")
        }
        return try function.invoke(arguments)
    }
    public func call(_ arguments: Arguments) throws -> Value {
        throw NativeError("value of type '\(typeName)' cannot be called")
    }
    public func call(_ first: Value, _ second: Value) throws -> Value? { nil }
    public func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? { nil }
    public func unary(_ op: UnaryOperator) throws -> Value? { nil }
    public func subscriptGet(_ arguments: [SubscriptArgument]) throws -> Value {
        throw NativeError("value of type '\(typeName)' cannot be subscripted")
    }
    public func subscriptGet(constant: ConstantSubscript) throws -> Value {
        try subscriptGet(constant.arguments)
    }
    public func subscriptSet(_ arguments: [SubscriptArgument], to value: Value) throws {
        throw NativeError("value of type '\(typeName)' does not support subscript assignment")
    }
    public func compoundAssignInPlace(_ op: BinaryOperator, _ other: Value) throws -> Bool { false }
    public func compoundAssignInPlace(_ op: BinaryOperator, _ other: Value, scaledBy factor: Double) throws -> Bool {
        false
    }
    public func maxAbsoluteDifference(to other: Value) throws -> Double? { nil }
    public func iterationElements() throws -> [Value]? { nil }
}
