import Foundation

extension Tensor {
    /// Elementwise sum with broadcasting.
    public func adding(_ other: Tensor) throws -> Tensor {
        try TensorContext.withCurrentUnretained { context in
            let out = try Tensor.binary(self, other, AddKernel.self, verb: "add", context: context)
            if Tensor.records(context, self, other) { out.attach(AddNode.make(self, other)) }
            return out
        }
    }

    /// Elementwise difference with broadcasting.
    public func subtracting(_ other: Tensor) throws -> Tensor {
        try TensorContext.withCurrentUnretained { context in
            let out = try Tensor.binary(self, other, SubKernel.self, verb: "subtract", context: context)
            if Tensor.records(context, self, other) { out.attach(SubNode.make(self, other)) }
            return out
        }
    }

    /// Elementwise product with broadcasting.
    public func multiplying(_ other: Tensor) throws -> Tensor {
        try TensorContext.withCurrentUnretained { context in
            let out = try Tensor.binary(self, other, MulKernel.self, verb: "multiply", context: context)
            if Tensor.records(context, self, other) { out.attach(MulNode.make(self, other)) }
            return out
        }
    }

    /// This gradient summed to the shape of `input` (itself when the shapes are equal, the usual
    /// case), or nil without an input; no reference counting on the way.
    @inline(__always)
    fileprivate func summed(toShapeOf input: Unmanaged<Tensor>?) throws -> Tensor? {
        guard let input else { return nil }
        return try input._withUnsafeGuaranteedRef { t in t.shape == shape ? self : try sum(toShape: t.shape) }
    }

    /// (g · factor) summed to the shape of `input`; for a one-element input without a graph, a
    /// single dot product.
    fileprivate static func productGrad(_ g: Tensor, _ factor: Tensor, shapedLike input: Tensor) throws -> Tensor {
        if input.count == 1, !TensorContext.isGradEnabledNow, g.shape == factor.shape,
           input.shape.count <= g.shape.count {
            let total = g.storage.withUnsafeBufferPointer { p in
                factor.storage.withUnsafeBufferPointer { q in dotProduct(p, q) }
            }
            return Tensor.make(shape: input.shape, storage: TensorStorage(scalar: total))
        }
        return try g.multiplying(factor).sum(toShape: input.shape)
    }

    /// Elementwise quotient with broadcasting.
    public func dividing(_ other: Tensor) throws -> Tensor {
        let context = TensorContext.current
        let out = try Tensor.binary(self, other, DivKernel.self, verb: "divide", context: context)
        if Tensor.records(context, self, other) {
            out.attach("DivBackward0", self, other, saves: true) { g in
                (self.storedRequiresGrad ? try g.dividing(other).sum(toShape: self.shape) : nil,
                 other.storedRequiresGrad
                    ? try g.negated().multiplying(self).dividing(other.multiplying(other)).sum(toShape: other.shape)
                    : nil)
            }
        }
        return out
    }

    /// `self` raised elementwise to `exponent` (a tensor), with broadcasting.
    public func pow(_ exponent: Tensor) throws -> Tensor {
        let context = TensorContext.current
        let out = try Tensor.binary(self, exponent, PowKernel.self, verb: "raise", context: context)
        if Tensor.records(context, self, exponent) {
            out.attach("PowBackward1", self, exponent, saves: true) { g in
                var grads: (Tensor?, Tensor?) = (nil, nil)
                if self.storedRequiresGrad {
                    let local = try exponent.multiplying(self.pow(exponent.adding(-1)))
                    grads.0 = try g.multiplying(local).sum(toShape: self.shape)
                }
                if exponent.storedRequiresGrad {
                    // PyTorch's convention: where the base is 0 and the exponent ≥ 0 the gradient is 0.
                    let safeLog = try self.log().multiplying(self.zeroBaseMask(exponent))
                    let local = try self.pow(exponent).multiplying(safeLog)
                    grads.1 = try g.multiplying(local).sum(toShape: exponent.shape)
                }
                return grads
            }
        }
        return out
    }

    /// 0 where the base is 0 and the exponent ≥ 0, else 1 (a constant).
    private func zeroBaseMask(_ exponent: Tensor) throws -> Tensor {
        let context = TensorContext.current
        let zeroBase = try Tensor.binary(self, Tensor(0.0), EqKernel.self, verb: "compare", context: context)
        let nonNegative = try Tensor.binary(exponent, Tensor(0.0), GeKernel.self, verb: "compare", context: context)
        let both = try Tensor.binary(zeroBase, nonNegative, MulKernel.self, verb: "multiply", context: context)
        return both.mapValues { 1 - $0 }.detach()
    }

