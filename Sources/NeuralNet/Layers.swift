import TensorCore

/// x where x > 0, else `slope`·x.
public final class LeakyReLU: Module {
    public let slope: Double
    /// A leaky ReLU with PyTorch's default slope 0.01.
    public init(slope: Double = 0.01) { self.slope = slope }
    public var name: String { "LeakyReLU" }
    public var description: String { "LeakyReLU(slope: \(slope))" }
    public func copy(using copier: ModelCopier) -> (any Module)? { self }
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.leakyRelu(slope: slope) }
    public func parameters() -> [Tensor] { [] }
}

/// x·Φ(x), the Gaussian error linear unit (exact form, PyTorch's default).
public final class GELU: Module {
    public init() {}
    public var name: String { "GELU" }
    public func copy(using copier: ModelCopier) -> (any Module)? { self }
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.gelu() }
    public func parameters() -> [Tensor] { [] }
}

/// Softmax along `dim`, as a layer (class probabilities at the end of a model).
public final class Softmax: Module {
    public let dim: Int
    public init(dim: Int) { self.dim = dim }
    public var name: String { "Softmax" }
    public var description: String { "Softmax(dim: \(dim))" }
    public func copy(using copier: ModelCopier) -> (any Module)? { self }
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.softmax(dim: dim) }
    public func parameters() -> [Tensor] { [] }
}

/// Every axis after the first merged into one: [N, a, b] becomes [N, a·b] (PyTorch's `Flatten()`).
public final class Flatten: Module {
    public init() {}
    public var name: String { "Flatten" }
    public func copy(using copier: ModelCopier) -> (any Module)? { self }
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 1 else { throw TensorError("Flatten: expected a tensor with a batch dimension, got shape \(x.shape)") }
        return try x.reshape([x.shape[0], -1])
    }
    public func parameters() -> [Tensor] { [] }
}

/// In training mode zeroes each element with probability `p` and scales the rest by 1/(1 − p);
/// in evaluation mode passes its input through (PyTorch's `Dropout`).
public final class Dropout: Module {
    public let p: Double
    public private(set) var isTraining = true
    /// A dropout layer; `p` must lie in [0, 1].
    public init(p: Double = 0.5) throws {
        guard p >= 0, p <= 1 else { throw TensorError("dropout probability has to be between 0 and 1, but got \(p)") }
        self.p = p
    }
    public var name: String { "Dropout" }
    public var description: String { "Dropout(p: \(p))" }
    public func setTraining(_ training: Bool) { isTraining = training }
    public func copy(using copier: ModelCopier) -> (any Module)? {
        let copy = try? Dropout(p: p)
        copy?.isTraining = isTraining
        return copy
    }
    public func callAsFunction(_ x: Tensor) throws -> Tensor { isTraining ? try x.dropout(p: p) : x }
    public func parameters() -> [Tensor] { [] }
}

/// Batch normalisation over the features of [N, features] inputs (PyTorch's `BatchNorm1d`): in
/// training mode each feature is standardised with the batch's mean and (biased) variance, and
/// running estimates are updated with `momentum` (the unbiased variance, as PyTorch); in evaluation
/// mode the running estimates are used. `weight` (ones) and `bias` (zeros) are learned.
public final class BatchNorm1d: Module {
    public let features: Int
    public let eps: Double
    public let momentum: Double
    public private(set) var weight: Tensor
    public private(set) var bias: Tensor
    public private(set) var runningMean: Tensor
    public private(set) var runningVariance: Tensor
    public private(set) var isTraining = true

    public init(_ features: Int, eps: Double = 1e-5, momentum: Double = 0.1) throws {
        guard features > 0 else { throw TensorError("BatchNorm1d needs a positive number of features, got \(features)") }
        self.features = features
        self.eps = eps
        self.momentum = momentum
        weight = try Tensor.ones([features], requiresGrad: true)
        bias = try Tensor.zeros([features], requiresGrad: true)
        runningMean = try Tensor.zeros([features])
        runningVariance = try Tensor.ones([features])
    }

    public var name: String { "BatchNorm1d" }
    public var description: String { "BatchNorm1d(\(features), eps: \(eps), momentum: \(momentum))" }
    public func setTraining(_ training: Bool) { isTraining = training }
    public func parameters() -> [Tensor] { [weight, bias] }

    public func copy(using copier: ModelCopier) -> (any Module)? {
        guard let copy = try? BatchNorm1d(features, eps: eps, momentum: momentum),
              let parameters = copier.copy([weight, bias]) else { return nil }
        // The copier's tensors themselves, so a copied optimizer updates this copy's parameters.
        copy.weight = parameters[0]
        copy.bias = parameters[1]
        copy.runningMean = runningMean.snapshot()
        copy.runningVariance = runningVariance.snapshot()
        copy.isTraining = isTraining
        return copy
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == features else {
            throw TensorError("BatchNorm1d(\(features)) expects input of shape [N, \(features)], got \(x.shape)")
        }
        let mean: Tensor, variance: Tensor
        if isTraining {
            let n = x.shape[0]
            guard n > 1 else { throw TensorError("BatchNorm1d: expected more than 1 value per feature when training, got input of shape \(x.shape)") }
            mean = try x.mean(dim: 0)
            let centred = try x.subtracting(mean)
            variance = try centred.multiplying(centred).mean(dim: 0)
            try TensorContext.current.withNoGrad {
                let unbiased = try variance.detach().multiplying(Double(n) / Double(n - 1))
                runningMean = try runningMean.multiplying(1 - momentum).adding(mean.detach().multiplying(momentum))
                runningVariance = try runningVariance.multiplying(1 - momentum).adding(unbiased.multiplying(momentum))
            }
        } else {
            (mean, variance) = (runningMean, runningVariance)
        }
        let normalised = try x.subtracting(mean).dividing(variance.adding(eps).sqrt())
        return try normalised.multiplying(weight).adding(bias)
    }
}
