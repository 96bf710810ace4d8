import Foundation
import CBLAS

// With Tensor+LinearAlgebra.swift (LAPACK), the only files that touch BLAS: buffers go in and out
// as Swift arrays within each call.

/// Multiply-adds per BLAS call before checking the cancellation flag.
private let matmulChunkWork = 1 << 27
/// The fewest rows of the result one BLAS call computes (see `gemm`).
private let minChunkRows = 512

extension Tensor {
    /// Matrix product for 1-D and 2-D operands, as `torch.matmul`: dot, matrix·vector,
    /// vector·matrix and matrix·matrix (OpenBLAS ddot, dgemv and dgemm).
    public func matmul(_ other: Tensor) throws -> Tensor {
        switch (shape.count, other.shape.count) {
        case (1, 1): return try dot(other)
        case (2, 2): return try mm(other)
        case (2, 1): return try mv(other)
        case (1, 2): return try vm(other)
        case (0, _), (_, 0):
            throw TensorError("matmul: both arguments need at least 1 dimension, but got shapes \(shape) and \(other.shape)")
        default:
            throw TensorError("matmul supports 1-D and 2-D tensors, but got shapes \(shape) and \(other.shape)")
        }
    }

    private func dot(_ other: Tensor) throws -> Tensor {
        guard shape == other.shape else {
            throw TensorError("matmul: cannot take the dot product of shapes \(shape) and \(other.shape) (sizes differ)")
        }
        let n = try blasInt(count)
        let value = n == 0 ? 0 : storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                BLASThreads.during(work: count) { cblas_ddot(n, a.baseAddress, 1, b.baseAddress, 1) }
            }
        }
        let out = Tensor(value)
        if Tensor.records(TensorContext.current, self, other) {
            out.attach("DotBackward0", self, other, saves: true) { g in
                (self.storedRequiresGrad ? try other.multiplying(g) : nil,
                 other.storedRequiresGrad ? try self.multiplying(g) : nil)
            }
        }
        return out
    }

    private func mm(_ other: Tensor) throws -> Tensor {
        let (m, k, n) = (shape[0], shape[1], other.shape[1])
        guard other.shape[0] == k else {
            throw TensorError("matmul: shapes \(shape) and \(other.shape) cannot be multiplied (\(m)x\(k) and \(other.shape[0])x\(n))")
        }
        let context = TensorContext.current
        let total = try Tensor.elementCount([m, n], op: "matmul")
        try context.checkLimit(total)
        let data = try Tensor.gemm(storage, other.storage, m: m, k: k, n: n, context: context)
        let out = Tensor(shape: [m, n], storage: data)
        if Tensor.records(context, self, other) {
            out.attach("MmBackward0", self, other, saves: true) { g in
                // With createGraph the products are recorded, so they go through `matmul`; otherwise
                // BLAS reads the transposed operand in place instead of a transposed copy.
                guard !TensorContext.current.isGradEnabled else {
                    return (self.storedRequiresGrad ? try g.matmul(other.transposed()) : nil,
                            other.storedRequiresGrad ? try self.transposed().matmul(g) : nil)
                }
                return (self.storedRequiresGrad ? try Tensor.product(g, other, transposing: .second) : nil,
                        other.storedRequiresGrad ? try Tensor.product(self, g, transposing: .first) : nil)
            }
        }
        return out
    }

    /// Which operand of `product(_:_:transposing:)` enters transposed.
    enum TransposedOperand { case first, second }

    /// a·bᵀ or aᵀ·b of matrices without a graph and without copying the transposed operand.
    static func product(_ a: Tensor, _ b: Tensor, transposing which: TransposedOperand) throws -> Tensor {
        let first = which == .first
        let (m, k) = first ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (bk, n) = first ? (b.shape[0], b.shape[1]) : (b.shape[1], b.shape[0])
        guard k == bk else {
            throw TensorError("matmul: shapes \(a.shape) and \(b.shape) cannot be multiplied with the \(first ? "first" : "second") transposed")
        }
        let context = TensorContext.current
        try context.checkLimit(try Tensor.elementCount([m, n], op: "matmul"))
        let data = try Tensor.gemm(a.storage, b.storage, m: m, k: k, n: n, transposeA: first, transposeB: !first,
                                   context: context)
        return Tensor(shape: [m, n], storage: data)
    }

    private func mv(_ other: Tensor) throws -> Tensor {
        let (m, k) = (shape[0], shape[1])
        guard other.shape[0] == k else {
            throw TensorError("matmul: shapes \(shape) and \(other.shape) cannot be multiplied (\(m)x\(k) and \(other.shape[0]))")
        }
        let data = try Tensor.gemv(storage, other.storage, rows: m, cols: k, transpose: false)
        let out = Tensor(shape: [m], storage: data)
        if Tensor.records(TensorContext.current, self, other) {
            out.attach("MvBackward0", self, other, saves: true) { g in
                (self.storedRequiresGrad ? try g.unsqueeze(1).multiplying(other.unsqueeze(0)) : nil,
                 other.storedRequiresGrad ? try self.transposed().matmul(g) : nil)
            }
        }
        return out
    }

    private func vm(_ other: Tensor) throws -> Tensor {
        let (k, n) = (other.shape[0], other.shape[1])
        guard shape[0] == k else {
            throw TensorError("matmul: shapes \(shape) and \(other.shape) cannot be multiplied (\(shape[0]) and \(k)x\(n))")
        }
        let data = try Tensor.gemv(other.storage, storage, rows: k, cols: n, transpose: true)
        let out = Tensor(shape: [n], storage: data)
        if Tensor.records(TensorContext.current, self, other) {
            out.attach("SqueezeBackward4", self, other, saves: true) { g in
                (self.storedRequiresGrad ? try other.matmul(g) : nil,
                 other.storedRequiresGrad ? try self.unsqueeze(1).multiplying(g.unsqueeze(0)) : nil)
            }
        }
        return out
    }

    /// Row-major C[m×n] = op(A)·op(B) with op(A) m×k and op(B) k×n; a transposed operand is stored
    /// as its transpose (A as k×m, B as n×k). In row blocks so cancellation is checked between them.
    /// C starts uninitialised: with β = 0 BLAS writes every element without reading it (zeroing
    /// a 100,000 × 256 result first cost a pass over 200 MB).
    private static func gemm(_ a: TensorStorage, _ b: TensorStorage, m: Int, k: Int, n: Int,
                             transposeA: Bool = false, transposeB: Bool = false,
                             context: TensorContext) throws -> TensorStorage {
        if m == 0 || n == 0 || k == 0 { return TensorStorage(repeating: 0, count: m * n) }
        let (bk, bn) = (try blasInt(k), try blasInt(n))
        _ = try blasInt(m)
        // Every call packs all of op(B) again, so a chunk has at least `minChunkRows` rows: a weight
        // gradient (256 × 100,000 times 100,000 × 64) cut into 20-row chunks spent as long
        // copying as multiplying.
        let rowsPerChunk = Swift.max(minChunkRows, matmulChunkWork / Swift.max(1, k * n))
        return try product(a, b, m: m, k: k, n: n, bk: bk, bn: bn, rowsPerChunk: rowsPerChunk,
                           transposeA: transposeA, transposeB: transposeB, context: context)
    }

    /// `gemm`'s chunked calls.
    private static func product(_ a: TensorStorage, _ b: TensorStorage, m: Int, k: Int, n: Int, bk: blasint, bn: blasint,
                                rowsPerChunk: Int, transposeA: Bool, transposeB: Bool,
                                context: TensorContext) throws -> TensorStorage {
        try a.withUnsafeBufferPointer { pa in
            try b.withUnsafeBufferPointer { pb in
                try TensorStorage(count: m * n) { pc in
                    var row = 0
                    while row < m {
                        try context.checkCancelled()
                        let rows = Swift.min(rowsPerChunk, m - row)
                        // Rows `row...` of op(A): rows of A, or columns of the stored Aᵀ.
                        let aStart = pa.baseAddress! + (transposeA ? row : row * k)
                        // The BLAS lock is held a chunk at a time: another lab's product waits
                        // at most one chunk, and gives up waiting when its own cell is stopped.
                        try BLASThreads.during(work: m * k * n, context: context) {
                            cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                                        transposeB ? CblasTrans : CblasNoTrans, blasint(rows), bn, bk, 1.0,
                                        aStart, transposeA ? blasint(m) : bk, pb.baseAddress, transposeB ? bk : bn, 0.0,
                                        pc.baseAddress! + row * n, bn)
                        }
                        row += rows
                    }
                }
            }
        }
    }

    /// y = A·x (or Aᵀ·x) for a row-major A[rows×cols].
    private static func gemv(_ a: TensorStorage, _ x: TensorStorage, rows: Int, cols: Int,
                             transpose: Bool) throws -> TensorStorage {
        let outCount = transpose ? cols : rows
        var y = TensorStorage(repeating: 0, count: outCount)
        if rows == 0 || cols == 0 { return y }
        let (br, bc) = (try blasInt(rows), try blasInt(cols))
        BLASThreads.during(work: rows * cols) {
            a.withUnsafeBufferPointer { pa in
                x.withUnsafeBufferPointer { px in
                    y.withUnsafeMutableBufferPointer { py in
                        cblas_dgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, br, bc, 1.0,
                                    pa.baseAddress, bc, px.baseAddress, 1, 0.0, py.baseAddress, 1)
                    }
                }
            }
        }
        return y
    }
}

