import TensorCore

/// Cross-entropy of logits against classes (PyTorch's `CrossEntropyLoss`):
/// −log softmax(x)[class], averaged over the batch.
///
/// Shapes follow PyTorch: logits [N, C] with class indices [N], or logits [C] with one index
/// (shape []); indices are whole-number Doubles in 0..<C. A target of the logits' own shape is read
/// as class probabilities: the loss is then −Σ p·log softmax(x), divided by N.
public struct CrossEntropyLoss: Loss {
    /// Mean over the batch (default) or sum.
    public var reduction: LossReduction

    /// A loss with PyTorch's default mean reduction.
    public init(reduction: LossReduction = .mean) { self.reduction = reduction }

    public var name: String { "CrossEntropyLoss" }

    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        guard input.rank == 1 || input.rank == 2 else {
            throw TensorError(
                "CrossEntropyLoss expects logits of shape [C] or [N, C], got shape \(input.shape)")
        }
        let logProbabilities = try input.logSoftmax(dim: -1)
        let batch = input.rank == 2 ? input.shape[0] : 1
        let weights = target.shape == input.shape ? target : try oneHot(target, like: input)
        let total = try logProbabilities.multiplying(weights).sum().negated()
        return reduction == .mean ? try total.dividing(Double(batch)) : total
    }

    /// The class indices as a constant one-hot tensor of the logits' shape, after PyTorch's checks.
    private func oneHot(_ target: Tensor, like input: Tensor) throws -> Tensor {
        let classes = input.shape[input.rank - 1]
        let expected = Array(input.shape.dropLast())
        guard target.shape == expected else {
            if input.rank == 2, target.rank == 1 {
                throw TensorError(
                    "CrossEntropyLoss: expected input batch size (\(input.shape[0])) to match target batch size (\(target.shape[0]))")
            }
            throw TensorError(
                "CrossEntropyLoss: for logits of shape \(input.shape) the target must hold class indices of shape \(expected) or probabilities of shape \(input.shape), got shape \(target.shape)")
        }
        var mask = [Double](repeating: 0, count: input.count)
        for (row, value) in target.scalars.enumerated() {
            guard value == value.rounded(), value >= 0, value < Double(classes) else {
                throw TensorError(
                    "CrossEntropyLoss: target \(value) (row \(row)) is not a class index in 0..<\(classes)")
            }
            mask[row * classes + Int(value)] = 1
        }
        return try Tensor(mask, shape: input.shape)
    }
}