    /// `self` raised elementwise to a number.
    public func pow(_ exponent: Double) throws -> Tensor {
        let context = TensorContext.current
        let out: Tensor
        if exponent == 2 { out = mapValues { $0 * $0 } } else { out = mapValues { Foundation.pow($0, exponent) } }
        if Tensor.records(context, self) {
            out.attach("PowBackward0", self, saves: true, constant: .scalar(exponent, slot: 1)) { g in
                if exponent == 0 { return try Tensor.zeros(self.shape) }
                let local = exponent == 2 ? try self.multiplying(2) : try self.pow(exponent - 1).multiplying(exponent)
                return try g.multiplying(local)
            }
        }
        return out
    }

    /// A number raised elementwise to the powers in `exponent`.
    public static func pow(_ base: Double, _ exponent: Tensor) throws -> Tensor {
        let context = TensorContext.current
        let out = exponent.mapValues { Foundation.pow(base, $0) }
        if Tensor.records(context, exponent) {
            out.attach("PowBackward2", exponent, saves: true, constant: .scalar(base, slot: 0)) { g in
                let local = try Tensor.pow(base, exponent).multiplying(Foundation.log(base))
                return try g.multiplying(base == 0 ? Tensor.zeros(exponent.shape) : local)
            }
        }
        return out
    }

    /// `self + s`.
    public func adding(_ s: Double) throws -> Tensor {
        let out = withNumber(AddKernel.self, s)
        if Tensor.records(TensorContext.current, self) {
            out.attach("AddBackward0", self, saves: false, constant: .scalar(s, slot: 1)) { g in g }
        }
        return out
    }

    /// `self - s`.
    public func subtracting(_ s: Double) throws -> Tensor {
        let out = withNumber(SubKernel.self, s)
        if Tensor.records(TensorContext.current, self) {
            out.attach("SubBackward0", self, saves: false, constant: .scalar(s, slot: 1)) { g in g }
        }
        return out
    }

    /// `s - self`.
    public func subtracted(from s: Double) throws -> Tensor {
        let out = withNumber(SubKernel.self, s, numberFirst: true)
        if Tensor.records(TensorContext.current, self) {
            out.attach(NegNode.make(name: "RsubBackward1", self, constant: .scalar(s, slot: 0)))
        }
        return out
    }

    /// `self * s`.
    public func multiplying(_ s: Double) throws -> Tensor {
        let out = withNumber(MulKernel.self, s)
        if Tensor.records(TensorContext.current, self) {
            out.attach("MulBackward0", self, saves: false, constant: .scalar(s, slot: 1)) { g in try g.multiplying(s) }
        }
        return out
    }

    /// `self / s`.
    public func dividing(_ s: Double) throws -> Tensor {
        let out = withNumber(DivKernel.self, s)
        if Tensor.records(TensorContext.current, self) {
            out.attach("DivBackward0", self, saves: false, constant: .scalar(s, slot: 1)) { g in try g.dividing(s) }
        }
        return out
    }

    /// `s / self` (PyTorch computes it as a reciprocal times s, hence `MulBackward0`).
    public func divided(into s: Double) throws -> Tensor {
        let out = withNumber(DivKernel.self, s, numberFirst: true)
        if Tensor.records(TensorContext.current, self) {
            out.attach("MulBackward0", self, saves: true, constant: .scalar(s, slot: 0)) { g in
                try g.multiplying(-s).dividing(self.multiplying(self))
            }
        }
        return out
    }

    /// `-self`.
    public func negated() throws -> Tensor {
        let out = mapValues { -$0 }
        if Tensor.records(TensorContext.current, self) {
            out.attach(NegNode.make(name: "NegBackward0", self, constant: .none))
        }
        return out
    }

    // MARK: Operators (all throwing: `try a + b`)

