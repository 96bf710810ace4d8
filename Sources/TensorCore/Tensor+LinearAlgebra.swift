import CBLAS

// LAPACK works on column-major matrices; a row-major buffer read column-major is the transpose,
// so each routine below copies its operands into column-major order first (n² work beside n³).

extension Tensor {
    /// X with A·X = B for a square matrix A and B of shape [n] or [n, k], as `torch.linalg.solve`
    /// (LAPACK's dgesv: LU with partial pivoting).
    public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let out = try solved(a, b, op: "solve")
        if Tensor.records(TensorContext.current, a, b) {
            let solution = out.detach()
            out.attach("LinalgSolveExBackward0", a, b, saves: true) { g in
                // gB = A⁻ᵀ g, gA = −gB Xᵀ (an outer product when B is a vector).
                let gb = try Tensor.solve(a.transposed(), g)
                // With `createGraph` the solution is computed again, recorded; the result itself
                // cannot be captured (the node would keep its own tensor alive).
                let x = TensorContext.current.isGradEnabled ? try Tensor.solve(a, b) : solution
                let ga = b.rank == 1
                    ? try gb.unsqueeze(1).matmul(x.unsqueeze(0)).negated()
                    : try gb.matmul(x.transposed()).negated()
                return (a.storedRequiresGrad ? ga : nil, b.storedRequiresGrad ? gb : nil)
            }
        }
        return out
    }

    /// The solution of A·X = B without a graph; errors name `op`.
    private static func solved(_ a: Tensor, _ b: Tensor, op: String) throws -> Tensor {
        let n = try a.squareSize(op: op)
        guard (b.rank == 1 || b.rank == 2), b.shape[0] == n else {
            throw TensorError("\(op): B must have shape [\(n)] or [\(n), k] for A of shape \(a.shape), got \(b.shape)")
        }
        let k = b.rank == 1 ? 1 : b.shape[1]
        var lu = a.columnMajor()
        var x = b.rank == 1 ? b.storage.array : b.columnMajor()
        var pivots = [Int32](repeating: 0, count: Swift.max(n, 1))
        var (nn, nrhs, lda, info) = (try lapackInt(n), try lapackInt(k), try lapackInt(Swift.max(n, 1)), Int32(0))
        if n > 0, k > 0 {
            try BLASThreads.during(work: n * n * n, context: TensorContext.current) { dgesv_(&nn, &nrhs, &lu, &lda, &pivots, &x, &lda, &info) }
        }
        guard info == 0 else {
            throw TensorError("\(op): the matrix is singular (pivot \(info) of its LU factorisation is zero), so it has no inverse and A·X = B no unique solution")
        }
        return Tensor(shape: b.shape, storage: b.rank == 1 ? x : Tensor.rowMajor(x, rows: n, columns: k))
    }

    /// The inverse of a square matrix, as `torch.linalg.inv`: like PyTorch, it solves A·X = I
    /// (LAPACK's dgesv).
    public func inverse() throws -> Tensor {
        let n = try squareSize(op: "inverse")
        let out = try Tensor.solved(self, Tensor.eye(n), op: "inverse")
        if Tensor.records(TensorContext.current, self) {
            let saved = out.detach()
            out.attach("LinalgInvExBackward0", self, saves: true) { g in
                // −A⁻ᵀ g A⁻ᵀ
                let inverse = TensorContext.current.isGradEnabled ? try self.inverse() : saved
                let inverseT = try inverse.transposed()
                return try inverseT.matmul(g).matmul(inverseT).negated()
            }
        }
        return out
    }

    /// The determinant of a square matrix, as `torch.linalg.det` (the product of LU's pivots).
    public func determinant() throws -> Tensor {
        let n = try squareSize(op: "det")
        var lu = columnMajor()
        var value = 1.0
        var pivots: [Int32] = []
        var singular = false
        if n > 0 {
            pivots = [Int32](repeating: 0, count: n)
            var (nn, lda, info) = (try lapackInt(n), try lapackInt(n), Int32(0))
            try BLASThreads.during(work: n * n * n, context: TensorContext.current) { dgetrf_(&nn, &nn, &lu, &lda, &pivots, &info) }
            singular = info > 0
            for i in 0..<n {
                value *= lu[i * n + i]
                if pivots[i] != Int32(i + 1) { value = -value }
            }
        }
        let out = Tensor(value)
        if Tensor.records(TensorContext.current, self) {
            let (isSingular, saved) = (singular, out.detach())
            out.attach("LinalgDetBackward0", self, saves: true) { g in
                // d det / dA = det · A⁻ᵀ (Jacobi's formula); at a singular matrix that form fails.
                guard !isSingular else {
                    throw TensorError("det: the gradient at a singular matrix is not supported")
                }
                let det = TensorContext.current.isGradEnabled ? try self.determinant() : saved
                return try self.inverse().transposed().multiplying(det).multiplying(g)
            }
        }
        return out
    }

    /// The size n of a square matrix, or an error naming `op`.
    private func squareSize(op: String) throws -> Int {
        guard rank == 2, shape[0] == shape[1] else {
            throw TensorError("\(op): A must be a square matrix (shape [n, n]), got shape \(shape)")
        }
        return shape[0]
    }

    /// The elements of a matrix in column-major order.
    private func columnMajor() -> [Double] {
        let (rows, columns) = (shape[0], shape[1])
        let p = storage.array
        var out = [Double](repeating: 0, count: p.count)
        for r in 0..<rows { for c in 0..<columns { out[c * rows + r] = p[r * columns + c] } }
        return out
    }

    /// A column-major rows×columns matrix's elements in row-major order.
    private static func rowMajor(_ values: [Double], rows: Int, columns: Int) -> [Double] {
        var out = [Double](repeating: 0, count: values.count)
        for r in 0..<rows { for c in 0..<columns { out[r * columns + c] = values[c * rows + r] } }
        return out
    }
}

/// `n` as LAPACK's 32-bit integer, or an error.
private func lapackInt(_ n: Int) throws -> Int32 {
    guard let v = Int32(exactly: n) else { throw TensorError("linear algebra: size \(n) is too large for LAPACK") }
    return v
}
