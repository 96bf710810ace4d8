import LabLanguage
import TensorCore

/// A loss object, called as `lossFn(input, target)` (PyTorch's nn losses). Input and target shapes
/// must be equal, as PyTorch requires for these losses.
final class LossFunction: NativeObject {
    enum Kind: String {
        /// mean of max(x,0) − x·y + log1p(e^−|x|), fused so logits of ±1000 do not overflow.
        case bceWithLogits = "BCEWithLogitsLoss"
        /// mean of −(y·log p + (1−y)·log(1−p)), each log clamped to ≥ −100.
        case bce = "BCELoss"
        /// mean of (x − y)².
        case mse = "MSELoss"
    }

    let kind: Kind
    let reduction: LossReduction
    let posWeight: Tensor?

    init(kind: Kind, reduction: LossReduction, posWeight: Tensor?) {
        self.kind = kind
        self.reduction = reduction
        self.posWeight = posWeight
    }

    var typeName: String { kind.rawValue }

    var printed: String {
        var parts: [String] = []
        if reduction == .sum { parts.append("reduction: \"sum\"") }
        if let posWeight { parts.append("posWeight: \(posWeight.description)") }
        return "\(kind.rawValue)(\(parts.joined(separator: ", ")))"
    }

    func call(_ arguments: Arguments) throws -> Value {
        try arguments.expect(labels: LossFunction.callLabels, in: kind.rawValue)
        return try call(try arguments.value(0), try arguments.value(1)) ?? .void
    }

    /// `lossFn(z, y)`, the call every training step makes, without building `Arguments`.
    func call(_ first: Value, _ second: Value) throws -> Value? {
        let input = try Convert.tensor(first, "the loss's input")
        let target = try Convert.tensor(second, "the loss's target")
        return .native(try Convert.translatingErrors { try apply(input, target) })
    }

    /// Made once: a loss is called every training step, and a literal array would be allocated each time.
    private static let callLabels: [String?] = [nil, nil]

    /// The loss of `input` against `target`.
    func apply(_ input: Tensor, _ target: Tensor) throws -> Tensor {
                switch kind {
                case .bceWithLogits:
                    return try Tensor.binaryCrossEntropyWithLogits(
                        input, target, posWeight: posWeight, reduction: reduction)
                case .bce: return try Tensor.binaryCrossEntropy(input, target, reduction: reduction)
                case .mse: return try Tensor.mseLoss(input, target, reduction: reduction)
                }
    }

    /// The library's entry for one loss type.
    static func declaration(_ kind: Kind) -> Builtin {
        switch kind {
        case .bceWithLogits:
            return .type(
                "BCEWithLogitsLoss(posWeight: Tensor? = nil, reduction: String = \"mean\")", topic: BuiltinTopic.losses,
                "Binary cross-entropy of logits against 0/1 targets, fused with the sigmoid so large logits do not overflow (PyTorch's `nn.BCEWithLogitsLoss`); `posWeight` weighs the positive class. Call it as `lossFn(logits, targets)`.",
                examples: ["let lossFn = BCEWithLogitsLoss()\nprint(lossFn(tensor([0.0, 2.0]), tensor([0.0, 1.0])))\n// expect: tensor(0.4100)"])
        case .bce:
            return .type(
                "BCELoss(reduction: String = \"mean\")", topic: BuiltinTopic.losses,
                "Binary cross-entropy of probabilities against 0/1 targets, each log clamped at −100 as PyTorch does (`nn.BCELoss`).",
                examples: ["print(BCELoss()(tensor([0.5, 0.9]), tensor([1.0, 1.0])))\n// expect: tensor(0.3993)"])
        case .mse:
            return .type(
                "MSELoss(reduction: String = \"mean\")", topic: BuiltinTopic.losses,
                "The mean (or with `reduction: \"sum\"` the sum) of squared differences (`nn.MSELoss`).",
                examples: ["print(MSELoss()(tensor([1.0, 2.0]), tensor([1.0, 4.0])))\n// expect: tensor(2.)"])
        }
    }

    /// Defines the loss constructors (`BCEWithLogitsLoss(posWeight:reduction:)` and the others).
    static func install(into interpreter: Interpreter) {
        for kind in [Kind.bceWithLogits, .bce, .mse] {
            // Outside the closure: labs construct a loss every training step.
            let labels: [String?] = kind == .bceWithLogits ? ["posWeight", "reduction"] : ["reduction"]
            interpreter.define(declaration(kind)) { args in
                try args.expect(labels: labels, in: kind.rawValue)
                let reduction: LossReduction
                switch try args.string("reduction") ?? "mean" {
                case "mean": reduction = .mean
                case "sum": reduction = .sum
                case let other:
                    throw NativeError("reduction must be \"mean\" or \"sum\", got \"\(other)\"")
                }
                let weight = try args.labeled("posWeight").map { try Convert.tensor($0, "posWeight") }
                return .native(LossFunction(kind: kind, reduction: reduction, posWeight: weight))
            }
        }
    }
}