    /// Elementwise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try a.adding(b) }
    /// Elementwise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try a.subtracting(b) }
    /// Elementwise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try a.multiplying(b) }
    /// Elementwise quotient with broadcasting.
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try a.dividing(b) }
    /// Tensor plus number.
    public static func + (a: Tensor, s: Double) throws -> Tensor { try a.adding(s) }
    /// Number plus tensor.
    public static func + (s: Double, a: Tensor) throws -> Tensor { try a.adding(s) }
    /// Tensor minus number.
    public static func - (a: Tensor, s: Double) throws -> Tensor { try a.subtracting(s) }
    /// Number minus tensor.
    public static func - (s: Double, a: Tensor) throws -> Tensor { try a.subtracted(from: s) }
    /// Tensor times number.
    public static func * (a: Tensor, s: Double) throws -> Tensor { try a.multiplying(s) }
    /// Number times tensor.
    public static func * (s: Double, a: Tensor) throws -> Tensor { try a.multiplying(s) }
    /// Tensor divided by number.
    public static func / (a: Tensor, s: Double) throws -> Tensor { try a.dividing(s) }
    /// Number divided by tensor.
    public static func / (s: Double, a: Tensor) throws -> Tensor { try a.divided(into: s) }
    /// Negation.
    public static prefix func - (a: Tensor) throws -> Tensor { try a.negated() }
}

// MARK: Backward of the tensor-tensor operations
//
// Nodes rather than closures: the operands are the node's inputs (or its constant operand), so
// recording an operation allocates the node alone.

/// a + b: the incoming gradient, summed over broadcast axes, to each input.
final class AddNode: GradNode {
    override var spareKind: SpareKind? { .add }

    /// A node for `a ∘ b`: a spare one when the thread keeps one (`GradNode.recycle`).
    static func make(_ a: Tensor, _ b: Tensor) -> GradNode {
        spare(.add, needing(a), needing(b), constant: .of(a, b)) ?? AddNode(a, b)
    }

    init(_ a: Tensor, _ b: Tensor) {
        super.init(name: "AddBackward0", needing(a), needing(b), isBinary: true, savesValues: false,
                   constant: .of(a, b))
    }

    override func gradients(_ g: Tensor) throws -> (Tensor?, Tensor?) {
        (try g.summed(toShapeOf: unretainedInput(0)), try g.summed(toShapeOf: unretainedInput(1)))
    }
}

/// a − b: g to a, −g to b (each summed over broadcast axes).
final class SubNode: GradNode {
    override var spareKind: SpareKind? { .subtract }

    /// A node for `a ∘ b`: a spare one when the thread keeps one (`GradNode.recycle`).
    static func make(_ a: Tensor, _ b: Tensor) -> GradNode {
        spare(.subtract, needing(a), needing(b), constant: .of(a, b)) ?? SubNode(a, b)
    }

    init(_ a: Tensor, _ b: Tensor) {
        super.init(name: "SubBackward0", needing(a), needing(b), isBinary: true, savesValues: false,
                   constant: .of(a, b))
    }

    override func gradients(_ g: Tensor) throws -> (Tensor?, Tensor?) {
        (try g.summed(toShapeOf: unretainedInput(0)),
         second == nil ? nil : try g.negated().summed(toShapeOf: unretainedInput(1)))
    }
}

/// a · b: g·b to a and g·a to b (each summed over broadcast axes).
final class MulNode: GradNode {
    override var spareKind: SpareKind? { .multiply }

    /// A node for `a ∘ b`: a spare one when the thread keeps one (`GradNode.recycle`).
    static func make(_ a: Tensor, _ b: Tensor) -> GradNode {
        spare(.multiply, needing(a), needing(b), constant: .of(a, b)) ?? MulNode(a, b)
    }

    init(_ a: Tensor, _ b: Tensor) {
        super.init(name: "MulBackward0", needing(a), needing(b), isBinary: true, savesValues: true,
                   constant: .of(a, b))
    }

    override func gradients(_ g: Tensor) throws -> (Tensor?, Tensor?) {
        guard let a = unretainedOperand(0), let b = unretainedOperand(1) else { return (nil, nil) }
        return try a._withUnsafeGuaranteedRef { a in
            try b._withUnsafeGuaranteedRef { b in
                (first != nil ? try Tensor.productGrad(g, b, shapedLike: a) : nil,
                 second != nil ? try Tensor.productGrad(g, a, shapedLike: b) : nil)
            }
        }
    }

    /// g · (the other operand) into g, when one input takes a gradient and both operands have g's
    /// shape (no broadcast to sum over).
    override func gradientsInPlace(_ g: Tensor) -> (Tensor?, Tensor?)? {
        guard (first == nil) != (second == nil), let a = unretainedOperand(0), let b = unretainedOperand(1) else {
            return nil
        }
        return a._withUnsafeGuaranteedRef { a in
            b._withUnsafeGuaranteedRef { b in
                guard a.shape == g.shape, b.shape == g.shape else { return nil }
                g.combineInPlace(first != nil ? b : a, MulKernel.self)
                return first != nil ? (g, nil) : (nil, g)
            }
        }
    }
}
