/// One axis of a subscript: `X[0]`, `X[1..<3]`, `X[:]`, `X[...]`, or a new axis of size 1.
public enum TensorIndex: Sendable, Equatable {
    /// A single position; negative counts from the end. Removes the axis.
    case at(Int)
    /// A half-open range `lower..<upper` with a positive step; nil bounds mean the ends, negative
    /// bounds count from the end, and bounds past the ends are clamped (as Python slices).
    case range(Int?, Int?, step: Int)
    /// The whole axis (`:`).
    case all
    /// All remaining axes (`...`); at most one per subscript.
    case ellipsis
    /// A new axis of size 1 (PyTorch's `None`).
    case newAxis

    /// A half-open range with step 1.
    public static func range(_ lower: Int?, _ upper: Int?) -> TensorIndex { .range(lower, upper, step: 1) }
}

/// A strided window into a contiguous tensor: `base + Σ index[k]·strides[k]`.
struct StridedView {
    var base = 0
    var shape: [Int] = []
    var strides: [Int] = []
    /// PyTorch's node name for the last axis operation (`SelectBackward0`, `SliceBackward0`, ...).
    var name: StaticString = "AliasBackward0"

    /// Row-major stride of `axis` in a tensor of `shape`: the product of the sizes after it.
    private static func stride(of axis: Int, in shape: [Int]) -> Int {
        var s = 1
        var k = axis + 1
        while k < shape.count { s *= shape[k]; k += 1 }
        return s
    }

    /// Keeps axis `axis` of the source whole.
    mutating func keep(_ axis: Int, of source: [Int]) {
        shape.append(source[axis])
        strides.append(StridedView.stride(of: axis, in: source))
    }

    /// Applies one spec other than `...`, advancing `axis` past the source axes it consumes.
    mutating func apply(_ spec: TensorIndex, at axis: inout Int, of source: [Int]) throws {
        switch spec {
        case .newAxis:
            shape.append(1); strides.append(0)
            return
        case .ellipsis:
            return
        case .at(let i):
            let size = source[axis]
            let j = i < 0 ? i + size : i
            guard j >= 0, j < size else {
                throw TensorError("index \(i) is out of bounds for dimension \(axis) with size \(size)")
            }
            base += j * StridedView.stride(of: axis, in: source)
            name = "SelectBackward0"
        case .all:
            keep(axis, of: source)
            name = "SliceBackward0"
        case .range(let lower, let upper, let step):
            try slice(axis, of: source, from: lower, to: upper, step: step)
            name = "SliceBackward0"
        }
        axis += 1
    }

    /// Takes `lower..<upper` by `step` of axis `axis` (bounds clamped and counted from the end when
    /// negative, as Python's slices).
    private mutating func slice(_ axis: Int, of source: [Int], from lower: Int?, to upper: Int?, step: Int) throws {
        guard step > 0 else { throw TensorError("slice step must be positive, got \(step)") }
        let size = source[axis]
        func clampBound(_ b: Int?, _ fallback: Int) -> Int {
            guard let b else { return fallback }
            let v = b < 0 ? b + size : b
            return Swift.min(Swift.max(v, 0), size)
        }
        let lo = clampBound(lower, 0), hi = clampBound(upper, size)
        let n = hi > lo ? (hi - lo + step - 1) / step : 0
        let stride = StridedView.stride(of: axis, in: source)
        base += (n > 0 ? lo : 0) * stride
        shape.append(n)
        strides.append(stride * step)
    }
}

extension Tensor {
    /// The elements selected by one spec per axis (`X[:, 0]` is `[.all, .at(0)]`).
    public func index(_ specs: [TensorIndex]) throws -> Tensor {
        // The flag first: data (`X[:, 0]`) needs no look at the thread's grad mode.
        if storedRequiresGrad, TensorContext.isGradEnabledNow { return try gatherRecorded(resolve(specs)) }
        if storedKind != .float {
            let out = try gather(resolve(specs))
            out.storedKind = storedKind
            return out
        }
        // Without a graph the result depends only on the elements: the same read of unchanged
        // data (a column of the training set, every epoch) is copied once.
        let key = DerivedCache.Key.index(specs)
        if let cached = cachedDerived(key) { return cached }
        let out = try gather(resolve(specs))
        rememberDerived(key, out)
        return out
    }

