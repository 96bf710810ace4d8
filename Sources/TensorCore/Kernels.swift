import CKernels

/// Elementwise kernels: one generic loop per shape case, specialised per operation at compile time
/// (no closure call per element).

/// A binary elementwise operation.
protocol BinaryKernel {
    static func apply(_ a: Double, _ b: Double) -> Double
    /// The operation's code for CKernels' array loops (`labrun_binary`), or nil to loop in Swift.
    static var arrayOp: Int32? { get }
}

extension BinaryKernel {
    static var arrayOp: Int32? { nil }

    /// out[i] = apply(a[i], b[i]) for i in `range` (`out` may be `a`'s own elements).
    @inline(__always)
    static func run(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>,
                    _ out: UnsafeMutableBufferPointer<Double>, _ range: Range<Int>) {
        if let op = arrayOp, range.count >= arrayKernelMinimum, let pa = a.baseAddress, let pb = b.baseAddress,
           let po = out.baseAddress {
            let i = range.lowerBound
            return labrun_binary(op, pa + i, pb + i, po + i, range.count)
        }
        for i in range { out[i] = apply(a[i], b[i]) }
    }

    /// out[i] = apply(a[i], s), or apply(s, a[i]) when `numberFirst`, for i in `range`.
    @inline(__always)
    static func run(_ a: UnsafeBufferPointer<Double>, _ s: Double, numberFirst: Bool,
                    _ out: UnsafeMutableBufferPointer<Double>, _ range: Range<Int>) {
        if let op = arrayOp, range.count >= arrayKernelMinimum, let pa = a.baseAddress, let po = out.baseAddress {
            let i = range.lowerBound
            if numberFirst { return labrun_binary_scalar_left(op, s, pa + i, po + i, range.count) }
            return labrun_binary_scalar_right(op, pa + i, s, po + i, range.count)
        }
        if numberFirst {
            for i in range { out[i] = apply(s, a[i]) }
        } else {
            for i in range { out[i] = apply(a[i], s) }
        }
    }
}

/// The fewest elements for which calling a CKernels array loop beats looping in Swift.
let arrayKernelMinimum = 8

enum AddKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a + b }
    static var arrayOp: Int32? { Int32(LABRUN_ADD) }
}
enum SubKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a - b }
    static var arrayOp: Int32? { Int32(LABRUN_SUB) }
}
enum MulKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a * b }
    static var arrayOp: Int32? { Int32(LABRUN_MUL) }
}
enum DivKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a / b }
    static var arrayOp: Int32? { Int32(LABRUN_DIV) }
}
enum PowKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { Foundation.pow(a, b) } }
enum EqKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a == b ? 1 : 0 } }
enum NeKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a != b ? 1 : 0 } }
enum LtKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a < b ? 1 : 0 } }
enum LeKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a <= b ? 1 : 0 } }
enum GtKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a > b ? 1 : 0 } }
enum GeKernel: BinaryKernel { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a >= b ? 1 : 0 } }

import Foundation

/// Elements per chunk between cancellation checks.
let cancellationChunk = 1 << 18

/// The broadcast shape of `a` and `b` by PyTorch's rules, or nil when they do not broadcast.
func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
    if a == b { return a }
    let r = max(a.count, b.count)
    var out = [Int](repeating: 1, count: r)
    for i in 0..<r {
        let da = i < r - a.count ? 1 : a[i - (r - a.count)]
        let db = i < r - b.count ? 1 : b[i - (r - b.count)]
        if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else { return nil }
    }
    return out
}

/// Row-major strides of `shape` laid into an output of rank `rank`, 0 along broadcast axes.
func broadcastStrides(_ shape: [Int], to out: [Int]) -> [Int] {
    let r = out.count
    var strides = [Int](repeating: 0, count: r)
    var s = 1
    var i = shape.count - 1
    while i >= 0 {
        let o = i + (r - shape.count)
        strides[o] = (shape[i] == 1 && out[o] != 1) ? 0 : s
        s *= shape[i]
        i -= 1
    }
    return strides
}

