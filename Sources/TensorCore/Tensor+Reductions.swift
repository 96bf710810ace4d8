import Foundation

/// A tensor seen as [outer, size, inner] around one axis, for reductions along it.
struct AxisLayout {
    let outer: Int
    let size: Int
    let inner: Int
    /// The result shape with the axis kept as 1 or removed.
    let keptShape: [Int]
    let droppedShape: [Int]

    init(shape: [Int], axis: Int) {
        outer = shape[..<axis].reduce(1, *)
        size = shape[axis]
        inner = shape[(axis + 1)...].reduce(1, *)
        var kept = shape
        kept[axis] = 1
        keptShape = kept
        var dropped = shape
        dropped.remove(at: axis)
        droppedShape = dropped
    }
}

extension Tensor {
    /// `dim` made non-negative, or an error naming the op when it is out of range.
    func normalizedAxis(_ dim: Int, op: String) throws -> Int {
        let r = Swift.max(shape.count, 1)
        guard dim >= -r, dim < r else {
            throw TensorError("\(op): dimension \(dim) is out of range for a tensor of shape \(shape) (expected \(-r)...\(r - 1))")
        }
        return dim < 0 ? dim + r : dim
    }

    /// Applies `lane(pointer, start, stride, count)` to every lane along `axis`, one result per lane.
    func reduceLanes(axis: Int, _ lane: (UnsafeBufferPointer<Double>, Int, Int, Int) -> Double)
        -> (values: TensorStorage, layout: AxisLayout)
    {
        let layout = AxisLayout(shape: shape, axis: axis)
        let values = storage.withUnsafeBufferPointer { p in
            makeBuffer(layout.outer * layout.inner) { out in
                for o in 0..<layout.outer {
                    for i in 0..<layout.inner {
                        out[o * layout.inner + i] = lane(p, o * layout.size * layout.inner + i, layout.inner, layout.size)
                    }
                }
            }
        }
        return (values, layout)
    }

    /// The sum of all elements (a scalar).
    public func sum() throws -> Tensor {
        let total = storage.withUnsafeBufferPointer(elementSum)
        let out = Tensor.make(shape: [], storage: TensorStorage(scalar: total))
        if storedKind != .float { out.storedKind = .long }
        if Tensor.records(TensorContext.current, self) {
            let inShape = shape
            out.attach("SumBackward0", self, saves: false) { g in try g.expand(to: inShape) }
        }
        return out
    }

    /// Sums along `dim`, keeping it as size 1 when `keepDim`.
    public func sum(dim: Int, keepDim: Bool = false) throws -> Tensor {
        if shape.isEmpty { _ = try normalizedAxis(dim, op: "sum"); return try sum() }
        let axis = try normalizedAxis(dim, op: "sum")
        let (values, layout) = reduceLanes(axis: axis) { p, start, stride, n in
            var s = 0.0
            for k in 0..<n { s += p[start + k * stride] }
            return s
        }
        let out = Tensor(shape: keepDim ? layout.keptShape : layout.droppedShape, storage: values)
        if storedKind != .float { out.storedKind = .long }
        if Tensor.records(TensorContext.current, self) {
            let (inShape, kept) = (shape, layout.keptShape)
            out.attach("SumBackward1", self, saves: false) { g in
                try g.reshape(kept).expand(to: inShape)
            }
        }
        return out
    }

    /// The mean of all elements (NaN for an empty tensor, as PyTorch).
    public func mean() throws -> Tensor {
        let n = Double(storage.count)
        let total = storage.withUnsafeBufferPointer(elementSum)
        let out = Tensor.make(shape: [], storage: TensorStorage(scalar: total / n))
        if Tensor.records(TensorContext.current, self) { out.attach(MeanNode.make(self)) }
        return out
    }

    /// The mean along `dim`, keeping it as size 1 when `keepDim`.
    public func mean(dim: Int, keepDim: Bool = false) throws -> Tensor {
        if shape.isEmpty { _ = try normalizedAxis(dim, op: "mean"); return try mean() }
        let axis = try normalizedAxis(dim, op: "mean")
        let n = Double(shape[axis])
        let (values, layout) = reduceLanes(axis: axis) { p, start, stride, count in
            var s = 0.0
            for k in 0..<count { s += p[start + k * stride] }
            return s / n
        }
        let out = Tensor(shape: keepDim ? layout.keptShape : layout.droppedShape, storage: values)
        if Tensor.records(TensorContext.current, self) {
            let (inShape, kept) = (shape, layout.keptShape)
            out.attach("MeanBackward1", self, saves: false) { g in
                try g.dividing(n).reshape(kept).expand(to: inShape)
            }
        }
        return out
    }

    /// The largest element (a scalar); NaN if any element is NaN. Ties share the gradient evenly.
    public func max() throws -> Tensor { try extreme(largest: true) }
    /// The smallest element (a scalar); NaN if any element is NaN. Ties share the gradient evenly.
    public func min() throws -> Tensor { try extreme(largest: false) }

