import Foundation

/// Spread and size: variance and standard deviation (unbiased by default, as PyTorch), the
/// Euclidean norm, and the dot product of vectors.
extension Tensor {
    /// The variance of all elements with Bessel's correction (divide by n − `correction`).
    public func variance(correction: Int = 1) throws -> Tensor {
        try flattened().variance(dim: 0, correction: correction, keepDim: false, name: "VarBackward0")
    }

    /// The variance along `dim` (divide by n − `correction`), keeping `dim` as size 1 when `keepDim`.
    public func variance(dim: Int, correction: Int = 1, keepDim: Bool = false) throws -> Tensor {
        try variance(dim: dim, correction: correction, keepDim: keepDim, name: "VarBackward0")
    }

    /// The standard deviation of all elements (square root of `variance(correction:)`).
    public func standardDeviation(correction: Int = 1) throws -> Tensor {
        try flattened().standardDeviation(dim: 0, correction: correction)
    }

    /// The standard deviation along `dim`, as `torch.std(dim=…)`.
    public func standardDeviation(dim: Int, correction: Int = 1, keepDim: Bool = false) throws -> Tensor {
        try variance(dim: dim, correction: correction, keepDim: keepDim, name: "StdBackward0", root: true)
    }

    /// Σ(x − mean)² / (n − correction) along `dim`; with `root`, its square root. The value is
    /// computed without a graph and one node (`name`) carries the gradient, as PyTorch records it.
    private func variance(dim: Int, correction: Int, keepDim: Bool, name: StaticString, root: Bool = false) throws -> Tensor {
        if shape.isEmpty { return try reshape([1]).variance(dim: 0, correction: correction, keepDim: false, name: name, root: root) }
        let axis = try normalizedAxis(dim, op: root ? "std" : "var")
        let n = shape[axis]
        let divisor = Double(Swift.max(n - correction, 0))
        let x = detach()
        let centred = try x.subtracting(x.mean(dim: axis, keepDim: true))
        let squares = try centred.multiplying(centred).sum(dim: axis, keepDim: true)
        var value = try squares.dividing(divisor)
        if root { value = value.mapValues { Foundation.sqrt($0) } }
        let kept = value.shape
        var dropped = kept
        dropped.remove(at: axis)
        let out = Tensor(shape: keepDim ? kept : dropped, storage: value.storage)
        if Tensor.records(TensorContext.current, self) {
            let result = value
            out.attach(name, self, saves: true) { g in
                // d var / dx = 2 (x − mean) / (n − c);  d std / dx = (x − mean) / ((n − c) · std).
                let centredNow = try self.subtracting(self.mean(dim: axis, keepDim: true))
                let scale = root ? try result.multiplying(divisor) : Tensor(divisor / 2)
                return try g.reshape(kept).multiplying(centredNow).dividing(scale)
            }
        }
        return out
    }

    /// The Euclidean (2-)norm of all elements, as `torch.linalg.norm` of a flattened tensor.
    public func norm() throws -> Tensor {
        let x = detach()
        let value = Foundation.sqrt(try x.multiplying(x).sum().item)
        let out = Tensor(value)
        if Tensor.records(TensorContext.current, self) {
            out.attach("LinalgVectorNormBackward0", self, saves: true) { g in
                // x / ‖x‖, taken as 0 at x = 0 (PyTorch's subgradient there).
                value == 0 ? try self.multiplying(0) : try g.multiplying(self).dividing(value)
            }
        }
        return out
    }

    /// Σ aᵢbᵢ of two 1-D tensors of one length, as `torch.dot`.
    public static func dot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank == 1, b.rank == 1 else {
            throw TensorError("dot: 1D tensors expected, but got \(a.rank)D and \(b.rank)D tensors")
        }
        return try a.matmul(b)
    }
}
