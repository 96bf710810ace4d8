/// Joining tensors: `cat` along an existing axis and `stack` along a new one.
extension Tensor {
    /// The tensors joined along `dim`, as `torch.cat`: every other axis must match.
    public static func concatenate(_ parts: [Tensor], dim: Int) throws -> Tensor {
        try join(parts, dim: dim, name: "CatBackward0")
    }

    /// The tensors, all of one shape, stacked along a new axis `dim`, as `torch.stack`.
    public static func stack(_ parts: [Tensor], dim: Int) throws -> Tensor {
        guard let first = parts.first else { throw TensorError("stack expects a non-empty list of tensors") }
        for (k, t) in parts.enumerated() where t.shape != first.shape {
            throw TensorError("stack expects each tensor to be equal size, but got \(first.shape) at entry 0 and \(t.shape) at entry \(k)")
        }
        let r = first.rank + 1
        guard dim >= -r, dim < r else {
            throw TensorError("stack: dimension \(dim) is out of range for tensors of shape \(first.shape) (expected \(-r)...\(r - 1))")
        }
        let axis = dim < 0 ? dim + r : dim
        var target = first.shape
        target.insert(1, at: axis)
        let expanded = parts.map { $0.reshaped(target, name: "UnsqueezeBackward0") }
        return try join(expanded, dim: axis, name: "StackBackward0")
    }

    private static func join(_ parts: [Tensor], dim: Int, name: StaticString) throws -> Tensor {
        guard let first = parts.first else { throw TensorError("cat expects a non-empty list of tensors") }
        guard first.rank > 0 else { throw TensorError("zero-dimensional tensor (at position 0) cannot be concatenated") }
        let axis = try first.normalizedAxis(dim, op: "cat")
        for (k, t) in parts.enumerated() {
            guard t.rank == first.rank else {
                throw TensorError("cat: tensors must have the same number of dimensions: got \(first.rank) and \(t.rank) (at position \(k))")
            }
            for d in 0..<first.rank where d != axis && t.shape[d] != first.shape[d] {
                throw TensorError("cat: sizes of tensors must match except in dimension \(axis): expected size \(first.shape[d]) but got size \(t.shape[d]) for tensor number \(k) in the list")
            }
        }
        let context = TensorContext.current
        let recording = context.isGradEnabled && parts.contains { $0.storedRequiresGrad }
        guard recording, parts.count > 1 else { return try joined(parts, axis: axis, context: context) }
        return try joinRecorded(parts[...], axis: axis, name: name, context: context)
    }

    /// Joins in one pass, recording nothing.
    private static func joined(_ parts: [Tensor], axis: Int, context: TensorContext) throws -> Tensor {
        var shape = parts[0].shape
        shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
        let n = try elementCount(shape, op: "cat")
        try context.checkLimit(n)
        let outer = shape[..<axis].reduce(1, *)
        let blocks = parts.map { $0.shape[axis...].reduce(1, *) }
        let row = blocks.reduce(0, +)
        let data = makeBuffer(n) { out in
            var offset = 0
            for (t, block) in zip(parts, blocks) {
                t.storage.withUnsafeBufferPointer { p in
                    for o in 0..<outer {
                        for i in 0..<block { out[o * row + offset + i] = p[o * block + i] }
                    }
                }
                offset += block
            }
        }
        let out = Tensor(shape: shape, storage: data)
        if parts.allSatisfy({ $0.storedKind == parts[0].storedKind }) { out.storedKind = parts[0].storedKind }
        return out
    }

    /// Joins as a balanced tree of two-input nodes (graph nodes take at most two inputs), each of
    /// whose backward hands each side its slice of the gradient.
    private static func joinRecorded(_ parts: ArraySlice<Tensor>, axis: Int, name: StaticString,
                                     context: TensorContext) throws -> Tensor {
        if parts.count == 1 { return parts[parts.startIndex] }
        let middle = parts.startIndex + parts.count / 2
        let left = try joinRecorded(parts[..<middle], axis: axis, name: name, context: context)
        let right = try joinRecorded(parts[middle...], axis: axis, name: name, context: context)
        let out = try joined([left, right], axis: axis, context: context)
        if Tensor.records(context, left, right) {
            let split = left.shape[axis], total = out.shape[axis]
            out.attach(name, left, right, saves: false) { g in
                var head = [TensorIndex](repeating: .all, count: axis), tail = head
                head.append(.range(0, split))
                tail.append(.range(split, total))
                return (left.storedRequiresGrad ? try g.index(head) : nil,
                        right.storedRequiresGrad ? try g.index(tail) : nil)
            }
        }
        return out
    }
}