/// The sum of the elements, kept in four interleaved partial sums (two 2-lane vectors): one running
/// sum makes every addition wait for the previous one (4 cycles each), which made the sums of the
/// backward pass slower than the rest of the arithmetic. Summing in a different order can change the
/// last bits, as PyTorch's own vectorised sums do.
@inline(__always)
func elementSum(_ p: UnsafeBufferPointer<Double>) -> Double {
    guard let base = p.baseAddress else { return 0 }
    let n = p.count
    // CKernels' loop adds in this very order, four doubles at a time where the CPU has AVX2.
    if n >= arrayKernelMinimum { return labrun_sum(base, n) }
    var (low, high) = (SIMD2<Double>(), SIMD2<Double>())
    var i = 0
    while i + 4 <= n {
        low += pair(base, i)
        high += pair(base, i + 2)
        i += 4
    }
    while i < n { low[0] += base[i]; i += 1 }
    return (low[0] + low[1]) + (high[0] + high[1])
}

/// Σ p[i]·q[i] over equal-length buffers, in four partial sums (see `elementSum`).
@inline(__always)
func dotProduct(_ p: UnsafeBufferPointer<Double>, _ q: UnsafeBufferPointer<Double>) -> Double {
    guard let a = p.baseAddress, let b = q.baseAddress else { return 0 }
    let n = Swift.min(p.count, q.count)
    if n >= arrayKernelMinimum { return labrun_dot(a, b, n) }
    var (low, high) = (SIMD2<Double>(), SIMD2<Double>())
    var i = 0
    while i + 4 <= n {
        low += pair(a, i) * pair(b, i)
        high += pair(a, i + 2) * pair(b, i + 2)
        i += 4
    }
    while i < n { low[0] += a[i] * b[i]; i += 1 }
    return (low[0] + low[1]) + (high[0] + high[1])
}

/// The two elements at `i` and `i + 1` as one vector (an unaligned 16-byte load).
@inline(__always)
private func pair(_ base: UnsafePointer<Double>, _ i: Int) -> SIMD2<Double> {
    UnsafeRawPointer(base + i).loadUnaligned(as: SIMD2<Double>.self)
}

