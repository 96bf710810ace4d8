extension Tensor {
    /// Whether an in-place update of this tensor by `other` would have to be recorded in a graph
    /// (grad mode on and either side requires grad); then the update is refused and the caller
    /// should rebind (`t = t - u`) instead, as LANGUAGE.md's compound assignment does.
    public func inPlaceWouldRecord(with other: Tensor? = nil) -> Bool {
        TensorContext.isGradEnabledNow && (storedRequiresGrad || (other?.storedRequiresGrad ?? false))
    }

    /// Throws PyTorch's errors for in-place updates that a graph would need to record.
    func checkInPlace(with other: Tensor?, op: String) throws {
        guard inPlaceWouldRecord(with: other) else { return }
        if storedRequiresGrad && gradFn == nil {
            throw TensorError(
                "a leaf Variable that requires grad is being used in an in-place operation (\(op)); wrap the update in noGrad { ... } (PyTorch: with torch.no_grad():) or write t = t - u")
        }
        throw TensorError(
            "\(op) in place is not supported on a tensor in a recorded graph (it requires grad); write t = t - u to record a new node, or wrap the update in noGrad { ... }")
    }

    /// self += other (broadcast to self's shape), in place; see `inPlaceWouldRecord(with:)`.
    public func addInPlace(_ other: Tensor) throws { try update(other, AddKernel.self, op: "+=") }
    /// self -= other, in place.
    public func subtractInPlace(_ other: Tensor) throws { try update(other, SubKernel.self, op: "-=") }
    /// self *= other, in place.
    public func mulInPlace(_ other: Tensor) throws { try update(other, MulKernel.self, op: "*=") }
    /// self /= other, in place.
    public func divInPlace(_ other: Tensor) throws { try update(other, DivKernel.self, op: "/=") }
    /// self += alpha · other (broadcast to self's shape), in place, without making alpha · other:
    /// PyTorch's `add_(other, alpha=)`, the update step of SGD (`p.addInPlace(g, alpha: -lr)`).
    public func addInPlace(_ other: Tensor, alpha: Double) throws {
        try checkInPlace(with: other, op: "+=")
        // Equal shapes first (every optimizer step): no broadcast shape to work out.
        if other.shape == shape {
            other.storage.withUnsafeBufferPointer { q in
                storage.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] += alpha * q[i] } }
            }
            return
        }
        guard let b = broadcastShape(shape, other.shape), b == shape else {
            throw TensorError("+=: output with shape \(shape) doesn't match the broadcast shape of \(shape) and \(other.shape)")
        }
        let own = broadcastStrides(shape, to: shape), from = broadcastStrides(other.shape, to: shape)
        try other.storage.withUnsafeBufferPointer { q in
            try storage.withUnsafeMutableBufferPointer { p in
                try forEachBroadcast(shape, own, from, context: TensorContext.current) { _, i, j in p[i] += alpha * q[j] }
            }
        }
    }
    /// self += s, in place.
    public func addInPlace(_ s: Double) throws { try updateScalar(s, AddKernel.self, op: "+=") }
    /// self -= s, in place.
    public func subtractInPlace(_ s: Double) throws { try updateScalar(s, SubKernel.self, op: "-=") }
    /// self *= s, in place.
    public func mulInPlace(_ s: Double) throws { try updateScalar(s, MulKernel.self, op: "*=") }
    /// self /= s, in place.
    public func divInPlace(_ s: Double) throws { try updateScalar(s, DivKernel.self, op: "/=") }

    /// Sets every element to `value`, in place.
    public func fill(_ value: Double) throws {
        try checkInPlace(with: nil, op: "fill")
        storage.withUnsafeMutableBufferPointer { p in p.initialize(repeating: value) }
    }

    /// Replaces the elements by `other`'s (same shape), in place, as PyTorch's `copy_`.
    public func copyValues(from other: Tensor) throws {
        try checkInPlace(with: other, op: "copy")
        guard other.shape == shape else {
            throw TensorError("copy: cannot copy a tensor of shape \(other.shape) into one of shape \(shape)")
        }
        storage = other.storage
    }

    /// Runs `body` on the elements for an in-place update (optimizers), under the rules of
    /// `copyValues(from:)`; the elements are copied first only if another tensor shares them.
    package func updateValues<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) throws -> R {
        try checkInPlace(with: nil, op: "copy")
        return try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    private func update<K: BinaryKernel>(_ other: Tensor, _ k: K.Type, op: String) throws {
        try checkInPlace(with: other, op: op)
        if other.storage.count == 1 && other.shape.count <= shape.count {
            return try updateScalar(other.storage[0], k, op: op)
        }
        guard let b = broadcastShape(shape, other.shape), b == shape else {
            throw TensorError("\(op): output with shape \(shape) doesn't match the broadcast shape \(broadcastShape(shape, other.shape).map { "\($0)" } ?? "(shapes \(shape) and \(other.shape) do not broadcast)")")
        }
        if other.shape == shape {
            let n = storage.count
            other.storage.withUnsafeBufferPointer { q in
                storage.withUnsafeMutableBufferPointer { p in for i in 0..<n { p[i] = K.apply(p[i], q[i]) } }
            }
            return
        }
        let own = broadcastStrides(shape, to: shape), from = broadcastStrides(other.shape, to: shape)
        try other.storage.withUnsafeBufferPointer { q in
            try storage.withUnsafeMutableBufferPointer { p in
                try forEachBroadcast(shape, own, from, context: TensorContext.current) { _, i, j in
                    p[i] = K.apply(p[i], q[j])
                }
            }
        }
    }

    private func updateScalar<K: BinaryKernel>(_ s: Double, _ k: K.Type, op: String) throws {
        try checkInPlace(with: nil, op: op)
        let n = storage.count
        storage.withUnsafeMutableBufferPointer { p in for i in 0..<n { p[i] = K.apply(p[i], s) } }
    }
}