/// `n` as BLAS's integer type, or an error when it does not fit.
private func blasInt(_ n: Int) throws -> blasint {
    guard let v = blasint(exactly: n) else { throw TensorError("matmul: size \(n) is too large for BLAS") }
    return v
}

/// How many threads OpenBLAS uses for a call: all it was started with (all cores, or
/// `OPENBLAS_NUM_THREADS`) for a large product, one for a small one. OpenBLAS splits even small
/// products, and on two cores that made the 1,000-row training benchmark 1.5 times slower than on
/// one (its waiting threads spin, taking the core the next elementwise operation needs). The
/// thread count changes no result: each element of a product is summed by one thread.
///
/// OpenBLAS's count is one for the whole process, and setting it while another thread's call is
/// running corrupts that call (a 1500 × 1500 product came out wrong while a second thread switched
/// between small and large ones, as labs run at once or graded submissions do), and with the count
/// changed only while no call ran, one run in five still got a wrong product. So every BLAS and
/// LAPACK call runs inside `during(work:_:)`, one at a time in the process: a large product uses
/// every core anyway, and a small one waits microseconds (`BLASThreadsTests`).
enum BLASThreads {
    /// Multiply-adds from which a product is split between threads.
    static let parallelWork = 1 << 26
    /// The threads OpenBLAS started with.
    static let available = Int(openblas_get_num_threads())
    private static let lock = NSLock()
    /// The count last set; only under `lock`.
    nonisolated(unsafe) private static var current = available

    /// Runs `body`, which calls BLAS or LAPACK for about `work` multiply-adds, on the thread count
    /// that work calls for, while no other thread's call runs.
    static func during<T>(work: Int, _ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        setThreads(for: work)
        return try body()
    }

    /// `during`, for a call of `context`'s: while another thread's call holds BLAS, the wait is
    /// given up (a cancellation error) as soon as `context` is cancelled, so a cell's time limit
    /// holds even while another lab multiplies (the wait was unbounded).
    static func during<T>(work: Int, context: TensorContext, _ body: () throws -> T) throws -> T {
        // Uncontended (one lab, the hot loop's small products) this is one try.
        if !lock.try() {
            while !lock.lock(before: Date(timeIntervalSinceNow: 0.02)) {
                try context.checkCancelled()
            }
        }
        defer { lock.unlock() }
        setThreads(for: work)
        return try body()
    }

    /// Sets the thread count `work` calls for; only under `lock`.
    private static func setThreads(for work: Int) {
        let wanted = work >= parallelWork ? available : 1
        if wanted != current {
            current = wanted
            openblas_set_num_threads(Int32(wanted))
        }
    }
}
