import CKernels
import Foundation

/// log(1 + e^x) without overflow.
@inline(__always) func softplus(_ x: Double) -> Double { Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x))) }
/// 1 / (1 + e^-x) without overflow: the same bits as `Tensor.sigmoid()` gives for each element.
@inline(__always) func sigmoidValue(_ x: Double) -> Double { labrun_sigmoid(x) }

extension Tensor {
    /// Elementwise e^x.
    public func exp() throws -> Tensor {
        let out = mapValues { Foundation.exp($0) }
        if Tensor.records(TensorContext.current, self) {
            let value = out.detach()
            out.attach("ExpBackward0", self, saves: true) { g in
                try g.multiplying(TensorContext.current.isGradEnabled ? self.exp() : value)
            }
        }
        return out
    }

    /// Elementwise natural logarithm.
    ///
    /// CKernels' vectorised log (within 1 ulp of glibc's, which rounds correctly; PyTorch's own
    /// vectorised kernels are 1-ulp too): a training loop's written-out log-likelihood spent a tenth
    /// of its time in glibc's scalar log.
    public func log() throws -> Tensor {
        let out = mapArray(labrun_log_array)
        if Tensor.records(TensorContext.current, self) { out.attach(LogNode.make(self)) }
        return out
    }

    /// Elementwise square root.
    public func sqrt() throws -> Tensor {
        let out = mapValues { Foundation.sqrt($0) }
        if Tensor.records(TensorContext.current, self) {
            out.attach("SqrtBackward0", self, saves: true) { g in
                try g.dividing(self.sqrt().multiplying(2))
            }
        }
        return out
    }

    /// Elementwise absolute value (gradient sign(x), 0 at 0).
    public func abs() throws -> Tensor {
        let out = mapValues { Swift.abs($0) }
        if Tensor.records(TensorContext.current, self) {
            out.attach("AbsBackward0", self, saves: true) { g in
                try g.multiplying(self.mapValues { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
            }
        }
        return out
    }

    /// Elementwise logistic function 1 / (1 + e^-x).
    public func sigmoid() throws -> Tensor {
        let out = mapArray(labrun_sigmoid_array)
        if Tensor.records(TensorContext.current, self) { out.attach(SigmoidNode.make(self, output: out.storage)) }
        return out
    }

    /// Elementwise hyperbolic tangent.
    public func tanh() throws -> Tensor {
        let out = mapValues { Foundation.tanh($0) }
        if Tensor.records(TensorContext.current, self) {
            let value = out.detach()
            out.attach("TanhBackward0", self, saves: true) { g in
                let t = TensorContext.current.isGradEnabled ? try self.tanh() : value
                return try g.multiplying(t.multiplying(t).subtracted(from: 1))
            }
        }
        return out
    }

    /// Elementwise max(x, 0) (gradient 0 at 0, as PyTorch).
    public func relu() throws -> Tensor {
        let out = mapValues { $0 > 0 ? $0 : 0 }
        if Tensor.records(TensorContext.current, self) {
            out.attach("ReluBackward0", self, saves: true) { g in
                // As PyTorch's threshold_backward: g where x > 0, else +0 (not g·0, which is −0 for a
                // negative g), in one pass without a mask tensor; recorded when differentiable.
                guard !TensorContext.current.isGradEnabled else { return try g.multiplying(self.mapValues { $0 > 0 ? 1 : 0 }) }
                return g.zipValues(self) { gradient, x in x > 0 ? gradient : 0 }
            }
        }
        return out
    }

    /// Elementwise log(sigmoid(x)) = −softplus(−x), stable for large |x|.
    public func logSigmoid() throws -> Tensor {
        let out = mapValues { -softplus(-$0) }
        if Tensor.records(TensorContext.current, self) {
            out.attach("LogSigmoidBackward0", self, saves: true) { g in
                try g.multiplying(self.negated().sigmoid())
            }
        }
        return out
    }

    /// Elementwise clamp into [min, max] (either bound optional); the gradient passes where
    /// min ≤ x ≤ max, as in PyTorch.
    public func clamp(min low: Double? = nil, max high: Double? = nil) throws -> Tensor {
        guard low != nil || high != nil else {
            throw TensorError("clamp: at least one of min: or max: must be given")
        }
        let lo = low ?? -Double.infinity, hi = high ?? Double.infinity
        // PyTorch: min(max(x, lo), hi), so hi wins when lo > hi; NaN stays NaN.
        let out = mapValues { $0.isNaN ? $0 : Swift.min(Swift.max($0, lo), hi) }
        if Tensor.records(TensorContext.current, self) {
            out.attach("ClampBackward1", self, saves: true) { g in
                try g.multiplying(self.mapValues { $0 >= lo && $0 <= hi ? 1 : 0 })
            }
        }
        return out
    }

    // MARK: Comparisons (0/1 results of kind bool, never recorded)

    /// 1 where equal, else 0 (broadcasting).
    public func eq(_ other: Tensor) throws -> Tensor { try compare(other, EqKernel.self) }
    /// 1 where not equal, else 0.
    public func ne(_ other: Tensor) throws -> Tensor { try compare(other, NeKernel.self) }
    /// 1 where self < other, else 0.
    public func lt(_ other: Tensor) throws -> Tensor { try compare(other, LtKernel.self) }
    /// 1 where self ≤ other, else 0.
    public func le(_ other: Tensor) throws -> Tensor { try compare(other, LeKernel.self) }
    /// 1 where self > other, else 0.
    public func gt(_ other: Tensor) throws -> Tensor { try compare(other, GtKernel.self) }
    /// 1 where self ≥ other, else 0.
    public func ge(_ other: Tensor) throws -> Tensor { try compare(other, GeKernel.self) }

    private func compare<K: BinaryKernel>(_ other: Tensor, _ k: K.Type) throws -> Tensor {
        let out = try Tensor.binary(self, other, k, verb: "compare", context: TensorContext.current)
        out.storedKind = .bool
        return out
    }

    /// 1 where equal, else 0.
    public static func == (a: Tensor, b: Tensor) throws -> Tensor { try a.eq(b) }
    /// 1 where not equal, else 0.
    public static func != (a: Tensor, b: Tensor) throws -> Tensor { try a.ne(b) }
    /// 1 where a < b, else 0.
    public static func < (a: Tensor, b: Tensor) throws -> Tensor { try a.lt(b) }
    /// 1 where a ≤ b, else 0.
    public static func <= (a: Tensor, b: Tensor) throws -> Tensor { try a.le(b) }
    /// 1 where a > b, else 0.
    public static func > (a: Tensor, b: Tensor) throws -> Tensor { try a.gt(b) }
    /// 1 where a ≥ b, else 0.
    public static func >= (a: Tensor, b: Tensor) throws -> Tensor { try a.ge(b) }
}
