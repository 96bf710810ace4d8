import CKernels
import Foundation

/// How a loss combines its elementwise terms.
public enum LossReduction: Sendable {
    /// The mean over all elements (PyTorch's default).
    case mean
    /// The sum over all elements.
    case sum
    /// No reduction: one loss per element (or per sample, for class-index losses). The fused binary
    /// cross-entropies do not offer it.
    case none
}

extension Tensor {
    /// Binary cross-entropy on logits x against targets y, fused and stable:
    /// mean of max(x,0) − x·y + log1p(e^−|x|); with `posWeight` p (broadcast to x), PyTorch's
    /// (1−y)·x + (1+(p−1)·y)·(log1p(e^−|x|) + max(−x,0)). Gradient (σ(x) − y)/N without posWeight.
    /// Shapes of x and y must be equal. No gradient flows into `posWeight`.
    public static func binaryCrossEntropyWithLogits(
        _ logits: Tensor, _ target: Tensor, posWeight: Tensor? = nil, reduction: LossReduction = .mean
    ) throws -> Tensor {
        guard logits.shape == target.shape else {
            throw TensorError(
                "binaryCrossEntropyWithLogits: target shape \(target.shape) must be the same as input shape \(logits.shape)")
        }
        let weight = try posWeight.map { p -> Tensor in
            guard let b = broadcastShape(p.shape, logits.shape), b == logits.shape else {
                throw TensorError("binaryCrossEntropyWithLogits: posWeight of shape \(p.shape) does not broadcast to the input shape \(logits.shape)")
            }
            return try p.detach().expand(to: logits.shape)
        }
        guard reduction != .none else { throw TensorError("BCEWithLogitsLoss: reduction must be \"mean\" or \"sum\"") }
        let scale = reduction == .mean ? 1 / Double(logits.count) : 1
        let records = TensorContext.isGradEnabledNow && (logits.storedRequiresGrad || target.storedRequiresGrad)
        let total: Double
        // e^−|x| of each logit, kept for the backward when a graph is recorded: σ(x) is 1/(1+e) for
        // x ≥ 0 and e/(1+e) otherwise, so the backward needs no second exponential.
        var saved: TensorStorage? = nil
        if let weight {
            total = weightedBCETerms(logits, target, weight)
        } else {
            let (sum, exps) = bceTerms(logits, target)
            total = sum
            if records { saved = exps }
        }
        let out = Tensor(total * scale)
        if records {
            out.attach(BCEWithLogitsNode(logits, target, weight: weight, scale: scale, exps: saved))
        }
        return out
    }

    /// Σ max(x,0) − x·y + log1p(e^−|x|) over the elements, and e^−|x| of each.
    private static func bceTerms(_ logits: Tensor, _ target: Tensor) -> (Double, TensorStorage) {
        let n = logits.count
        var total = 0.0
        let exps = logits.storage.withUnsafeBufferPointer { x in
            target.storage.withUnsafeBufferPointer { y in
                // The element loop is C (CKernels: AVX2 where the CPU has it, bitwise the same
                // everywhere) and keeps no running sum; the terms are summed after.
                makeBuffer(n) { e in
                    let terms = makeBuffer(n) { t in
                        labrun_bce_logits_forward(x.baseAddress, y.baseAddress, e.baseAddress, t.baseAddress, n)
                    }
                    total = terms.withUnsafeBufferPointer(elementSum)
                }
            }
        }
        return (total, exps)
    }

    /// Σ (1−y)·x + (1+(p−1)·y)·(log1p(e^−|x|) + max(−x,0)) with `weight` p already broadcast to x.
    private static func weightedBCETerms(_ logits: Tensor, _ target: Tensor, _ weight: Tensor) -> Double {
        var total = 0.0
        logits.storage.withUnsafeBufferPointer { x in
            target.storage.withUnsafeBufferPointer { y in
                weight.storage.withUnsafeBufferPointer { w in
                    for i in 0..<x.count {
                        let lw = 1 + (w[i] - 1) * y[i]
                        total += (1 - y[i]) * x[i] + lw * (Foundation.log1p(Foundation.exp(-Swift.abs(x[i]))) + Swift.max(-x[i], 0))
                    }
                }
            }
        }
        return total
    }

    /// (σ(x) − y)·factor from the saved e^−|x| (the common backward: no posWeight, no second order).
    fileprivate static func bceLogitsGradient(_ logits: Tensor, _ target: Tensor, exps: TensorStorage,
                                          factor f: Double) -> Tensor {
        let n = logits.count
        let data = logits.storage.withUnsafeBufferPointer { x in
            target.storage.withUnsafeBufferPointer { y in
                exps.withUnsafeBufferPointer { e in
                    makeBuffer(n) { out in
                        labrun_bce_logits_gradient(x.baseAddress, y.baseAddress, e.baseAddress, f, out.baseAddress, n)
                    }
                }
            }
        }
        return Tensor(shape: logits.shape, storage: data)
    }

