import LabLanguage
import TensorCore

/// Arithmetic, comparisons, subscripts and compound assignment of tensors in lab code.
extension Tensor {
    public func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        // Two tensors first: the common case in a training step.
        // An exact type check (`Tensor` is final) rather than `as? Tensor`, whose runtime cast the
        // optimiser cannot see through: after it the tensor was copied and retained once more.
        if case .native(let object) = other, type(of: object) == Tensor.self {
            return try tensors(op, unsafeDowncast(object, to: Tensor.self), selfOnLeft: selfOnLeft)
        }
        if case .nil = other {
            // `t.grad == nil` tests for a missing gradient; a tensor is never nil.
            switch op {
            case .equal: return .bool(false)
            case .notEqual: return .bool(true)
            default:
                throw NativeError(
                    "cannot use nil in arithmetic with a Tensor",
                    hint: "a tensor's grad is nil until backward() has run")
            }
        }
        if let s = Convert.number(other) {
            return .native(try Convert.translatingErrors { try scalarOp(op, s, selfOnLeft: selfOnLeft) })
        }
        return nil
    }

    /// `self op rhs` (or `rhs op self`) for two tensors. A function of its own, taking `rhs` as a
    /// borrowed tensor: written inline in `binary`, the tensor bound out of the `Value` was copied
    /// and retained twice per operation.
    @inline(never)
    private func tensors(_ op: BinaryOperator, _ rhs: Tensor, selfOnLeft: Bool) throws -> Value {
        let result = Value.native(try Convert.translatingErrors {
            selfOnLeft ? try Tensor.apply(op, self, rhs) : try Tensor.apply(op, rhs, self)
        })
        if rank + rhs.rank == 3, let warning = Self.vectorAgainstColumn(op, selfOnLeft ? (self, rhs) : (rhs, self)) {
            throw NativeWarningSignal(result: result, message: warning.message, hint: warning.hint)
        }
        return result
    }

    /// A vector of n elements against a column of n rows broadcasts to n × n: PyTorch says nothing,
    /// and an accuracy computed as `(predicted == labels).mean()` comes out wrong (0.5556 for
    /// identical labels). A warning, since an outer operation may be meant.
    static func vectorAgainstColumn(_ op: BinaryOperator, _ operands: (Tensor, Tensor)) -> (message: String, hint: String)? {
        let (a, b) = operands
        let shapes = [a.shape, b.shape]
        guard let n = shapes.first(where: { $0.count == 1 })?.first, n > 1,
            shapes.contains([n, 1]), shapes.contains([n])
        else { return nil }
        return (
            "a tensor of shape \(a.shape) \(op.rawValue) one of shape \(b.shape) broadcasts to [\(n), \(n)]",
            "to combine them element by element, make the shapes equal: squeeze() the [\(n), 1] one or unsqueeze(1) the [\(n)] one"
        )
    }

    /// `self op s` (or `s op self`), without turning the number into a tensor first.
    private func scalarOp(_ op: BinaryOperator, _ s: Double, selfOnLeft: Bool) throws -> Tensor {
        switch (op, selfOnLeft) {
        case (.add, _): return try adding(s)
        case (.multiply, _): return try multiplying(s)
        case (.subtract, true): return try subtracting(s)
        case (.subtract, false): return try subtracted(from: s)
        case (.divide, true): return try dividing(s)
        case (.divide, false): return try divided(into: s)
        default:
            let other = Tensor(s)
            return selfOnLeft ? try Tensor.apply(op, self, other) : try Tensor.apply(op, other, self)
        }
    }

    /// `a op b` for two tensors.
    static func apply(_ op: BinaryOperator, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        switch op {
        case .add: return try a.adding(b)
        case .subtract: return try a.subtracting(b)
        case .multiply: return try a.multiplying(b)
        case .divide: return try a.dividing(b)
        case .remainder: throw TensorError("'%' is not defined for tensors")
        case .equal: return try a.eq(b)
        case .notEqual: return try a.ne(b)
        case .less: return try a.lt(b)
        case .lessEqual: return try a.le(b)
        case .greater: return try a.gt(b)
        case .greaterEqual: return try a.ge(b)
        }
    }

    public func unary(_ op: UnaryOperator) throws -> Value? {
        switch op {
        case .negate: return .native(try Convert.translatingErrors { try negated() })
        case .not: return nil
        }
    }

    public func subscriptGet(_ arguments: [SubscriptArgument]) throws -> Value {
        if let selector = try AdvancedIndex.selector(in: arguments) {
            return .native(try Convert.translatingErrors { try AdvancedIndex.read(self, arguments, selector) })
        }
        let specs = try arguments.map(Tensor.indexSpec)
        return .native(try Convert.translatingErrors { try index(specs) })
    }

    /// `X[:, 0]` in a loop: the tensor indices are converted on the first read and kept in the
    /// subscript for the next ones.
    public func subscriptGet(constant: ConstantSubscript) throws -> Value {
        let specs: [TensorIndex]
        // An exact type check (the class is final), not `as?`: see `binary(_:_:selfOnLeft:)`.
        if let prepared = constant.prepared, type(of: prepared) == PreparedTensorIndex.self {
            specs = unsafeDowncast(prepared, to: PreparedTensorIndex.self).specs
        } else {
            if AdvancedIndex.hasSelector(constant.arguments) { return try subscriptGet(constant.arguments) }
            specs = try constant.arguments.map(Tensor.indexSpec)
            constant.prepared = PreparedTensorIndex(specs)
        }
        return .native(try Convert.translatingErrors { try index(specs) })
    }

    public func subscriptSet(_ arguments: [SubscriptArgument], to value: Value) throws {
        if let selector = try AdvancedIndex.selector(in: arguments) {
            let t = try Convert.tensor(value, "the assigned value")
            try Convert.translatingErrors { try AdvancedIndex.write(self, arguments, selector, t) }
            return
        }
        let specs = try arguments.map(Tensor.indexSpec)
        if let s = Convert.number(value) {
            try Convert.translatingErrors { try assign(s, at: specs) }
        } else {
            let t = try Convert.tensor(value, "the assigned value")
            try Convert.translatingErrors { try assign(t, at: specs) }
        }
    }

    /// `t op= other`: in place when no graph would be recorded; otherwise false, so the interpreter
    /// rebinds `t = t op other`. A leaf that requires grad may not be rebound while recording.
    public func compoundAssignInPlace(_ op: BinaryOperator, _ other: Value) throws -> Bool {
        let rhs = try Convert.tensor(other, "the right-hand side of '\(op.rawValue)='")
        if inPlaceWouldRecord(with: rhs) {
            if isLeaf && requiresGrad {
                throw NativeError(
                    "a leaf tensor that requires grad cannot be changed in place while gradients are recorded",
                    hint: "update parameters inside noGrad { ... }")
            }
            return false
        }
        try Convert.translatingErrors {
            switch op {
            case .add: try addInPlace(rhs)
            case .subtract: try subtractInPlace(rhs)
            case .multiply: try mulInPlace(rhs)
            case .divide: try divInPlace(rhs)
            default: throw TensorError("'\(op.rawValue)=' is not defined for tensors")
            }
        }
        if isDetachedCopy { throw Self.detachedCopyChanged }
        return true
    }

    /// PyTorch's `d = w.detach(); d += 1` changes `w` too (they share storage); here `d` is a copy.
    /// Done, with a warning saying so.
    static let detachedCopyChanged = NativeWarningSignal(
        result: true, message: "this changes only the detached copy: unlike PyTorch's detach(), the original tensor is not changed",
        hint: "to change the original, write to it directly inside noGrad { ... }")

    /// `t -= lr * g` (or `+=`) as one in-place step, `t + (∓lr)·g` elementwise, which gives the very
    /// numbers `t ∓ (lr·g)` gives (negation and the product are exact to swap in IEEE arithmetic).
    /// Only for a tensor `g` of `t`'s shape that is not `t`, when no graph would be recorded;
    /// anything else (a missing grad, broadcasting, the errors) takes the general path.
    public func compoundAssignInPlace(_ op: BinaryOperator, _ other: Value, scaledBy factor: Double) throws -> Bool {
        guard op == .add || op == .subtract, case .native(let object) = other, type(of: object) == Tensor.self else {
            return false
        }
        return try addScaledInPlace(unsafeDowncast(object, to: Tensor.self), op == .add ? factor : -factor)
    }

    /// `self += alpha * rhs` in place when allowed (see above). A function of its own for the reason
    /// `tensors(_:_:selfOnLeft:)` is.
    @inline(never)
    private func addScaledInPlace(_ rhs: Tensor, _ alpha: Double) throws -> Bool {
        guard rhs !== self, sameShape(rhs), !inPlaceWouldRecord(with: rhs) else { return false }
        try Convert.translatingErrors { try addInPlace(rhs, alpha: alpha) }
        return true
    }

    /// `shape == other.shape`, comparing ranks first: `rank` is an accessor, while reading the
    /// stored `shape` from this module costs a run-time exclusivity check (scalars need none).
    private func sameShape(_ other: Tensor) -> Bool {
        let rank = self.rank
        return other.rank == rank && (rank == 0 || other.shape == shape)
    }

    /// One axis of a lab subscript as a tensor index. Closed ranges include their upper bound.
    static func indexSpec(_ argument: SubscriptArgument) throws -> TensorIndex {
        switch argument {
        case .all: return .all
        case .ellipsis: return .ellipsis
        case .value(.int(let i)): return .at(i)
        case .value(.range(let r)):
            guard r.isClosed, let upper = r.upper else { return .range(r.lower, r.upper) }
            // `a...-1` runs to the end; otherwise one past the included bound.
            return .range(r.lower, upper == -1 || upper == Int.max ? nil : upper + 1)
        case .value(let v):
            throw NativeError("a tensor subscript takes Ints, ranges, ':', '...', an index list or a mask, got \(v.typeName)")
        case .labeled(let label, _):
            throw NativeError("a tensor subscript takes no '\(label):' argument")
        }
    }
}

/// A constant subscript's arguments as tensor indices (see `ConstantSubscript.prepared`).
final class PreparedTensorIndex {
    let specs: [TensorIndex]

    init(_ specs: [TensorIndex]) {
        self.specs = specs
    }
}
