import TensorCore

/// Cross-entropy of logits against classes (PyTorch's `CrossEntropyLoss`): −log softmax(x)[class],
/// weighted by `weight[class]`, averaged over the batch (divided by the weights' sum).
///
/// Shapes follow PyTorch: logits [N, C] with class indices [N], or logits [C] with one index
/// (shape []); indices are whole-number Doubles in 0..<C. A target of the logits' own shape is read
/// as class probabilities: the loss is then −Σ w·p·log softmax(x), divided by N.
public struct CrossEntropyLoss: Loss {
    /// Mean over the batch (default), sum, or one loss per sample.
    public var reduction: LossReduction
    /// One weight per class (nil: all 1), as PyTorch's `weight`.
    public var weight: Tensor?

    /// A loss with PyTorch's defaults: mean reduction, no class weights.
    public init(weight: Tensor? = nil, reduction: LossReduction = .mean) {
        self.weight = weight
        self.reduction = reduction
    }

    public var name: String { "CrossEntropyLoss" }

    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        guard input.rank == 1 || input.rank == 2 else {
            throw TensorError("CrossEntropyLoss expects logits of shape [C] or [N, C], got shape \(input.shape)")
        }
        return try ClassIndexLoss.reduce(input.logSoftmax(dim: -1), target, weight: weight, reduction: reduction,
                                         name: name)
    }
}

/// The negative log-likelihood of log-probabilities (PyTorch's `NLLLoss`): −input[class], weighted
/// and reduced as `CrossEntropyLoss`, which is this loss after `logSoftmax(dim: -1)`.
public struct NLLLoss: Loss {
    /// Mean over the batch (default), sum, or one loss per sample.
    public var reduction: LossReduction
    /// One weight per class (nil: all 1).
    public var weight: Tensor?

    /// A loss with PyTorch's defaults: mean reduction, no class weights.
    public init(weight: Tensor? = nil, reduction: LossReduction = .mean) {
        self.weight = weight
        self.reduction = reduction
    }

    public var name: String { "NLLLoss" }

    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        guard input.rank == 1 || input.rank == 2 else {
            throw TensorError("NLLLoss expects log-probabilities of shape [C] or [N, C], got shape \(input.shape)")
        }
        return try ClassIndexLoss.reduce(input, target, weight: weight, reduction: reduction, name: name)
    }
}

/// The mean absolute error (PyTorch's `L1Loss`): mean of |x − y|; shapes must be equal.
public struct L1Loss: Loss {
    /// Mean (default), sum, or the elementwise terms.
    public var reduction: LossReduction

    /// A loss with PyTorch's default mean reduction.
    public init(reduction: LossReduction = .mean) { self.reduction = reduction }

    public var name: String { "L1Loss" }

    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        guard input.shape == target.shape else {
            throw TensorError("L1Loss: target shape \(target.shape) must be the same as input shape \(input.shape)")
        }
        let terms = try input.subtracting(target).abs()
        switch reduction {
        case .mean: return try terms.mean()
        case .sum: return try terms.sum()
        case .none: return terms
        }
    }
}

/// What the class-index losses share: −Σ_c w_c·t_c·logp_c per sample, where t is the one-hot of the
/// class (or the given probabilities), then PyTorch's reduction.
enum ClassIndexLoss {
    static func reduce(_ logProbabilities: Tensor, _ target: Tensor, weight: Tensor?, reduction: LossReduction,
                       name: String) throws -> Tensor {
        let classes = logProbabilities.shape[logProbabilities.rank - 1]
        if let weight, weight.shape != [classes] {
            throw TensorError("\(name): weight must have one entry per class (shape [\(classes)]), got shape \(weight.shape)")
        }
        let probabilities = target.shape == logProbabilities.shape
        var mask = probabilities ? target.detach() : try oneHot(target, like: logProbabilities, name: name)
        if let weight { mask = try mask.multiplying(weight.detach()) }
        let perSample = try logProbabilities.multiplying(mask).sum(dim: -1).negated()
        switch reduction {
        case .none: return perSample
        case .sum: return try perSample.sum()
        case .mean:
            // Class indices divide by the weights of the samples' classes (N without weights);
            // probabilities divide by N, as PyTorch does.
            let batch = logProbabilities.rank == 2 ? logProbabilities.shape[0] : 1
            let divisor = probabilities || weight == nil ? Double(batch) : try mask.sum().item
            return try perSample.sum().dividing(divisor)
        }
    }

    /// The class indices as a constant one-hot tensor of the logits' shape, after PyTorch's checks.
    private static func oneHot(_ target: Tensor, like input: Tensor, name: String) throws -> Tensor {
        let classes = input.shape[input.rank - 1]
        let expected = Array(input.shape.dropLast())
        guard target.shape == expected else {
            if input.rank == 2, target.rank == 1 {
                throw TensorError(
                    "\(name): expected input batch size (\(input.shape[0])) to match target batch size (\(target.shape[0]))")
            }
            throw TensorError(
                "\(name): for \(name == "NLLLoss" ? "log-probabilities" : "logits") of shape \(input.shape) the target must hold class indices of shape \(expected) or probabilities of shape \(input.shape), got shape \(target.shape)")
        }
        var mask = [Double](repeating: 0, count: input.count)
        for (row, value) in target.scalars.enumerated() {
            guard value == value.rounded(), value >= 0, value < Double(classes) else {
                throw TensorError("\(name): target \(value) (row \(row)) is not a class index in 0..<\(classes)")
            }
            mask[row * classes + Int(value)] = 1
        }
        return try Tensor(mask, shape: input.shape)
    }
}