/// A new buffer of `count` elements filled by `body` (no zero-fill first).
@inline(__always)
func makeBuffer(_ count: Int, _ body: (UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows -> TensorStorage {
    try TensorStorage(count: count, initializingWith: body)
}

/// Visits every element of a broadcast iteration: `body(outIndex, offsetA, offsetB)` for each output
/// element in row-major order, with offsets into the two operands.
@inline(__always)
func forEachBroadcast(_ out: [Int], _ sa: [Int], _ sb: [Int], context: TensorContext,
                      _ body: (Int, Int, Int) -> Void) throws {
    let r = out.count
    let total = out.reduce(1, *)
    if total == 0 { return }
    if r == 0 { body(0, 0, 0); return }
    let inner = out[r - 1]
    let ia = sa[r - 1], ib = sb[r - 1]
    var index = [Int](repeating: 0, count: r)
    var offA = 0, offB = 0, o = 0
    var sinceCheck = 0
    while o < total {
        var pa = offA, pb = offB
        for _ in 0..<inner {
            body(o, pa, pb)
            pa += ia; pb += ib; o += 1
        }
        sinceCheck += inner
        if sinceCheck >= cancellationChunk { sinceCheck = 0; try context.checkCancelled() }
        var d = r - 2
        while d >= 0 {
            index[d] += 1; offA += sa[d]; offB += sb[d]
            if index[d] < out[d] { break }
            offA -= sa[d] * out[d]; offB -= sb[d] * out[d]; index[d] = 0
            d -= 1
        }
    }
}

extension Tensor {
    /// `K` applied elementwise with broadcasting; `verb` names the op in shape errors.
    ///
    /// Specialised here for every kernel: debug builds compile each file on its own (no whole-module
    /// optimisation), so callers in other files could not specialise it themselves and ran the kernel
    /// through a protocol witness per element (the hard-way epoch took 12.7 µs in debug instead of 7).
    @_specialize(where K == AddKernel)
    @_specialize(where K == SubKernel)
    @_specialize(where K == MulKernel)
    @_specialize(where K == DivKernel)
    @_specialize(where K == PowKernel)
    @_specialize(where K == EqKernel)
    @_specialize(where K == NeKernel)
    @_specialize(where K == LtKernel)
    @_specialize(where K == LeKernel)
    @_specialize(where K == GtKernel)
    @_specialize(where K == GeKernel)
    static func binary<K: BinaryKernel>(_ a: Tensor, _ b: Tensor, _ kernel: K.Type, verb: String,
                                        context: TensorContext) throws -> Tensor {
        let n = a.storage.count
        if let direct = small(a, b, K.self, n) { return direct }
        if a.shape == b.shape {
            if n > cancellationChunk { try context.checkCancelled() }
            let data = a.storage.withUnsafeBufferPointer { pa in
                b.storage.withUnsafeBufferPointer { pb in
                    makeBuffer(n) { out in ParallelLoop.forEach(n) { r in K.run(pa, pb, out, r) } }
                }
            }
            return Tensor.make(shape: a.shape, storage: data)
        }
        // A one-element operand of no higher rank leaves the other's shape unchanged.
        if b.storage.count == 1, b.shape.count <= a.shape.count {
            let s = b.storage[0]
            let data = a.storage.withUnsafeBufferPointer { pa in
                makeBuffer(n) { out in ParallelLoop.forEach(n) { r in K.run(pa, s, numberFirst: false, out, r) } }
            }
            return Tensor.make(shape: a.shape, storage: data)
        }
        if a.storage.count == 1, a.shape.count <= b.shape.count {
            let s = a.storage[0]
            let m = b.storage.count
            let data = b.storage.withUnsafeBufferPointer { pb in
                makeBuffer(m) { out in ParallelLoop.forEach(m) { r in K.run(pb, s, numberFirst: true, out, r) } }
            }
            return Tensor.make(shape: b.shape, storage: data)
        }
        guard let shape = broadcastShape(a.shape, b.shape) else {
            throw TensorError("cannot \(verb) tensors of shapes \(a.shape) and \(b.shape)")
        }
        let total = try elementCount(shape, op: verb)
        try context.checkLimit(total)
        let sa = broadcastStrides(a.shape, to: shape), sb = broadcastStrides(b.shape, to: shape)
        let data = try a.storage.withUnsafeBufferPointer { pa in
            try b.storage.withUnsafeBufferPointer { pb in
                try makeBuffer(total) { out in
                    try forEachBroadcast(shape, sa, sb, context: context) { o, ia, ib in
                        out[o] = K.apply(pa[ia], pb[ib])
                    }
                }
            }
        }
        return Tensor.make(shape: shape, storage: data)
    }

    /// `K` on a training step's common operands, straight into a C array loop: two tensors of one
    /// shape, or a one-element tensor of no higher rank with another (`b1 * x`), each with at least
    /// `arrayKernelMinimum` and at most `cancellationChunk` elements (below which the general path
    /// neither checks for cancellation nor splits the loop). Nil for anything else (then
    /// `binary` takes its general paths, which give the same bits). The operands' elements are read
    /// through their buffers' addresses, without copying `TensorStorage` values out of the tensors
    /// (a retain and a release each) or the closures of `withUnsafeBufferPointer` and
    /// `ParallelLoop`: about a third of a small operation's bookkeeping.
    @inline(__always)
    private static func small<K: BinaryKernel>(_ a: Tensor, _ b: Tensor, _ kernel: K.Type, _ n: Int) -> Tensor? {
        guard let op = K.arrayOp else { return nil }
        let m = b.storage.count
        if n == m {
            guard n >= arrayKernelMinimum, n <= cancellationChunk, let pa = a.bufferBase,
                  let pb = b.bufferBase, a.shape == b.shape else { return nil }
            let out = ElementBuffer.make(count: n)
            labrun_binary(op, pa, pb, out.base, n)
            return Tensor.make(shape: a.shape, storage: TensorStorage(buffer: out))
        }
        if m == 1, n >= arrayKernelMinimum, n <= cancellationChunk, b.rank <= a.rank, let pa = a.bufferBase {
            let out = ElementBuffer.make(count: n)
            labrun_binary_scalar_right(op, pa, b.storage[0], out.base, n)
            return Tensor.make(shape: a.shape, storage: TensorStorage(buffer: out))
        }
        if n == 1, m >= arrayKernelMinimum, m <= cancellationChunk, a.rank <= b.rank, let pb = b.bufferBase {
            let out = ElementBuffer.make(count: m)
            labrun_binary_scalar_left(op, a.storage[0], pb, out.base, m)
            return Tensor.make(shape: b.shape, storage: TensorStorage(buffer: out))
        }
        return nil
    }

    /// Each element replaced by `K(element, other's element)` in place, for a gradient the backward
    /// engine offered (`GradNode.gradientsInPlace`): the bits `Tensor.binary(self, other, K)` gives
    /// for equal shapes. The elements are copied first if another tensor shares them.
    @inline(__always)
    func combineInPlace<K: BinaryKernel>(_ other: Tensor, _ kernel: K.Type) {
        let n = storage.count
        if let op = K.arrayOp, n >= arrayKernelMinimum, n < 2 * ParallelLoop.grain, let pb = other.bufferBase,
           let out = writableBufferBase {
            // The loop `K.run` would choose, without its closures (see `small`).
            return labrun_binary(op, out, pb, out, n)
        }
        other.storage.withUnsafeBufferPointer { pb in
            storage.withUnsafeMutableBufferPointer { out in
                ParallelLoop.forEach(n) { r in K.run(UnsafeBufferPointer(out), pb, out, r) }
            }
        }
    }

    /// `f` applied to every element in place (see `combineInPlace`).
    @inline(__always)
    func updateValues(_ f: (Double) -> Double) {
        let n = storage.count
        if n < 2 * ParallelLoop.grain, let p = writableBufferBase {
            for i in 0..<n { p[i] = f(p[i]) }
            return
        }
        storage.withUnsafeMutableBufferPointer { out in
            ParallelLoop.forEach(n) { r in for i in r { out[i] = f(out[i]) } }
        }
    }

    /// `K(element, s)`, or `K(s, element)` when `numberFirst`, for every element (no graph).
    @inline(__always)
    func withNumber<K: BinaryKernel>(_ kernel: K.Type, _ s: Double, numberFirst: Bool = false) -> Tensor {
        let n = storage.count
        if let op = K.arrayOp, n >= arrayKernelMinimum, let (p, out) = directOutput(n) {
            // The loop `K.run` would choose, without its closures (see `small`).
            if numberFirst {
                labrun_binary_scalar_left(op, s, p, out.base, n)
            } else {
                labrun_binary_scalar_right(op, p, s, out.base, n)
            }
            return Tensor.make(shape: shape, storage: TensorStorage(buffer: out))
        }
        let data = storage.withUnsafeBufferPointer { p in
            makeBuffer(n) { out in ParallelLoop.forEach(n) { r in K.run(p, s, numberFirst: numberFirst, out, r) } }
        }
        return Tensor.make(shape: shape, storage: data)
    }

    /// This tensor's elements' address and a buffer for `n` results, when a buffer holds the
    /// elements and a loop over `n` of them runs on one thread (see `small`); nil otherwise.
    @inline(__always)
    private func directOutput(_ n: Int) -> (UnsafeMutablePointer<Double>, ElementBuffer)? {
        guard n < 2 * ParallelLoop.grain, let p = bufferBase else { return nil }
        return (p, ElementBuffer.make(count: n))
    }

    /// `f` applied to every element (no graph).
    @inline(__always)
    func mapValues(_ f: (Double) -> Double) -> Tensor {
        let n = storage.count
        if let (p, out) = directOutput(n) {
            for i in 0..<n { out.base[i] = f(p[i]) }
            return Tensor.make(shape: shape, storage: TensorStorage(buffer: out))
        }
        let data = storage.withUnsafeBufferPointer { p in
            makeBuffer(n) { out in ParallelLoop.forEach(n) { r in for i in r { out[i] = f(p[i]) } } }
        }
        return Tensor.make(shape: shape, storage: data)
    }

    /// A C array kernel (`labrun_log_array`) applied to every element (no graph).
    @inline(__always)
    func mapArray(_ kernel: (UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, Int) -> Void) -> Tensor {
        let n = storage.count
        if let (p, out) = directOutput(n) {
            kernel(p, out.base, n)
            return Tensor.make(shape: shape, storage: TensorStorage(buffer: out))
        }
        let data = storage.withUnsafeBufferPointer { p in
            makeBuffer(n) { out in
                ParallelLoop.forEach(n) { r in
                    kernel(p.baseAddress.map { $0 + r.lowerBound }, out.baseAddress.map { $0 + r.lowerBound }, r.count)
                }
            }
        }
        return Tensor.make(shape: shape, storage: data)
    }

    /// `f` applied pairwise to two tensors of the same shape (no graph).
    @inline(__always)
    func zipValues(_ other: Tensor, _ f: (Double, Double) -> Double) -> Tensor {
        let n = storage.count
        let data = storage.withUnsafeBufferPointer { p in
            other.storage.withUnsafeBufferPointer { q in
                makeBuffer(n) { out in ParallelLoop.forEach(n) { r in for i in r { out[i] = f(p[i], q[i]) } } }
            }
        }
        return Tensor.make(shape: shape, storage: data)
    }
}
