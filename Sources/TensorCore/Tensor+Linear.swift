extension Tensor {
    /// x·weightᵀ + bias for a matrix x [N, in], weight [out, in] and bias [out] (PyTorch's `linear`,
    /// recorded as its `AddmmBackward0`): one result and one graph node where a product and a sum
    /// made two results of [N, out] (and a transposed weight its own node), so a layer's training
    /// step keeps half the memory. The numbers are exactly those of
    /// `x.matmul(weight.transposed()).adding(bias)`, forward and backward: the same BLAS products and
    /// the same sums. Other shapes take that general path.
    public func linear(weight: Tensor, bias: Tensor) throws -> Tensor {
        guard shape.count == 2, weight.shape.count == 2, bias.shape == [weight.shape[0]], shape[1] == weight.shape[1] else {
            return try matmul(weight.transposed()).adding(bias)
        }
        let context = TensorContext.current
        let (product, transposedWeight) = try context.withGradMode(false) {
            let transposed = try weight.transposed()
            return (try matmul(transposed), transposed)
        }
        let columns = bias.count, rows = shape[0]
        bias.storage.withUnsafeBufferPointer { b in
            product.storage.withUnsafeMutableBufferPointer { out in
                ParallelLoop.forEach(rows, work: rows * columns) { range in
                    for row in range {
                        for j in 0..<columns { out[row * columns + j] = out[row * columns + j] + b[j] }
                    }
                }
            }
        }
        if context.isGradEnabled && (storedRequiresGrad || weight.storedRequiresGrad || bias.storedRequiresGrad) {
            product.attach(AddmmNode(bias: bias, input: self, weight: weight, transposedWeight: transposedWeight))
        }
        return product
    }
}

/// `linear`'s node: inputs (bias, x, weight) in the order of PyTorch's `addmm(bias, x, weightᵀ)`.
/// Without `createGraph` each gradient is computed as the general path's nodes would (`AddNode`,
/// `mm`'s backward, the transpose's), so the numbers are the same to the bit.
final class AddmmNode: GradNode {
    /// x, for the weight's gradient, and weightᵀ as the forward used it, for x's.
    @exclusivity(unchecked) private var savedInput: Tensor?
    @exclusivity(unchecked) private var savedTransposedWeight: Tensor?
    @exclusivity(unchecked) private var pendingWeightGradient: Tensor?

    init(bias: Tensor, input: Tensor, weight: Tensor, transposedWeight: Tensor) {
        savedInput = weight.storedRequiresGrad ? input : nil
        savedTransposedWeight = input.storedRequiresGrad ? transposedWeight : nil
        super.init(name: "AddmmBackward0", needing(bias), needing(input), isBinary: true, savesValues: true,
                   constant: input.storedRequiresGrad ? .none : .tensor(input, slot: 1))
        third = needing(weight)
    }

    override var hasThirdInput: Bool { true }

    override func takeThirdGradient() -> Tensor? {
        defer { pendingWeightGradient = nil }
        return pendingWeightGradient
    }

    override func releaseSaved() {
        savedInput = nil
        savedTransposedWeight = nil
    }

    override func gradients(_ g: Tensor) throws -> (Tensor?, Tensor?) {
        let biasGradient = try first.map { try g.shape == $0.shape ? g : g.sum(toShape: $0.shape) }
        guard !TensorContext.current.isGradEnabled else {
            // Differentiable again (createGraph): through recorded operations.
            let input = second ?? operand(1)
            pendingWeightGradient = try third.map { _ in try g.transposed().matmul(input.unsafelyUnwrapped) }
            return (biasGradient, try second.map { _ in try g.matmul(third ?? savedTransposedWeight.unsafelyUnwrapped.transposed()) })
        }
        if third != nil, let input = savedInput {
            pendingWeightGradient = try Tensor.product(input, g, transposing: .first).transposed()
        }
        let inputGradient = try second.map { _ in
            try Tensor.product(g, savedTransposedWeight.unsafelyUnwrapped, transposing: .second)
        }
        return (biasGradient, inputGradient)
    }
}
