import LabLanguage
import NeuralNet
import TensorCore

/// A loss object, called as `lossFn(input, target)` (PyTorch's nn losses). Input and target shapes
/// must be equal, as PyTorch requires, except for the class-index losses (cross-entropy, NLL).
final class LossFunction: NativeObject {
    enum Kind: String {
        /// mean of max(x,0) − x·y + log1p(e^−|x|), fused so logits of ±1000 do not overflow.
        case bceWithLogits = "BCEWithLogitsLoss"
        /// mean of −(y·log p + (1−y)·log(1−p)), each log clamped to ≥ −100.
        case bce = "BCELoss"
        /// mean of (x − y)².
        case mse = "MSELoss"
        /// −log softmax(x)[class], weighted per class, averaged over the batch.
        case crossEntropy = "CrossEntropyLoss"
        /// −x[class] of log-probabilities, weighted and averaged as cross-entropy.
        case nll = "NLLLoss"
        /// mean of |x − y|.
        case l1 = "L1Loss"

        /// Whether `reduction: "none"` (one loss per element or sample) is offered.
        var keepsTerms: Bool { self != .bceWithLogits && self != .bce }
    }

    let kind: Kind
    let reduction: LossReduction
    let posWeight: Tensor?
    /// The class weights of cross-entropy and NLL.
    let weight: Tensor?

    init(kind: Kind, reduction: LossReduction, posWeight: Tensor?, weight: Tensor? = nil) {
        self.kind = kind
        self.reduction = reduction
        self.posWeight = posWeight
        self.weight = weight
    }

    var typeName: String { kind.rawValue }
    func isOfType(_ name: String) -> Bool { name == "Loss" || name == typeName }

    var printed: String {
        var parts: [String] = []
        if let weight { parts.append("weight: \(weight.description)") }
        if reduction == .sum { parts.append("reduction: \"sum\"") }
        if reduction == .none { parts.append("reduction: \"none\"") }
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
                case .crossEntropy: return try CrossEntropyLoss(weight: weight, reduction: reduction)(input, target)
                case .nll: return try NLLLoss(weight: weight, reduction: reduction)(input, target)
                case .l1: return try L1Loss(reduction: reduction)(input, target)
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
                "The mean (or with `reduction: \"sum\"` the sum, with `\"none\"` each) of squared differences (`nn.MSELoss`).",
                examples: ["print(MSELoss()(tensor([1.0, 2.0]), tensor([1.0, 4.0])))\n// expect: tensor(2.)"])
        case .crossEntropy:
            return .type(
                "CrossEntropyLoss(weight: Tensor? = nil, reduction: String = \"mean\")", topic: BuiltinTopic.losses,
                "Cross-entropy of logits of shape [N, C] against class indices 0..<C (a tensor of N whole numbers, such as a column's `codes()`), or against class probabilities of the logits' shape: −log softmax(logits)[class], averaged over the batch (PyTorch's `nn.CrossEntropyLoss`). `weight` gives each class a weight (the mean then divides by the weights of the samples' classes); `reduction: \"none\"` gives one loss per sample.",
                examples: ["let lossFn = CrossEntropyLoss()\nlet logits = tensor([[2.0, 0.0, 0.0], [0.0, 0.0, 3.0]])\nprint(lossFn(logits, tensor([0.0, 2.0])))\n// expect: tensor(0.1672)"])
        case .nll:
            return .type(
                "NLLLoss(weight: Tensor? = nil, reduction: String = \"mean\")", topic: BuiltinTopic.losses,
                "The negative log-likelihood of log-probabilities (`logSoftmax(dim: 1)` of logits) against class indices, weighted and reduced as `CrossEntropyLoss`, which is this loss after a log-softmax (PyTorch's `nn.NLLLoss`).",
                examples: ["let logp = tensor([[2.0, 0.0, 0.0], [0.0, 0.0, 3.0]]).logSoftmax(dim: 1)\nprint(NLLLoss()(logp, tensor([0.0, 2.0])))\n// expect: tensor(0.1672)"])
        case .l1:
            return .type(
                "L1Loss(reduction: String = \"mean\")", topic: BuiltinTopic.losses,
                "The mean (or sum, or with `\"none\"` each) of absolute differences |x − y| (`nn.L1Loss`).",
                examples: ["print(L1Loss()(tensor([1.0, 2.0]), tensor([1.5, 4.0])))\n// expect: tensor(1.2500)"])
        }
    }

    /// Defines the loss constructors (`BCEWithLogitsLoss(posWeight:reduction:)` and the others).
    static func install(into interpreter: Interpreter) {
        for kind in [Kind.bceWithLogits, .bce, .mse, .crossEntropy, .nll, .l1] {
            // Outside the closure: labs construct a loss every training step.
            let labels: [String?] = kind == .bceWithLogits ? ["posWeight", "reduction"]
                : kind == .crossEntropy || kind == .nll ? ["weight", "reduction"] : ["reduction"]
            interpreter.define(declaration(kind)) { args in
                try args.expect(labels: labels, in: kind.rawValue)
                let reduction: LossReduction
                switch try args.string("reduction") ?? "mean" {
                case "mean": reduction = .mean
                case "sum": reduction = .sum
                case "none" where kind.keepsTerms: reduction = .none
                case let other:
                    let allowed = kind.keepsTerms ? "\"mean\", \"sum\" or \"none\"" : "\"mean\" or \"sum\""
                    throw NativeError("reduction must be \(allowed), got \"\(other)\"")
                }
                let posWeight = try args.labeled("posWeight").map { try Convert.tensor($0, "posWeight") }
                let weight = try args.labeled("weight").map { try Convert.tensor($0, "weight") }
                return .native(LossFunction(kind: kind, reduction: reduction, posWeight: posWeight, weight: weight))
            }
        }
    }
}
