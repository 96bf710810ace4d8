import Foundation

extension Tensor {
    /// A new tensor of `shape` filled by `body`, after checking the shape and the element limit.
    static func filled(_ shape: [Int], op: String, requiresGrad: Bool,
                       _ body: (UnsafeMutableBufferPointer<Double>) throws -> Void) throws -> Tensor {
        let n = try elementCount(shape, op: op)
        try TensorContext.current.checkLimit(n)
        return Tensor(shape: shape, storage: try makeBuffer(n, body), requiresGrad: requiresGrad)
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) throws -> Tensor {
        try full(shape, 0, requiresGrad: requiresGrad)
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int], requiresGrad: Bool = false) throws -> Tensor {
        try full(shape, 1, requiresGrad: requiresGrad)
    }

    /// A tensor with every element equal to `value`.
    public static func full(_ shape: [Int], _ value: Double, requiresGrad: Bool = false) throws -> Tensor {
        try filled(shape, op: "full", requiresGrad: requiresGrad) { p in p.initialize(repeating: value) }
    }

    /// `0, 1, …` up to but excluding `end`.
    public static func arange(_ end: Double, requiresGrad: Bool = false) throws -> Tensor {
        try arange(0, end, step: 1, requiresGrad: requiresGrad)
    }

    /// `start, start+step, …` up to but excluding `end` (PyTorch's arange: ⌈(end−start)/step⌉ elements).
    public static func arange(_ start: Double, _ end: Double, step: Double = 1,
                              requiresGrad: Bool = false) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            throw TensorError("arange: step must be nonzero and the bounds finite (start \(start), end \(end), step \(step))")
        }
        let steps = ((end - start) / step).rounded(.up)
        guard steps < Double(Int.max / 2) else { throw TensorError("arange: too many elements") }
        let n = Swift.max(0, Int(steps))
        return try filled([n], op: "arange", requiresGrad: requiresGrad) { p in
            for i in 0..<n { p[i] = start + Double(i) * step }
        }
    }

    /// `count` evenly spaced values from `start` to `end` inclusive (PyTorch's linspace arithmetic).
    public static func linspace(_ start: Double, _ end: Double, count: Int,
                                requiresGrad: Bool = false) throws -> Tensor {
        guard count >= 0 else { throw TensorError("linspace: count must be non-negative, got \(count)") }
        let step = count > 1 ? (end - start) / Double(count - 1) : 0
        let half = count / 2
        return try filled([count], op: "linspace", requiresGrad: requiresGrad) { p in
            for i in 0..<count {
                p[i] = i < half ? start + step * Double(i) : end - step * Double(count - i - 1)
            }
        }
    }

    /// The identity matrix with `rows` rows and `columns` columns (square by default).
    public static func eye(_ rows: Int, _ columns: Int? = nil, requiresGrad: Bool = false) throws -> Tensor {
        let m = columns ?? rows
        return try filled([rows, m], op: "eye", requiresGrad: requiresGrad) { p in
            p.initialize(repeating: 0)
            for i in 0..<Swift.min(rows, m) { p[i * m + i] = 1 }
        }
    }

    /// Uniform draws in [0, 1) from the context's generator (as `torch.rand` in float64).
    public static func rand(_ shape: [Int], requiresGrad: Bool = false) throws -> Tensor {
        let context = TensorContext.current
        return try filled(shape, op: "rand", requiresGrad: requiresGrad) { p in
            for i in 0..<p.count { p[i] = context.generator.nextDouble() }
        }
    }

    /// Uniform draws in [low, high) (as `torch.empty(shape).uniform_(low, high)` in float64).
    public static func uniform(_ shape: [Int], low: Double, high: Double, requiresGrad: Bool = false) throws -> Tensor {
        let context = TensorContext.current
        return try filled(shape, op: "uniform", requiresGrad: requiresGrad) { p in
            for i in 0..<p.count { p[i] = context.generator.nextDouble() * (high - low) + low }
        }
    }

    /// Standard normal draws from the context's generator, as `torch.randn` in float64: one
    /// Box–Muller draw at a time below 16 elements, PyTorch's 16-wide batched fill from 16 on.
    public static func randn(_ shape: [Int], requiresGrad: Bool = false) throws -> Tensor {
        let context = TensorContext.current
        return try filled(shape, op: "randn", requiresGrad: requiresGrad) { p in
            let n = p.count
            if n < 16 {
                for i in 0..<n { p[i] = context.generator.nextNormal() }
                return
            }
            for i in 0..<n { p[i] = context.generator.nextDouble() }
            var i = 0
            while i + 16 <= n { boxMuller16(p, at: i); i += 16 }
            if n % 16 != 0 {
                // PyTorch redraws the last 16 values and transforms them again.
                for j in (n - 16)..<n { p[j] = context.generator.nextDouble() }
                boxMuller16(p, at: n - 16)
            }
        }
    }

    /// PyTorch's `normal_fill_16`: pairs (j, j+8) of uniforms become two normals.
    private static func boxMuller16(_ p: UnsafeMutableBufferPointer<Double>, at start: Int) {
        for j in 0..<8 {
            let u1 = 1 - p[start + j]
            let u2 = p[start + j + 8]
            let radius = Foundation.sqrt(-2 * Foundation.log(u1))
            let theta = 2 * Double.pi * u2
            p[start + j] = radius * Foundation.cos(theta)
            p[start + j + 8] = radius * Foundation.sin(theta)
        }
    }
}

extension Tensor {
    /// A random ordering of 0..<n (kind int64), as `torch.randperm(n)` draws it from the context's
    /// generator: for each i, swap position i with i + (32-bit draw mod (n − i)).
    public static func randperm(_ n: Int) throws -> Tensor {
        try randperm(n, generator: &TensorContext.current.generator)
    }

    /// `randperm(n)` drawn from `generator` (a DataLoader's sampler has a generator of its own).
    public static func randperm(_ n: Int, generator: inout MT19937) throws -> Tensor {
        guard n >= 0 else { throw TensorError("randperm: n must be non-negative, got \(n)") }
        let out = try filled([n], op: "randperm", requiresGrad: false) { p in
            for i in 0..<n { p[i] = Double(i) }
            guard n > 1 else { return }
            for i in 0..<(n - 1) {
                let z = Int(UInt64(generator.nextUInt32()) % UInt64(n - i))
                p.swapAt(i, i + z)
            }
        }
        out.storedKind = .long
        return out
    }

    /// Whole numbers drawn uniformly from low..<high (kind int64), as `torch.randint`.
    public static func randint(low: Int, high: Int, shape: [Int]) throws -> Tensor {
        guard high > low else {
            throw TensorError("randint: expects low < high, got low = \(low) and high = \(high)")
        }
        let range = UInt64(high - low)
        let context = TensorContext.current
        let out = try filled(shape, op: "randint", requiresGrad: false) { p in
            for i in 0..<p.count {
                let draw = range <= UInt64(UInt32.max) ? UInt64(context.generator.nextUInt32()) : context.generator.nextUInt64()
                p[i] = Double(low + Int(draw % range))
            }
        }
        out.storedKind = .long
        return out
    }
}