    private func extreme(largest: Bool) throws -> Tensor {
        let op = largest ? "max" : "min"
        guard !storage.isEmpty else {
            throw TensorError("\(op)(): cannot reduce an empty tensor (shape \(shape)) without a dim")
        }
        var best = storage[0]
        for v in storage {
            if v.isNaN { best = v; break }
            if largest ? v > best : v < best { best = v }
        }
        let out = Tensor(best)
        out.storedKind = storedKind
        if Tensor.records(TensorContext.current, self) {
            let target = best
            out.attach(largest ? "MaxBackward1" : "MinBackward1", self, saves: true) { g in
                let mask = self.mapValues { $0 == target || ($0.isNaN && target.isNaN) ? 1 : 0 }
                let ties = mask.storage.reduce(0, +)
                return try g.multiplying(mask.dividing(ties))
            }
        }
        return out
    }

    /// Largest values along `dim` and their indices (as whole-number Doubles; first index on ties).
    public func max(dim: Int, keepDim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try extreme(dim: dim, keepDim: keepDim, largest: true)
    }

    /// Smallest values along `dim` and their indices (as whole-number Doubles; first index on ties).
    public func min(dim: Int, keepDim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try extreme(dim: dim, keepDim: keepDim, largest: false)
    }

    /// Indices of the largest values along `dim`, as whole-number Doubles.
    public func argmax(dim: Int, keepDim: Bool = false) throws -> Tensor {
        try extreme(dim: dim, keepDim: keepDim, largest: true).indices
    }

    /// Indices of the smallest values along `dim`, as whole-number Doubles.
    public func argmin(dim: Int, keepDim: Bool = false) throws -> Tensor {
        try extreme(dim: dim, keepDim: keepDim, largest: false).indices
    }

    /// The flat index of the largest element (a scalar), as `torch.argmax` without a dim.
    public func argmax() throws -> Tensor {
        try reshape([count]).argmax(dim: 0)
    }

    private func extreme(dim: Int, keepDim: Bool, largest: Bool) throws -> (values: Tensor, indices: Tensor) {
        let op = largest ? "max" : "min"
        let source = shape.isEmpty ? try reshape([1]) : self
        let axis = try normalizedAxis(dim, op: op)
        guard source.shape[axis] > 0 else {
            throw TensorError("\(op)(dim: \(dim)): cannot reduce an axis of size 0 (shape \(shape))")
        }
        var indices: [Double] = []
        let (values, layout) = source.reduceLanes(axis: axis) { p, start, stride, n in
            var best = p[start], at = 0
            for k in 1..<Swift.max(n, 1) where !best.isNaN {
                let v = p[start + k * stride]
                if v.isNaN || (largest ? v > best : v < best) { best = v; at = k }
            }
            indices.append(Double(at))
            return best
        }
        let outShape = shape.isEmpty ? [] : (keepDim ? layout.keptShape : layout.droppedShape)
        let out = Tensor(shape: outShape, storage: values)
        out.storedKind = storedKind
        let idx = Tensor(shape: outShape, storage: indices)
        idx.storedKind = .long
        if Tensor.records(TensorContext.current, self) {
            let (inShape, kept) = (shape, layout.keptShape)
            out.attach(largest ? "MaxBackward0" : "MinBackward0", self, saves: true) { g in
                if inShape.isEmpty { return g }
                let mask = Tensor.oneHot(indices, layout: layout, shape: inShape)
                return try g.reshape(kept).multiplying(mask)
            }
        }
        return (out, idx)
    }

    /// A constant 0/1 tensor with a 1 at each lane's chosen index.
    static func oneHot(_ indices: [Double], layout: AxisLayout, shape: [Int]) -> Tensor {
        var data = [Double](repeating: 0, count: layout.outer * layout.size * layout.inner)
        for o in 0..<layout.outer {
            for i in 0..<layout.inner {
                let k = Int(indices[o * layout.inner + i])
                data[(o * layout.size + k) * layout.inner + i] = 1
            }
        }
        return Tensor(shape: shape, storage: data)
    }

