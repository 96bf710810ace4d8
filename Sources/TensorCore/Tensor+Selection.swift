/// Indexing by position lists and masks (PyTorch's advanced indexing, one index tensor at a time),
/// `where`, and the elementwise tests that give masks.
extension Tensor {
    /// The slices at `positions` along `dim`, in that order (repeats allowed; negative counts from
    /// the end), as `x.index_select(dim, positions)`; the gradient adds back into those slices.
    public func select(positions: [Int], dim: Int) throws -> Tensor {
        let (axis, resolved) = try resolvedPositions(positions, dim: dim)
        let layout = AxisLayout(shape: shape, axis: axis)
        var outShape = shape
        outShape[axis] = resolved.count
        let n = try Tensor.elementCount(outShape, op: "index")
        try TensorContext.current.checkLimit(n)
        let data = storage.withUnsafeBufferPointer { p in
            makeBuffer(n) { out in
                layout.forEachSlice(at: resolved) { full, packed in
                    for i in 0..<layout.inner { out[packed + i] = p[full + i] }
                }
            }
        }
        let out = Tensor(shape: outShape, storage: data)
        out.storedKind = storedKind
        if Tensor.records(TensorContext.current, self) {
            let inShape = shape
            out.attach("IndexBackward0", self, saves: false) { g in
                try g.addingSlices(at: resolved, dim: axis, into: inShape)
            }
        }
        return out
    }

    /// Zeros of `shape` with this tensor's slices along `dim` added at `positions` (the adjoint of
    /// `select(positions:dim:)`; repeated positions add up).
    func addingSlices(at positions: [Int], dim axis: Int, into shape: [Int]) throws -> Tensor {
        let layout = AxisLayout(shape: shape, axis: axis)
        var data = [Double](repeating: 0, count: shape.reduce(1, *))
        storage.withUnsafeBufferPointer { g in
            layout.forEachSlice(at: positions) { full, packed in
                for i in 0..<layout.inner { data[full + i] += g[packed + i] }
            }
        }
        let out = Tensor(shape: shape, storage: data)
        if Tensor.records(TensorContext.current, self) {
            out.attach("IndexPutBackward0", self, saves: false) { g in try g.select(positions: positions, dim: axis) }
        }
        return out
    }

    /// The elements (or, for a mask over the leading axes, the sub-tensors) where `mask` is
    /// non-zero, in row-major order, as `x[mask]` in PyTorch: the mask's shape must equal the
    /// leading part of this tensor's shape.
    public func masked(by mask: Tensor) throws -> Tensor {
        let (rowsShape, positions) = try maskRows(mask)
        return try reshape(rowsShape).select(positions: positions, dim: 0)
    }

    /// Axis `dim` made non-negative and `positions` checked against it (negative counts from the end).
    private func resolvedPositions(_ positions: [Int], dim: Int) throws -> (axis: Int, positions: [Int]) {
        guard !shape.isEmpty else { throw TensorError("index: a 0-dimensional tensor cannot be indexed with a list") }
        let axis = try normalizedAxis(dim, op: "index")
        let size = shape[axis]
        let resolved = try positions.map { p -> Int in
            let q = p < 0 ? p + size : p
            guard q >= 0, q < size else {
                throw TensorError("index \(p) is out of bounds for dimension \(axis) with size \(size)")
            }
            return q
        }
        return (axis, resolved)
    }

    /// This tensor's shape with the mask's (leading) axes merged into one, and the positions along
    /// that axis where the mask is non-zero.
    private func maskRows(_ mask: Tensor) throws -> (shape: [Int], positions: [Int]) {
        let lead = mask.shape.count
        guard lead <= shape.count, Array(shape.prefix(lead)) == mask.shape else {
            throw TensorError("the shape of the mask \(mask.shape) does not match the shape of the indexed tensor \(shape)")
        }
        let positions = mask.storage.array.indices.filter { mask.storage[$0] != 0 }
        return ([mask.shape.reduce(1, *)] + Array(shape.dropFirst(lead)), positions)
    }

