import Foundation
import TensorCore

/// A fully connected layer, y = x·weightᵀ + bias, initialised as PyTorch's `nn.Linear`.
public final class Linear: Module {
    /// The number of input features (the last dimension of the input).
    public let inFeatures: Int
    /// The number of output features.
    public let outFeatures: Int
    /// The weight, of shape [outFeatures, inFeatures].
    public let weight: Tensor
    /// The bias, of shape [outFeatures], or nil when made with `bias: false`.
    public let bias: Tensor?

    /// A layer with weight and bias drawn uniformly from ±1/√inFeatures by the session's generator.
    ///
    /// The draws follow PyTorch exactly (after `torch.manual_seed` and in float64 the values agree):
    /// the weight first, by `kaiming_uniform_(a: √5)`, whose bound √3·gain/√in rounds to just
    /// below 1/√in, then the bias with bound 1/√in.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) throws {
        guard inFeatures >= 1, outFeatures >= 1 else {
            throw TensorError(
                "Linear(\(inFeatures), \(outFeatures)): the numbers of input and output features must be at least 1")
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let fanIn = Double(inFeatures)
        let weightBound = kaimingUniformBound(fanIn: fanIn, negativeSlope: Foundation.sqrt(5.0))
        weight = try Tensor.uniform([outFeatures, inFeatures], low: -weightBound, high: weightBound,
                                    requiresGrad: true)
        let biasBound = 1 / Foundation.sqrt(fanIn)
        self.bias = bias
            ? try Tensor.uniform([outFeatures], low: -biasBound, high: biasBound, requiresGrad: true)
            : nil
    }

    /// A layer made of existing tensors (a copy's), trusted to have the right shapes.
    private init(inFeatures: Int, outFeatures: Int, weight: Tensor, bias: Tensor?) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.weight = weight
        self.bias = bias
    }

    public var name: String { "Linear" }

    /// A layer on the copies of the weight and bias.
    public func copy(using copier: ModelCopier) -> (any Module)? {
        guard let weight = copier.copy(weight) else { return nil }
        var biasCopy: Tensor?
        if let bias {
            guard let copied = copier.copy(bias) else { return nil }
            biasCopy = copied
        }
        return Linear(inFeatures: inFeatures, outFeatures: outFeatures, weight: weight, bias: biasCopy)
    }

    /// x·weightᵀ + bias for x of shape [in], [N, in] or [d₁, …, N, in] (batched over leading axes).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard let features = x.shape.last, features == inFeatures else {
            let got = x.shape.isEmpty ? "a scalar (shape [])" : "shape \(x.shape)"
            throw TensorError(
                "Linear(\(inFeatures), \(outFeatures)) expects inputs with \(inFeatures) features (last dimension), got \(got)")
        }
        if x.rank > 2 {
            let rows = x.count / inFeatures
            let flat = try self(x.reshape([rows, inFeatures]))
            return try flat.reshape(Array(x.shape.dropLast()) + [outFeatures])
        }
        guard let bias else { return try x.matmul(weight.transposed()) }
        return try x.linear(weight: weight, bias: bias)
    }

    public func parameters() -> [Tensor] { bias.map { [weight, $0] } ?? [weight] }

    /// PyTorch's `repr`: `Linear(in_features=4, out_features=1, bias=True)`.
    public var description: String {
        "Linear(in_features=\(inFeatures), out_features=\(outFeatures), bias=\(bias == nil ? "False" : "True"))"
    }
}

/// The bound of `torch.nn.init.kaiming_uniform_` in fan-in mode with the leaky-ReLU gain, computed
/// in PyTorch's order of operations so that the rounding (and hence every draw) is the same.
func kaimingUniformBound(fanIn: Double, negativeSlope: Double) -> Double {
    let gain = Foundation.sqrt(2.0 / (1 + negativeSlope * negativeSlope))
    let std = gain / Foundation.sqrt(fanIn)
    return Foundation.sqrt(3.0) * std
}
