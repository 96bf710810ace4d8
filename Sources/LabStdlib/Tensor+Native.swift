import LabLanguage
import TensorCore

/// Tensors are the language's shared objects: `let params = [b0, b1]` holds the same tensors.
extension Tensor: NativeObject {
    public var typeName: String { "Tensor" }

    public var printed: String { description }

    public func member(_ name: String) throws -> Value {
        // `grad` and `item` first: training loops read them every step, and each name compared
        // before a match costs a string comparison.
        switch name {
        case "grad": return .native(grad ?? MissingGradient.shared)
        case "item": return .double(try Convert.translatingErrors { try item })
        case "shape": return .array(shape.map { .int($0) })
        case "count": return .int(count)
        case "requiresGrad": return .bool(requiresGrad)
        case "gradFn": return gradFnName.map { .string($0) } ?? .nil
        case "isLeaf": return .bool(isLeaf)
        case "rank": return .int(rank)
        default:
            if TensorMethods.names.contains(name) { return boundMethod(name) }
            if let value = try TensorMoreMembers.property(self, name) { return value }
            throw NativeError(
                "value of type 'Tensor' has no member '\(name)'",
                hint: PythonHabits.tensorMembers[name] ?? Suggestions.hint(for: name, among: TensorMethods.memberNames))
        }
    }

    public func setMember(_ name: String, to value: Value) throws {
        switch name {
        case "grad":
            switch value {
            case .nil, .native(is MissingGradient): grad = nil
            case .native(let object as Tensor):
                guard object.shape == shape else {
                    throw NativeError("cannot assign a gradient of shape \(object.shape) to a tensor of shape \(shape)")
                }
                grad = object
            default: throw NativeError("grad must be a Tensor or nil, got \(value.typeName)")
            }
        case "requiresGrad":
            guard case .bool(let flag) = value else {
                throw NativeError("requiresGrad must be a Bool, got \(value.typeName)")
            }
            try Convert.translatingErrors { try setRequiresGrad(flag) }
        case "shape", "count", "item", "gradFn", "isLeaf", "rank", "T", "ndim", "dtype":
            throw NativeError("'\(name)' of a Tensor is read-only")
        default:
            throw NativeError(
                "value of type 'Tensor' has no settable property '\(name)'",
                hint: Suggestions.hint(for: name, among: ["grad", "requiresGrad"]))
        }
    }

    public func callMethod(_ name: String, _ arguments: Arguments) throws -> Value {
        try Convert.translatingErrors { try TensorMethods.call(self, name, arguments) }
    }

    /// A method of this tensor as a function value (`let f = t.sum`).
    private func boundMethod(_ name: String) -> Value {
        .function(Function(name: name) { [self] arguments in try callMethod(name, arguments) })
    }
}