    /// `gather` with its backward (a scatter into zeros) recorded.
    func gatherRecorded(_ view: StridedView) throws -> Tensor {
        let out = try gather(view)
        if Tensor.records(TensorContext.current, self) {
            let inShape = shape
            out.attach(view.name, self, saves: false) { g in try g.scatter(view, into: inShape) }
        }
        return out
    }

    /// Writes `value` (broadcast to the selection's shape) into the selected elements, in place.
    /// Allowed only when no graph would be recorded, as PyTorch's rule for leaves.
    public func assign(_ value: Tensor, at specs: [TensorIndex]) throws {
        try checkInPlace(with: value, op: "indexed assignment")
        let view = try resolve(specs)
        guard let b = broadcastShape(value.shape, view.shape), b == view.shape else {
            throw TensorError("cannot assign a tensor of shape \(value.shape) to a selection of shape \(view.shape)")
        }
        let source = try value.expand(to: view.shape).storage
        let from = broadcastStrides(view.shape, to: view.shape)
        try storage.withUnsafeMutableBufferPointer { p in
            try source.withUnsafeBufferPointer { s in
                try forEachBroadcast(view.shape, view.strides, from, context: TensorContext.current) { _, i, j in
                    p[view.base + i] = s[j]
                }
            }
        }
    }

    /// Writes `value` into every selected element, in place (same rules as `assign(_:at:)`).
    public func assign(_ value: Double, at specs: [TensorIndex]) throws {
        try assign(Tensor(value), at: specs)
    }

    /// Works out the strided window that `specs` select (one pass, no intermediate arrays).
    func resolve(_ specs: [TensorIndex]) throws -> StridedView {
        let consuming = try consumedAxes(specs)
        var view = StridedView()
        view.shape.reserveCapacity(shape.count + specs.count)
        view.strides.reserveCapacity(shape.count + specs.count)
        var axis = 0
        for spec in specs {
            if case .ellipsis = spec {
                for _ in 0..<(shape.count - consuming) { view.keep(axis, of: shape); axis += 1 }
            } else {
                try view.apply(spec, at: &axis, of: shape)
            }
        }
        while axis < shape.count { view.keep(axis, of: shape); axis += 1 }
        return view
    }

    /// How many axes of this tensor `specs` consume (all but `...` and new axes), checking that
    /// there are not too many and at most one ellipsis.
    private func consumedAxes(_ specs: [TensorIndex]) throws -> Int {
        var consuming = 0, ellipses = 0
        for spec in specs {
            switch spec {
            case .ellipsis: ellipses += 1
            case .newAxis: break
            default: consuming += 1
            }
        }
        guard ellipses <= 1 else { throw TensorError("an index can only have a single ellipsis ('...')") }
        guard consuming <= shape.count else {
            throw TensorError("too many indices for tensor of dimension \(shape.count): got \(consuming) indices for shape \(shape)")
        }
        return consuming
    }

    /// The window's elements as a new contiguous tensor (no graph).
    func gather(_ view: StridedView) throws -> Tensor {
        let n = view.shape.reduce(1, *)
        if view.shape.count == 1 {
            let stride = view.strides[0], base = view.base
            let column = storage.withUnsafeBufferPointer { p in
                makeBuffer(n) { out in for i in 0..<n { out[i] = p[base + i * stride] } }
            }
            return Tensor(shape: view.shape, storage: column)
        }
        let data = try storage.withUnsafeBufferPointer { p in
            try makeBuffer(n) { out in
                try forEachBroadcast(view.shape, view.strides, view.strides, context: TensorContext.current) { o, i, _ in
                    out[o] = p[view.base + i]
                }
            }
        }
        return Tensor(shape: view.shape, storage: data)
    }

    /// Zeros of `shape` with this tensor added into the window (the adjoint of `gather`).
    func scatter(_ view: StridedView, into shape: [Int]) throws -> Tensor {
        let n = shape.reduce(1, *)
        var data = [Double](repeating: 0, count: n)
        let mine = broadcastStrides(self.shape, to: self.shape)
        try storage.withUnsafeBufferPointer { g in
            try data.withUnsafeMutableBufferPointer { p in
                try forEachBroadcast(view.shape, view.strides, mine, context: TensorContext.current) { _, i, j in
                    p[view.base + i] += g[j]
                }
            }
        }
        let out = Tensor(shape: shape, storage: data)
        if Tensor.records(TensorContext.current, self) {
            out.attach("IndexBackwardBackward0", self, saves: false) { g in try g.gatherRecorded(view) }
        }
        return out
    }
}
