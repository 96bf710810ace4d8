import TensorCore

/// A loss function object, called as `lossFn(input, target)` and returning a one-element tensor
/// (with the default mean reduction).
public protocol Loss {
    /// The loss of `input` against `target`.
    func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor
    /// The type's name as PyTorch prints it (`BCEWithLogitsLoss`).
    var name: String { get }
}

/// Binary cross-entropy on logits, fused and numerically stable (PyTorch's `BCEWithLogitsLoss`):
/// mean of max(x,0) − x·y + log(1 + e^−|x|); input and target shapes must be equal.
public struct BCEWithLogitsLoss: Loss {
    /// Weight of the positive class, broadcast to the input (nil: 1).
    public var posWeight: Tensor?
    /// Mean (default) or sum of the elementwise terms.
    public var reduction: LossReduction

    /// A loss with PyTorch's defaults: no positive weight, mean reduction.
    public init(posWeight: Tensor? = nil, reduction: LossReduction = .mean) {
        self.posWeight = posWeight
        self.reduction = reduction
    }

    public var name: String { "BCEWithLogitsLoss" }

    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try Tensor.binaryCrossEntropyWithLogits(input, target, posWeight: posWeight, reduction: reduction)
    }
}

/// Binary cross-entropy on probabilities (PyTorch's `BCELoss`): mean of −(y·log p + (1−y)·log(1−p)),
/// each log clamped at −100; input and target shapes must be equal.
public struct BCELoss: Loss {
    /// Mean (default) or sum of the elementwise terms.
    public var reduction: LossReduction

    /// A loss with PyTorch's default mean reduction.
    public init(reduction: LossReduction = .mean) { self.reduction = reduction }

    public var name: String { "BCELoss" }

    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try Tensor.binaryCrossEntropy(input, target, reduction: reduction)
    }
}

/// Mean squared error (PyTorch's `MSELoss`): mean of (x − y)²; input and target shapes must be equal.
public struct MSELoss: Loss {
    /// Mean (default) or sum of the squared differences.
    public var reduction: LossReduction

    /// A loss with PyTorch's default mean reduction.
    public init(reduction: LossReduction = .mean) { self.reduction = reduction }

    public var name: String { "MSELoss" }

    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try Tensor.mseLoss(input, target, reduction: reduction)
    }
}
