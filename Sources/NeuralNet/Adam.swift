import Foundation
import TensorCore

/// Adam with optional L2 weight decay and AMSGrad, computing exactly what `torch.optim.Adam`
/// computes (its single-tensor CPU path), per parameter with its own step count t:
///
///     g ← grad + weightDecay·p
///     m ← lerp(m, g, 1 − β₁)            v ← β₂·v + (1 − β₂)·g²
///     v̂ ← max(v̂, v) with amsgrad, else v
///     p ← p − lr/(1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + eps)
///
/// eps is added after the bias correction of √v̂, as PyTorch does. With `decoupledWeightDecay`
/// (AdamW) the decay is not added to the gradient; each step first shrinks p ← p·(1 − lr·weightDecay).
public final class Adam: Optimizer {
    public private(set) var parameters: [Tensor]
    public var lr: Double
    /// The decay rates of the first and second moment estimates.
    public let betas: (Double, Double)
    /// Added to the denominator for numerical stability.
    public let eps: Double
    /// The L2 penalty added to the gradient.
    public let weightDecay: Double
    /// Whether to use the maximum of past second moments (AMSGrad).
    public let amsgrad: Bool
    /// AdamW: weight decay shrinks the parameters instead of adding to the gradient.
    public let decoupledWeightDecay: Bool
    public var name: String { decoupledWeightDecay ? "AdamW" : "Adam" }
    private var states: [State?]

    /// One parameter's moments and step count, created at its first step with a gradient.
    private struct State {
        var step = 0
        var expAvg: [Double]
        var expAvgSq: [Double]
        var maxExpAvgSq: [Double]

        /// Zero moments for a parameter of `count` elements (PyTorch's `zeros_like`).
        init(count: Int, amsgrad: Bool) {
            expAvg = Array(repeating: 0, count: count)
            expAvgSq = expAvg
            maxExpAvgSq = amsgrad ? expAvg : []
        }
    }

    /// An optimizer for `parameters`, with PyTorch's checks: lr, eps and weightDecay must not be
    /// negative, and each beta must lie in [0, 1).
    public init(_ parameters: [Tensor], lr: Double = 0.001, betas: (Double, Double) = (0.9, 0.999),
                eps: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false,
                decoupledWeightDecay: Bool = false) throws {
        let name = decoupledWeightDecay ? "AdamW" : "Adam"
        guard lr >= 0 else { throw invalid("learning rate", lr, optimizer: name) }
        guard eps >= 0 else { throw invalid("epsilon value", eps, optimizer: name) }
        guard betas.0 >= 0, betas.0 < 1 else { throw invalid("beta parameter at index 0", betas.0, optimizer: name) }
        guard betas.1 >= 0, betas.1 < 1 else { throw invalid("beta parameter at index 1", betas.1, optimizer: name) }
        guard weightDecay >= 0 else { throw invalid("weight_decay value", weightDecay, optimizer: name) }
        self.decoupledWeightDecay = decoupledWeightDecay
        self.parameters = try validatedParameters(parameters, optimizer: name)
        self.lr = lr
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        states = Array(repeating: nil, count: parameters.count)
    }

    /// An optimizer without parameters yet: `train` gives it the model's.
    public convenience init(lr: Double = 0.001, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                            weightDecay: Double = 0, amsgrad: Bool = false, decoupledWeightDecay: Bool = false) throws {
        try self.init([], lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
                      decoupledWeightDecay: decoupledWeightDecay)
    }

    public func setParameters(_ parameters: [Tensor]) throws {
        self.parameters = try validatedParameters(parameters, optimizer: name)
        states = Array(repeating: nil, count: parameters.count)
    }

    /// An optimizer on the copied parameters with the same hyperparameters, step counts and moments.
    public func copy(using copier: ModelCopier) -> (any Optimizer)? {
        guard let copiedParameters = copier.copy(parameters),
            let copy = try? Adam(copiedParameters, lr: 0, betas: betas, eps: eps, weightDecay: weightDecay,
                                 amsgrad: amsgrad, decoupledWeightDecay: decoupledWeightDecay)
        else { return nil }
        copy.lr = lr  // set after init, which would reject a negative lr assigned since
        copy.states = states  // arrays of values: the copy's steps do not reach the original's
        return copy
    }

    public func step() throws {
        guard !parameters.isEmpty else { throw noParameters(name) }
        try TensorContext.current.withNoGrad { try updateAll() }
    }

    /// One update of each parameter with a gradient (grad mode is off), in place.
    private func updateAll() throws {
        for (i, p) in parameters.enumerated() {
            guard let g = try gradientValues(of: p, index: i, optimizer: name) else { continue }
            var state = states[i] ?? State(count: p.count, amsgrad: amsgrad)
            states[i] = nil  // keeps the state's arrays uniquely referenced while they are updated
            state.step += 1
            try p.updateValues { values in update(values, state: &state, gradient: g) }
            states[i] = state
        }
    }

    /// The moment updates and the parameter step, in PyTorch's order of floating-point operations;
    /// its multiply-adds are fused as in ATen's vectorised kernels (on CPUs with FMA, bit for bit).
    /// Weight decay adds weightDecay·p to each gradient element before the moments see it.
    private func update(_ values: UnsafeMutableBufferPointer<Double>, state s: inout State, gradient g: [Double]) {
        let (beta1, beta2) = betas
        let t = Double(s.step)
        let stepSize = lr / (1 - Foundation.pow(beta1, t))
        let correction2Sqrt = Foundation.pow(1 - Foundation.pow(beta2, t), 0.5)
        let weight1 = 1 - beta1, weight2 = 1 - beta2
        let shrink = 1 - lr * weightDecay
        for k in values.indices {
            if decoupledWeightDecay { values[k] *= shrink }
            let gk = weightDecay != 0 && !decoupledWeightDecay ? g[k].addingProduct(weightDecay, values[k]) : g[k]
            s.expAvg[k] = lerp(s.expAvg[k], gk, weight1)
            s.expAvgSq[k] = (s.expAvgSq[k] * beta2).addingProduct(weight2 * gk, gk)
            var second = s.expAvgSq[k]
            if amsgrad {
                s.maxExpAvgSq[k] = Swift.max(s.maxExpAvgSq[k], second)
                second = s.maxExpAvgSq[k]
            }
            let denominator = Foundation.sqrt(second) / correction2Sqrt + eps
            values[k] += (-stepSize * s.expAvg[k]) / denominator
        }
    }

    /// PyTorch-style summary of the hyperparameters.
    public var description: String {
        "\(name)(lr: \(lr), betas: (\(betas.0), \(betas.1)), eps: \(eps), weightDecay: \(weightDecay), amsgrad: \(amsgrad))"
    }
}

/// ATen's `lerp`: start + w·(end − start) for |w| < 0.5, else end − (end − start)·(1 − w), each
/// with one rounding (a fused multiply-add, as PyTorch's vectorised CPU kernel computes it).
@inline(__always)
func lerp(_ start: Double, _ end: Double, _ weight: Double) -> Double {
    Swift.abs(weight) < 0.5
        ? start.addingProduct(weight, end - start)
        : end.addingProduct(-(1 - weight), end - start)
}
