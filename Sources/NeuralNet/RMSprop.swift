import Foundation
import TensorCore

/// RMSprop as `torch.optim.RMSprop` computes it (no momentum, not centred):
///
///     g ← grad + weightDecay·p
///     s ← α·s + (1 − α)·g²
///     p ← p − lr · g / (√s + eps)
public final class RMSprop: Optimizer {
    public private(set) var parameters: [Tensor]
    public var lr: Double
    public var name: String { "RMSprop" }
    /// The smoothing constant of the running average of squared gradients.
    public let alpha: Double
    public let eps: Double
    public let weightDecay: Double
    private var squareAverages: [[Double]?]

    /// An optimizer for `parameters` with PyTorch's defaults and checks.
    public init(_ parameters: [Tensor], lr: Double = 0.01, alpha: Double = 0.99, eps: Double = 1e-8,
                weightDecay: Double = 0) throws {
        guard lr >= 0 else { throw invalid("learning rate", lr, optimizer: "RMSprop") }
        guard eps >= 0 else { throw invalid("epsilon value", eps, optimizer: "RMSprop") }
        guard alpha >= 0 else { throw invalid("alpha value", alpha, optimizer: "RMSprop") }
        guard weightDecay >= 0 else { throw invalid("weight_decay value", weightDecay, optimizer: "RMSprop") }
        self.parameters = try validatedParameters(parameters, optimizer: "RMSprop")
        self.lr = lr
        self.alpha = alpha
        self.eps = eps
        self.weightDecay = weightDecay
        squareAverages = Array(repeating: nil, count: parameters.count)
    }

    public func setParameters(_ parameters: [Tensor]) throws {
        self.parameters = try validatedParameters(parameters, optimizer: "RMSprop")
        squareAverages = Array(repeating: nil, count: parameters.count)
    }

    public func copy(using copier: ModelCopier) -> (any Optimizer)? {
        guard let copied = copier.copy(parameters),
              let copy = try? RMSprop(copied, lr: 0, alpha: alpha, eps: eps, weightDecay: weightDecay) else { return nil }
        copy.lr = lr
        copy.squareAverages = squareAverages
        return copy
    }

    public func step() throws {
        guard !parameters.isEmpty else { throw noParameters("RMSprop") }
        try TensorContext.current.withNoGrad {
            for (i, p) in parameters.enumerated() {
                guard let g = try gradientValues(of: p, index: i, optimizer: "RMSprop") else { continue }
                var average = squareAverages[i] ?? Array(repeating: 0, count: p.count)
                squareAverages[i] = nil
                try p.updateValues { values in
                    for k in values.indices {
                        let gk = weightDecay != 0 ? g[k].addingProduct(weightDecay, values[k]) : g[k]
                        // PyTorch's mul_, addcmul_ and addcdiv_ (value = −lr times the quotient).
                        average[k] = average[k] * alpha + (1 - alpha) * (gk * gk)
                        values[k] += -lr * (gk / (Foundation.sqrt(average[k]) + eps))
                    }
                }
                squareAverages[i] = average
            }
        }
    }

    public var description: String { "RMSprop(lr: \(lr), alpha: \(alpha), eps: \(eps), weightDecay: \(weightDecay))" }
}

/// Multiplies an optimizer's learning rate by `gamma` every `stepSize` calls of `step()`, as
/// `torch.optim.lr_scheduler.StepLR` (call it once per epoch, after the optimizer's steps).
public final class StepLR {
    public let optimizer: any Optimizer
    public let stepSize: Int
    public let gamma: Double
    /// How many times `step()` has been called.
    public private(set) var epoch = 0

    public init(_ optimizer: any Optimizer, stepSize: Int, gamma: Double = 0.1) throws {
        guard stepSize > 0 else { throw TensorError("StepLR: stepSize must be positive, got \(stepSize)") }
        self.optimizer = optimizer
        self.stepSize = stepSize
        self.gamma = gamma
    }

    public func step() {
        epoch += 1
        if epoch % stepSize == 0 { optimizer.lr *= gamma }
    }
}