    /// Sums broadcast axes away so the result has `target` shape (the adjoint of `expand(to:)`).
    public func sum(toShape target: [Int]) throws -> Tensor {
        if target == shape { return self }
        if target.count <= shape.count, target.allSatisfy({ $0 == 1 }) {
            let total = storage.withUnsafeBufferPointer(elementSum)
            return try Tensor.make(shape: target, storage: TensorStorage(scalar: total)).recordSumTo(from: self)
        }
        guard broadcastShape(target, shape) == shape else {
            throw TensorError("cannot sum a tensor of shape \(shape) to shape \(target)")
        }
        let n = try Tensor.elementCount(target, op: "sum(toShape:)")
        let data: TensorStorage
        if n == 1 {
            data = TensorStorage(scalar: storage.withUnsafeBufferPointer(elementSum))
        } else if Array(target.drop(while: { $0 == 1 })) == Array(shape.suffix(target.drop(while: { $0 == 1 }).count)) {
            // Summing whole rows (a bias's gradient, [N, F] to [F]): row after row into the result,
            // in the order the general loop below adds them, so the sums are the same to the bit.
            data = storage.withUnsafeBufferPointer { p in
                makeBuffer(n) { acc in
                    acc.initialize(repeating: 0)
                    // Threads take ranges of columns, each summed over all rows in order.
                    ParallelLoop.forEach(n, work: p.count) { columns in
                        var start = 0
                        while start < p.count {
                            for j in columns { acc[j] += p[start + j] }
                            start += n
                        }
                    }
                }
            }
        } else {
            var acc = [Double](repeating: 0, count: n)
            let own = broadcastStrides(shape, to: shape), into = broadcastStrides(target, to: shape)
            try storage.withUnsafeBufferPointer { p in
                try acc.withUnsafeMutableBufferPointer { a in
                    try forEachBroadcast(shape, own, into, context: TensorContext.current) { _, i, j in a[j] += p[i] }
                }
            }
            data = TensorStorage(acc)
        }
        return try Tensor.make(shape: target, storage: data).recordSumTo(from: self)
    }

    /// Records `self` as the sum of `source` over broadcast axes.
    private func recordSumTo(from source: Tensor) throws -> Tensor {
        if Tensor.records(TensorContext.current, source) {
            let inShape = source.shape
            attach("SumToSizeBackward0", source, saves: false) { g in try g.expand(to: inShape) }
        }
        return self
    }

    /// Repeats size-1 axes (and adds leading axes) to reach `target`, by broadcasting rules.
    public func expand(to target: [Int]) throws -> Tensor {
        if target == shape { return self }
        guard broadcastShape(shape, target) == target else {
            throw TensorError("cannot expand a tensor of shape \(shape) to shape \(target)")
        }
        let context = TensorContext.current
        let n = try Tensor.elementCount(target, op: "expand")
        try context.checkLimit(n)
        let data: TensorStorage
        if storage.count == 1 {
            data = TensorStorage(repeating: storage[0], count: n)
        } else {
            let from = broadcastStrides(shape, to: target)
            data = try storage.withUnsafeBufferPointer { p in
                try makeBuffer(n) { out in
                    try forEachBroadcast(target, from, from, context: context) { o, i, _ in out[o] = p[i] }
                }
            }
        }
        let out = Tensor(shape: target, storage: data)
        if Tensor.records(context, self) {
            let inShape = shape
            out.attach("ExpandBackward0", self, saves: false) { g in try g.sum(toShape: inShape) }
        }
        return out
    }

    /// Softmax along `dim`: exp(x) / Σ exp(x), computed stably.
    public func softmax(dim: Int) throws -> Tensor {
        let out = try softmaxValues(dim: dim, log: false)
        if Tensor.records(TensorContext.current, self) {
            let value = out.detach()
            out.attach("SoftmaxBackward0", self, saves: true) { g in
                let y = TensorContext.current.isGradEnabled ? try self.softmax(dim: dim) : value
                return try y.multiplying(g.subtracting(g.multiplying(y).sum(dim: dim, keepDim: true)))
            }
        }
        return out
    }

    /// Log of softmax along `dim`: x − logΣexp(x), computed stably.
    public func logSoftmax(dim: Int) throws -> Tensor {
        let out = try softmaxValues(dim: dim, log: true)
        if Tensor.records(TensorContext.current, self) {
            out.attach("LogSoftmaxBackward0", self, saves: true) { g in
                try g.subtracting(self.softmax(dim: dim).multiplying(g.sum(dim: dim, keepDim: true)))
            }
        }
        return out
    }

    private func softmaxValues(dim: Int, log: Bool) throws -> Tensor {
        let axis = try normalizedAxis(dim, op: log ? "logSoftmax" : "softmax")
        if shape.isEmpty { return Tensor(shape: [], storage: TensorStorage(scalar: log ? 0 : 1)) }
        let layout = AxisLayout(shape: shape, axis: axis)
        var data = storage
        data.withUnsafeMutableBufferPointer { p in
            for o in 0..<layout.outer {
                for i in 0..<layout.inner {
                    let start = o * layout.size * layout.inner + i, stride = layout.inner
                    var m = -Double.infinity
                    for k in 0..<layout.size { m = Swift.max(m, p[start + k * stride]) }
                    if !m.isFinite { m = 0 }
                    var total = 0.0
                    for k in 0..<layout.size { total += Foundation.exp(p[start + k * stride] - m) }
                    let logTotal = Foundation.log(total)
                    for k in 0..<layout.size {
                        let shifted = p[start + k * stride] - m
                        p[start + k * stride] = log ? shifted - logTotal : Foundation.exp(shifted) / total
                    }
                }
            }
        }
        return Tensor(shape: shape, storage: data)
    }
}
