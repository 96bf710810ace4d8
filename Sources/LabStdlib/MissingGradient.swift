import LabLanguage

/// What `t.grad` gives before any backward pass: it prints as `nil` and equals `nil`, but arithmetic
/// with it says what is wrong ("no gradient yet") instead of a bare type error about nil.
final class MissingGradient: NativeObject, @unchecked Sendable {
    static let shared = MissingGradient()

    var typeName: String { "nil" }
    var printed: String { "nil" }

    func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        let otherIsNil: Bool
        switch other {
        case .nil: otherIsNil = true
        case .native(let object): otherIsNil = object is MissingGradient
        default: otherIsNil = false
        }
        switch op {
        case .equal: return .bool(otherIsNil)
        case .notEqual: return .bool(!otherIsNil)
        default:
            throw NativeError(
                "the tensor has no gradient yet (its grad is nil)",
                hint: "call backward() on a result that depends on it first; after zeroGrad() or grad = nil it is nil again")
        }
    }

    func unary(_ op: UnaryOperator) throws -> Value? {
        throw NativeError("the tensor has no gradient yet (its grad is nil)", hint: "call backward() first")
    }

    func member(_ name: String) throws -> Value {
        throw NativeError(
            "the tensor has no gradient yet, so its grad (nil) has no member '\(name)'",
            hint: "call backward() first")
    }
}
