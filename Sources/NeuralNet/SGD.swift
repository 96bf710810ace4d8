import TensorCore

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
/// decay, computing exactly what `torch.optim.SGD` computes:
///
///     g ← grad + weightDecay·p
///     b ← g on the first step, else momentum·b + (1 − dampening)·g      (when momentum ≠ 0)
///     g ← g + momentum·b if nesterov, else b
///     p ← p − lr·g
///
/// Each `a + α·b` is one fused multiply-add, as in ATen's vectorised CPU kernels.
public final class SGD: Optimizer {
    public private(set) var parameters: [Tensor]
    public var lr: Double
    public var name: String { "SGD" }
    /// The momentum factor (0: none).
    public let momentum: Double
    /// The dampening of the momentum (applied from the second step on, as PyTorch).
    public let dampening: Double
    /// Whether to use Nesterov momentum.
    public let nesterov: Bool
    /// The L2 penalty added to the gradient.
    public let weightDecay: Double
    /// One momentum buffer per parameter, nil until its first step with a gradient.
    private var buffers: [[Double]?]

    /// An optimizer for `parameters`, with PyTorch's checks: lr, momentum and weightDecay must not
    /// be negative, and Nesterov needs momentum > 0 and no dampening.
    public init(_ parameters: [Tensor], lr: Double = 0.001, momentum: Double = 0, dampening: Double = 0,
                nesterov: Bool = false, weightDecay: Double = 0) throws {
        guard lr >= 0 else { throw invalid("learning rate", lr, optimizer: "SGD") }
        guard momentum >= 0 else { throw invalid("momentum value", momentum, optimizer: "SGD") }
        guard weightDecay >= 0 else { throw invalid("weight_decay value", weightDecay, optimizer: "SGD") }
        guard dampening.isFinite else { throw invalid("dampening value", dampening, optimizer: "SGD") }
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw TensorError("SGD: Nesterov momentum requires a momentum and zero dampening")
        }
        self.parameters = try validatedParameters(parameters, optimizer: "SGD")
        self.lr = lr
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        buffers = Array(repeating: nil, count: parameters.count)
    }

    /// An optimizer without parameters yet: `train` gives it the model's.
    public convenience init(lr: Double = 0.001, momentum: Double = 0, dampening: Double = 0,
                            nesterov: Bool = false, weightDecay: Double = 0) throws {
        try self.init([], lr: lr, momentum: momentum, dampening: dampening, nesterov: nesterov,
                      weightDecay: weightDecay)
    }

    public func setParameters(_ parameters: [Tensor]) throws {
        self.parameters = try validatedParameters(parameters, optimizer: "SGD")
        buffers = Array(repeating: nil, count: parameters.count)
    }

    /// An optimizer on the copied parameters with the same hyperparameters and momentum buffers.
    public func copy(using copier: ModelCopier) -> (any Optimizer)? {
        guard let copiedParameters = copier.copy(parameters),
            let copy = try? SGD(copiedParameters, lr: 0, momentum: momentum, dampening: dampening,
                                nesterov: nesterov, weightDecay: weightDecay)
        else { return nil }
        copy.lr = lr  // set after init, which would reject a negative lr assigned since
        copy.buffers = buffers  // arrays are values: the copy's steps do not reach the original's
        return copy
    }

    public func step() throws {
        guard !parameters.isEmpty else { throw noParameters("SGD") }
        try TensorContext.current.withNoGrad { try updateAll() }
    }

    /// One update of each parameter with a gradient (grad mode is off).
    private func updateAll() throws {
        for (i, p) in parameters.enumerated() {
            guard var g = try gradientValues(of: p, index: i, optimizer: "SGD") else { continue }
            var values = p.scalars
            let n = values.count
            if weightDecay != 0 {
                for k in 0..<n { g[k] = g[k].addingProduct(weightDecay, values[k]) }
            }
            if momentum != 0 {
                g = updatedBuffer(i, gradient: g)
            }
            for k in 0..<n { values[k] = values[k].addingProduct(-lr, g[k]) }
            try p.copyValues(from: Tensor(values, shape: p.shape))
        }
    }

    /// Advances parameter `i`'s momentum buffer and returns the direction to step along.
    private func updatedBuffer(_ i: Int, gradient g: [Double]) -> [Double] {
        guard var b = buffers[i] else {
            buffers[i] = g
            return nesterov ? g.map { $0.addingProduct(momentum, $0) } : g
        }
        buffers[i] = nil  // keeps `b` uniquely referenced, so it is updated without a copy
        let keep = 1 - dampening
        for k in b.indices { b[k] = (b[k] * momentum).addingProduct(keep, g[k]) }
        buffers[i] = b
        guard nesterov else { return b }
        var direction = g
        for k in direction.indices { direction[k] = direction[k].addingProduct(momentum, b[k]) }
        return direction
    }

    /// PyTorch-style summary of the hyperparameters.
    public var description: String {
        "SGD(lr: \(lr), momentum: \(momentum), dampening: \(dampening), nesterov: \(nesterov), weightDecay: \(weightDecay))"
    }
}