    /// Writes `value` (broadcast) into the sub-tensors `positions` pick along `dim`, in place
    /// (only where no graph would be recorded, as `assign(_:at:)`).
    public func assign(_ value: Tensor, positions: [Int], dim: Int) throws {
        try checkInPlace(with: value, op: "indexed assignment")
        let (axis, resolved) = try resolvedPositions(positions, dim: dim)
        var target = shape
        target[axis] = resolved.count
        guard let b = broadcastShape(value.shape, target), b == target else {
            throw TensorError("cannot assign a tensor of shape \(value.shape) to a selection of shape \(target)")
        }
        let source = try value.detach().expand(to: target).storage
        let layout = AxisLayout(shape: shape, axis: axis)
        storage.withUnsafeMutableBufferPointer { p in
            source.withUnsafeBufferPointer { s in
                layout.forEachSlice(at: resolved) { full, packed in
                    for i in 0..<layout.inner { p[full + i] = s[packed + i] }
                }
            }
        }
    }

    /// Writes `value` (broadcast) where `mask` is non-zero, in place (`x[x < 0] = 0` in PyTorch).
    public func assign(_ value: Tensor, mask: Tensor) throws {
        let (rowsShape, positions) = try maskRows(mask)
        // The elements are row-major either way: viewed with the mask's axes merged for the write.
        let keptShape = shape
        shape = rowsShape
        defer { shape = keptShape }
        try assign(value, positions: positions, dim: 0)
    }

    /// `a` where `condition` is non-zero, else `b` (all three broadcast together), as `torch.where`.
    public static func choosing(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard let ab = broadcastShape(a.shape, b.shape), let target = broadcastShape(condition.shape, ab) else {
            throw TensorError("where: shapes \(condition.shape), \(a.shape) and \(b.shape) cannot be broadcast together")
        }
        let c = try condition.detach().expand(to: target)
        let x = try a.detach().expand(to: target), y = try b.detach().expand(to: target)
        let data = c.storage.withUnsafeBufferPointer { cp in
            x.storage.withUnsafeBufferPointer { xp in
                y.storage.withUnsafeBufferPointer { yp in
                    makeBuffer(cp.count) { out in for i in 0..<cp.count { out[i] = cp[i] != 0 ? xp[i] : yp[i] } }
                }
            }
        }
        let out = Tensor(shape: target, storage: data)
        if a.storedKind == b.storedKind { out.storedKind = a.storedKind }
        if Tensor.records(TensorContext.current, a, b) {
            let keep = c.mapValues { $0 != 0 ? 1 : 0 }, drop = c.mapValues { $0 != 0 ? 0 : 1 }
            out.attach("WhereBackward0", a, b, saves: false) { g in
                (a.storedRequiresGrad ? try g.multiplying(keep).sum(toShape: a.shape) : nil,
                 b.storedRequiresGrad ? try g.multiplying(drop).sum(toShape: b.shape) : nil)
            }
        }
        return out
    }

    /// A bool tensor: true where the element is NaN.
    public func isNaN() -> Tensor {
        let out = mapValues { $0.isNaN ? 1 : 0 }
        out.storedKind = .bool
        return out
    }

    /// Whether any element is non-zero (NaN counts as non-zero, as in PyTorch).
    public var anyNonZero: Bool { storage.array.contains { $0 != 0 } }
    /// Whether every element is non-zero (true for an empty tensor).
    public var allNonZero: Bool { storage.array.allSatisfy { $0 != 0 } }

    /// A copy of the elements that stays in the graph (gradients flow back), as `clone()`.
    public func cloned() -> Tensor {
        let out = Tensor(shape: shape, storage: storage)
        out.storedKind = storedKind
        if Tensor.records(TensorContext.current, self) {
            out.attach("CloneBackward0", self, saves: false) { g in g }
        }
        return out
    }
}

extension AxisLayout {
    /// Calls `body` for each picked slice along the axis, in order (outer index, then position):
    /// where the slice starts in the full tensor and where in the packed tensor of picked slices.
    /// Each slice is `inner` elements long.
    func forEachSlice(at positions: [Int], _ body: (_ full: Int, _ packed: Int) -> Void) {
        var packed = 0
        for outer in 0..<self.outer {
            for q in positions {
                body((outer * size + q) * inner, packed)
                packed += inner
            }
        }
    }
}
