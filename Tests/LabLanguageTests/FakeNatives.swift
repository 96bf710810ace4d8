import LabLanguage

/// A tiny stand-in for a tensor: a shared vector of Doubles that exercises every part of the native protocol.
final class FakeVector: NativeObject {
    var elements: [Double]
    var requiresGrad = false
    let mode: GradMode

    init(_ elements: [Double], mode: GradMode) {
        self.elements = elements
        self.mode = mode
    }

    var typeName: String { "Vec" }
    var printed: String { "vec(" + elements.map { "\($0)" }.joined(separator: ", ") + ")" }

    func member(_ name: String) throws -> Value {
        switch name {
        case "count": return .int(elements.count)
        case "item":
            guard elements.count == 1 else { throw NativeError("item needs a one-element Vec") }
            return .double(elements[0])
        case "requiresGrad": return .bool(requiresGrad)
        case "sum": return .function(Function(name: "sum") { _ in .double(self.elements.reduce(0, +)) })
        case "scaled":
            return .function(Function(name: "scaled") { arguments in
                try arguments.expect("scaled(by:)")
                guard let factor = try arguments.double("by") else { throw NativeError("missing argument 'by:'") }
                return .native(FakeVector(self.elements.map { $0 * factor }, mode: self.mode))
            })
        default: throw NativeError("value of type 'Vec' has no member '\(name)'")
        }
    }

    func setMember(_ name: String, to value: Value) throws {
        guard name == "requiresGrad", case .bool(let flag) = value else {
            throw NativeError("cannot assign to property '\(name)' of 'Vec'")
        }
        requiresGrad = flag
    }

    func call(_ arguments: Arguments) throws -> Value {
        let factor = try arguments.double(0)
        return .native(FakeVector(elements.map { $0 * factor }, mode: mode))
    }

    /// The two-argument fast path for numbers only; anything else falls back to `call(_:)`.
    func call(_ first: Value, _ second: Value) throws -> Value? {
        guard let factor = first.asDouble, second.asDouble != nil else { return nil }
        return .native(FakeVector(elements.map { $0 * factor }, mode: mode))
    }

    func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        let others: [Double]
        switch other {
        case .native(let object as FakeVector):
            guard object.elements.count == elements.count else {
                throw NativeError("cannot combine Vecs of \(elements.count) and \(object.elements.count) elements")
            }
            others = object.elements
        case .int, .double: others = Array(repeating: other.asDouble ?? 0, count: elements.count)
        default: return nil
        }
        let pairs = zip(elements, others).map { selfOnLeft ? ($0, $1) : ($1, $0) }
        switch op {
        case .add: return .native(FakeVector(pairs.map { $0 + $1 }, mode: mode))
        case .subtract: return .native(FakeVector(pairs.map { $0 - $1 }, mode: mode))
        case .multiply: return .native(FakeVector(pairs.map { $0 * $1 }, mode: mode))
        case .divide: return .native(FakeVector(pairs.map { $0 / $1 }, mode: mode))
        case .less: return .native(FakeVector(pairs.map { $0 < $1 ? 1 : 0 }, mode: mode))
        default: return nil
        }
    }

    func unary(_ op: UnaryOperator) throws -> Value? {
        op == .negate ? .native(FakeVector(elements.map { -$0 }, mode: mode)) : nil
    }

    func subscriptGet(_ arguments: [SubscriptArgument]) throws -> Value {
        .string("Vec[" + arguments.map(FakeVector.describe).joined(separator: ", ") + "]")
    }

    func subscriptSet(_ arguments: [SubscriptArgument], to value: Value) throws {
        guard case .value(.int(let index)) = arguments.first, index >= 0, index < elements.count,
              let number = value.asDouble else {
            throw NativeError("Vec subscript assignment takes one index in range and a number")
        }
        elements[index] = number
    }

    func compoundAssignInPlace(_ op: BinaryOperator, _ other: Value) throws -> Bool {
        if requiresGrad && mode.enabled {
            return false
        }
        guard case .native(let result as FakeVector)? = try binary(op, other, selfOnLeft: true) else { return false }
        elements = result.elements
        return true
    }

    func maxAbsoluteDifference(to other: Value) throws -> Double? {
        guard case .native(let vector as FakeVector) = other, vector.elements.count == elements.count else { return nil }
        return zip(elements, vector.elements).map { abs($0 - $1) }.max() ?? 0
    }

    static func describe(_ argument: SubscriptArgument) -> String {
        switch argument {
        case .all: return ":"
        case .ellipsis: return "..."
        case .value(let value): return value.printed
        case .labeled(let label, let value): return "\(label): \(value.printed)"
        }
    }
}

/// Registers the fake natives used by the script tests.
func installFakeNatives(in interpreter: Interpreter) {
    let mode = GradMode()
        interpreter.defineFunction("vec") { arguments in
        let vector = FakeVector(try arguments.doubles(0), mode: mode)
        vector.requiresGrad = try arguments.bool("requiresGrad") ?? false
        try arguments.expect("vec(_:requiresGrad:)")
        return .native(vector)
    }
    interpreter.defineFunction("scale") { arguments in
        try arguments.expect("scale(_:by:)")
        return .double(try arguments.double(0) * (try arguments.double("by") ?? 2))
    }
    interpreter.defineFunction("train") { _ in .string("trained") }
    interpreter.defineFunction("apply") { arguments in
        guard case .function(let function) = try arguments.value(0) else { throw NativeError("apply needs a function") }
        return try function.invoke(Arguments(Array(arguments.values.dropFirst())))
    }
    interpreter.defineBlock("noGrad", enter: { mode.enabled = false }, exit: { mode.enabled = true })
    interpreter.defineFunction("gradEnabled") { _ in .bool(mode.enabled) }
}

/// Whether the fake natives record gradients; `noGrad { }` turns it off.
final class GradMode {
    var enabled = true
}