    /// Gradients of the fused loss: (w·σ(x) − p·y)·g·scale for x with w = p·y + 1 − y, and
    /// ((1−p)·logσ(x) − x)·g·scale for y.
    fileprivate static func bceWithLogitsBackward(_ g: Tensor, _ x: Tensor, _ y: Tensor, _ p: Tensor?,
                                              scale: Double) throws -> (Tensor?, Tensor?) {
        let factor = try g.multiplying(scale)
        var grads: (Tensor?, Tensor?) = (nil, nil)
        if x.storedRequiresGrad {
            if !TensorContext.isGradEnabledNow, p == nil, factor.count == 1 {
                let f = factor.storage[0]
                grads.0 = x.zipValues(y) { (sigmoidValue($0) - $1) * f }
            } else {
                let py = try p.map { try $0.multiplying(y) } ?? y
                let w = try py.adding(1).subtracting(y)
                grads.0 = try w.multiplying(x.sigmoid()).subtracting(py).multiplying(factor)
            }
        }
        if y.storedRequiresGrad {
            var local = try x.negated()
            if let p { local = try p.subtracted(from: 1).multiplying(x.logSigmoid()).adding(local) }
            grads.1 = try local.multiplying(factor)
        }
        return grads
    }

    /// Binary cross-entropy on probabilities p in [0, 1]: mean of −(y·log p + (1−y)·log(1−p)), each
    /// log clamped to ≥ −100 as PyTorch does. Shapes must be equal.
    public static func binaryCrossEntropy(_ input: Tensor, _ target: Tensor,
                                          reduction: LossReduction = .mean) throws -> Tensor {
        guard input.shape == target.shape else {
            throw TensorError("binaryCrossEntropy: target shape \(target.shape) must be the same as input shape \(input.shape)")
        }
        guard input.storage.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw TensorError("binaryCrossEntropy: all elements of input should be between 0 and 1 (use binaryCrossEntropyWithLogits on logits)")
        }
        guard reduction != .none else { throw TensorError("BCELoss: reduction must be \"mean\" or \"sum\"") }
        let n = input.count
        let scale = reduction == .mean ? 1 / Double(n) : 1
        var total = 0.0
        for i in 0..<n {
            let p = input.storage[i], y = target.storage[i]
            total -= y * Swift.max(Foundation.log(p), -100) + (1 - y) * Swift.max(Foundation.log(1 - p), -100)
        }
        let out = Tensor(total * scale)
        if Tensor.records(TensorContext.current, input, target) {
            out.attach("BinaryCrossEntropyBackward0", input, target, saves: true) { g in
                let factor = try g.multiplying(scale)
                var grads: (Tensor?, Tensor?) = (nil, nil)
                if input.storedRequiresGrad {
                    let denominator = try input.subtracted(from: 1).multiplying(input).clamp(min: 1e-12)
                    grads.0 = try input.subtracting(target).dividing(denominator).multiplying(factor)
                }
                if target.storedRequiresGrad {
                    let logs = try input.subtracted(from: 1).log().clamp(min: -100)
                        .subtracting(input.log().clamp(min: -100))
                    grads.1 = try logs.multiplying(factor)
                }
                return grads
            }
        }
        return out
    }

    /// Mean squared error: mean of (x − y)². Shapes must be equal.
    public static func mseLoss(_ input: Tensor, _ target: Tensor, reduction: LossReduction = .mean) throws -> Tensor {
        guard input.shape == target.shape else {
            throw TensorError("mseLoss: target shape \(target.shape) must be the same as input shape \(input.shape)")
        }
        if reduction == .none {
            let difference = try input.subtracting(target)
            return try difference.multiplying(difference)
        }
        let scale = reduction == .mean ? 1 / Double(input.count) : 1
        var total = 0.0
        for i in 0..<input.count {
            let d = input.storage[i] - target.storage[i]
            total += d * d
        }
        let out = Tensor(total * scale)
        if Tensor.records(TensorContext.current, input, target) {
            out.attach("MseLossBackward0", input, target, saves: true) { g in
                let local = try input.subtracting(target).multiplying(g.multiplying(2 * scale))
                return (input.storedRequiresGrad ? local : nil, target.storedRequiresGrad ? try local.negated() : nil)
            }
        }
        return out
    }
}

/// The backward of `binaryCrossEntropyWithLogits`: keeps e^−|x| of each logit from the forward.
final class BCEWithLogitsNode: GradNode {
    private let weight: Tensor?
    private let scale: Double
    private var exps: TensorStorage?

    init(_ logits: Tensor, _ target: Tensor, weight: Tensor?, scale: Double, exps: TensorStorage?) {
        self.weight = weight
        self.scale = scale
        self.exps = exps
        super.init(name: "BinaryCrossEntropyWithLogitsBackward0", needing(logits), needing(target), isBinary: true,
                   savesValues: true, constant: .of(logits, target))
    }

    override func gradients(_ g: Tensor) throws -> (Tensor?, Tensor?) {
        guard let logits = operand(0), let target = operand(1) else { return (nil, nil) }
        // The common case (no posWeight, no second order) from the saved exponentials.
        if weight == nil, first != nil, second == nil, g.count == 1, let exps, exps.count == logits.count,
           !TensorContext.isGradEnabledNow {
            return (Tensor.bceLogitsGradient(logits, target, exps: exps, factor: g.storage[0] * scale), nil)
        }
        return try Tensor.bceWithLogitsBackward(g, logits, target, weight, scale: scale)
    }

    override func releaseSaved() { exps = nil }
}
