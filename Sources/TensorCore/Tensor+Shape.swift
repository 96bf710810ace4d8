extension Tensor {
    /// The same elements in a new shape with the same count; one entry may be -1 (inferred).
    public func reshape(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        guard inferred.count <= 1 else { throw TensorError("reshape: only one dimension can be -1, got \(newShape)") }
        if let at = inferred.first {
            var rest = newShape
            rest[at] = 1
            let known = try Tensor.elementCount(rest, op: "reshape")
            guard known > 0, count % known == 0 else {
                throw TensorError("reshape: shape \(newShape) is invalid for input of size \(count) (shape \(shape))")
            }
            target[at] = count / known
        }
        let n = try Tensor.elementCount(target, op: "reshape")
        guard n == count else {
            throw TensorError("reshape: shape \(newShape) is invalid for input of size \(count) (shape \(shape))")
        }
        return reshaped(target, name: "ViewBackward0")
    }

    /// Removes every axis of size 1.
    public func squeeze() throws -> Tensor {
        reshaped(shape.filter { $0 != 1 }, name: "SqueezeBackward0")
    }

    /// Removes axis `dim` if its size is 1 (otherwise returns the same shape, as PyTorch).
    public func squeeze(dim: Int) throws -> Tensor {
        let axis = try normalizedAxis(dim, op: "squeeze")
        var target = shape
        if !shape.isEmpty, shape[axis] == 1 { target.remove(at: axis) }
        return reshaped(target, name: "SqueezeBackward1")
    }

    /// Inserts an axis of size 1 at `dim` (−rank−1 ... rank).
    public func unsqueeze(_ dim: Int) throws -> Tensor {
        let r = shape.count + 1
        guard dim >= -r, dim < r else {
            throw TensorError("unsqueeze: dimension \(dim) is out of range for a tensor of shape \(shape) (expected \(-r)...\(r - 1))")
        }
        var target = shape
        target.insert(1, at: dim < 0 ? dim + r : dim)
        return reshaped(target, name: "UnsqueezeBackward0")
    }

    /// A flat 1-D tensor of all elements.
    public func flattened() throws -> Tensor { reshaped([count], name: "ViewBackward0") }

    /// The same storage under another shape (shared copy-on-write), recorded as `name`.
    func reshaped(_ target: [Int], name: StaticString) -> Tensor {
        let out = Tensor(shape: target, storage: storage)
        out.storedKind = storedKind
        if Tensor.records(TensorContext.current, self) {
            let inShape = shape
            out.attach(name, self, saves: false) { g in try g.reshape(inShape) }
        }
        return out
    }

    /// The matrix transpose of a tensor of rank ≤ 2 (PyTorch's `t()`).
    public func transposed() throws -> Tensor {
        guard shape.count <= 2 else {
            throw TensorError("transposed() expects a tensor with at most 2 dimensions, but got shape \(shape); use transposed(0, 1)")
        }
        return try transposeAxes(0, shape.count == 2 ? 1 : 0, name: "TBackward0")
    }

    /// Swaps axes `dim0` and `dim1`.
    public func transposed(_ dim0: Int, _ dim1: Int) throws -> Tensor {
        let a = try normalizedAxis(dim0, op: "transposed"), b = try normalizedAxis(dim1, op: "transposed")
        return try transposeAxes(a, b, name: "TransposeBackward0")
    }

    /// Whether swapping axes `a` and `b` leaves the row-major order of the elements as it is: the
    /// axes longer than 1 are in the same order after the swap.
    private func keepsElementOrder(swapping a: Int, _ b: Int) -> Bool {
        var last = -1
        for position in 0..<shape.count {
            let axis = position == a ? b : position == b ? a : position
            guard shape[axis] != 1 else { continue }
            if axis < last { return false }
            last = axis
        }
        return true
    }

    private func transposeAxes(_ a: Int, _ b: Int, name: StaticString) throws -> Tensor {
        if shape.count < 2 || a == b { return reshaped(shape, name: name) }
        var target = shape
        target.swapAt(a, b)
        // When the axes longer than 1 keep their order (a column [n, 1] to a row [1, n], the usual
        // case in a layer's backward), the elements stay in place: the result shares them, as a
        // reshape does, instead of copying them and caching the copy.
        if keepsElementOrder(swapping: a, b) { return reshaped(target, name: name) }
        let recording = Tensor.records(TensorContext.current, self)
        // Matmul's backward transposes its constant operand (the data) every epoch: copy it once.
        if !recording, let cached = cachedDerived(.transpose(a, b)) { return cached }
        // Strides of the source read in the order of the target's axes.
        var strides = [Int](repeating: 1, count: shape.count)
        for i in stride(from: shape.count - 2, through: 0, by: -1) { strides[i] = strides[i + 1] * shape[i + 1] }
        strides.swapAt(a, b)
        let data = try storage.withUnsafeBufferPointer { p in
            try makeBuffer(count) { out in
                try forEachBroadcast(target, strides, strides, context: TensorContext.current) { o, i, _ in out[o] = p[i] }
            }
        }
        let out = Tensor(shape: target, storage: data)
        if recording {
            out.attach(name, self, saves: false) { g in try g.transposed(a, b) }
        } else {
            rememberDerived(.transpose(a, b), out)
        }
        return out
    }
}
