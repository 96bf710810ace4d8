import Foundation
import TensorCore

/// Updates parameters in place from their gradients, as `torch.optim` does.
public protocol Optimizer: AnyObject, CustomStringConvertible {
    /// The tensors this optimizer updates (empty until given, e.g. by `train`).
    var parameters: [Tensor] { get }
    /// The learning rate used by the next `step()`.
    var lr: Double { get set }
    /// The optimizer's name as `torch.optim` spells it (`SGD`, `Adam`, `AdamW`, `RMSprop`).
    var name: String { get }
    /// Replaces the parameters and forgets the per-parameter state (momentum, moments, steps).
    func setParameters(_ parameters: [Tensor]) throws
    /// One update of every parameter that has a gradient, in place and with grad mode off.
    func step() throws
    /// Sets every parameter's gradient to nil (PyTorch's `zero_grad(set_to_none=True)`).
    func zeroGrad()
    /// A copy with the same hyperparameters and per-parameter state, updating the copies of the
    /// parameters that `copier` makes (call `copier.copy(optimizer)` instead, which copies each
    /// optimizer once); nil when it cannot be copied faithfully.
    func copy(using copier: ModelCopier) -> (any Optimizer)?
}

extension Optimizer {
    public func zeroGrad() {
        for p in parameters { p.grad = nil }
    }
}

/// The checks PyTorch's `Optimizer.__init__` makes on a parameter list.
func validatedParameters(_ parameters: [Tensor], optimizer: String) throws -> [Tensor] {
    for (i, p) in parameters.enumerated() {
        guard p.isLeaf else {
            throw TensorError("\(optimizer): can't optimize a non-leaf tensor (parameter \(i) was made by \(p.gradFnName ?? "an operation")); optimize the leaves it was computed from")
        }
        if let j = parameters[..<i].firstIndex(where: { $0 === p }) {
            throw TensorError("\(optimizer): parameter \(i) is the same tensor as parameter \(j); pass each parameter once")
        }
    }
    return parameters
}

/// The error for a hyperparameter outside its range, worded as PyTorch's.
func invalid(_ what: String, _ value: Double, optimizer: String) -> TensorError {
    TensorError("\(optimizer): Invalid \(what): \(value)")
}

/// The values of `p`'s gradient, or nil when it has none; a gradient of the wrong shape is an error.
func gradientValues(of p: Tensor, index: Int, optimizer: String) throws -> [Double]? {
    guard let g = p.grad else { return nil }
    guard g.shape == p.shape else {
        throw TensorError("\(optimizer): the gradient of parameter \(index) has shape \(g.shape) but the parameter has shape \(p.shape)")
    }
    return g.scalars
}

/// The error for a step without parameters.
func noParameters(_ optimizer: String) -> TensorError {
    TensorError("\(optimizer) has no parameters: pass them, as in \(optimizer)(model.parameters(), lr: 0.01), or give the optimizer to train(...), which uses the model's")
}

/// Scales the gradients of `parameters` together so that their joined 2-norm is at most `maxNorm`,
/// as `torch.nn.utils.clip_grad_norm_`: the factor maxNorm / (norm + 1e-6), applied only when it is
/// below 1. Returns the norm before clipping; parameters without a gradient are skipped.
public func clipGradNorm(_ parameters: [Tensor], maxNorm: Double) throws -> Double {
    guard maxNorm.isFinite, maxNorm >= 0 else { throw TensorError("clipGradNorm: maxNorm must be a non-negative number, got \(maxNorm)") }
    let gradients = parameters.compactMap(\.grad)
    let total = gradients.reduce(0.0) { sum, g in g.scalars.reduce(sum) { $0 + $1 * $1 } }.squareRoot()
    let factor = maxNorm / (total + 1e-6)
    if factor < 1 {
        try TensorContext.current.withNoGrad {
            for g in gradients { try g.mulInPlace(factor) }
        }
    }
    return total
}
