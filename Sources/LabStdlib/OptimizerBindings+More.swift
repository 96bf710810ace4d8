import LabLanguage
import NeuralNet
import TensorCore

/// A learning-rate schedule in lab code: `let schedule = StepLR(optimizer, stepSize: 30, gamma: 0.1)`,
/// then `schedule.step()` once per epoch.
final class StepLRObject: NativeObject {
    let scheduler: StepLR

    init(_ scheduler: StepLR) { self.scheduler = scheduler }

    var typeName: String { "StepLR" }
    var printed: String { "StepLR(stepSize: \(scheduler.stepSize), gamma: \(scheduler.gamma), epoch: \(scheduler.epoch))" }

    func member(_ name: String) throws -> Value {
        switch name {
        case "step": return .function(Function(name: name) { [self] args in try callMethod(name, args) })
        case "lr": return .double(scheduler.optimizer.lr)
        case "epoch": return .int(scheduler.epoch)
        default:
            throw NativeError("value of type 'StepLR' has no member '\(name)'",
                              hint: Suggestions.hint(for: name, among: ["step", "lr", "epoch"]))
        }
    }

    func callMethod(_ name: String, _ arguments: Arguments) throws -> Value {
        guard name == "step" else { return try member(name) }
        try arguments.expect(labels: [], in: "step")
        scheduler.step()
        return .void
    }
}

extension OptimizerObject {
    /// Defines `AdamW`, `RMSprop`, `StepLR` and `clipGradNorm`.
    static func installMore(into interpreter: Interpreter) {
        let topic = BuiltinTopic.training
        interpreter.define(.type(
            "AdamW(_ parameters: [Tensor] = [], lr: Double = 0.001, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8, weightDecay: Double = 0.01, amsgrad: Bool = false)",
            topic: topic,
            "Adam with decoupled weight decay, as `torch.optim.AdamW`: each step first shrinks every parameter by the factor 1 − lr·weightDecay, instead of adding the decay to the gradient.",
            examples: ["let w = tensor(1.0, requiresGrad: true)\nlet opt = AdamW([w], lr: 0.1)\n(w * w).backward()\nopt.step()\nprint(w)\n// expect: tensor(0.8990, requires_grad=True)"])
        ) { args in try adam(args, decoupled: true) }
        interpreter.define(.type(
            "RMSprop(_ parameters: [Tensor] = [], lr: Double = 0.01, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0)",
            topic: topic,
            "RMSprop as `torch.optim.RMSprop` computes it: each step divides the gradient by the root of a running average of its squares.",
            examples: ["let w = tensor(1.0, requiresGrad: true)\nlet opt = RMSprop([w], lr: 0.01)\n(w * w).backward()\nopt.step()\nprint(w)\n// expect: tensor(0.9000, requires_grad=True)"])
        ) { args in
            try args.expect("RMSprop(_:lr:alpha:eps:weightDecay:)")
            let optimizer = try Convert.translatingErrors {
                try RMSprop(try parameters(args), lr: try args.double("lr") ?? 0.01, alpha: try args.double("alpha") ?? 0.99,
                            eps: try args.double("eps") ?? 1e-8, weightDecay: try args.double("weightDecay") ?? 0)
            }
            return .native(OptimizerObject(optimizer))
        }
        interpreter.define(.type(
            "StepLR(_ optimizer: Optimizer, stepSize: Int, gamma: Double = 0.1)", topic: topic,
            "A learning-rate schedule: every `stepSize` calls of its `step()` (one per epoch, after the optimizer's steps) it multiplies the optimizer's `lr` by `gamma`, as `torch.optim.lr_scheduler.StepLR`.",
            examples: ["let opt = SGD([tensor(1.0, requiresGrad: true)], lr: 1.0)\nlet schedule = StepLR(opt, stepSize: 2, gamma: 0.5)\nfor _ in 1...4 { schedule.step() }\nprint(opt.lr)\n// expect: 0.25"])
        ) { args in
            try args.expect("StepLR(_:stepSize:gamma:)")
            guard case .native(let object as OptimizerObject) = try args.value(0) else {
                throw NativeError("StepLR's first argument must be an optimizer such as SGD(model.parameters(), lr: 0.1)")
            }
            guard let stepSize = try args.int("stepSize") else { throw NativeError("StepLR needs stepSize:") }
            let scheduler = try Convert.translatingErrors {
                try StepLR(object.optimizer, stepSize: stepSize, gamma: try args.double("gamma") ?? 0.1)
            }
            return .native(StepLRObject(scheduler))
        }
        interpreter.define(.function(
            "clipGradNorm(_ parameters: [Tensor], maxNorm: Double) -> Double", topic: topic,
            "Scales the gradients of the parameters together so that their joined length (2-norm) is at most `maxNorm`, as `torch.nn.utils.clip_grad_norm_`; returns the length before clipping. Call it between `backward()` and `step()`.",
            examples: ["let w = tensor([3.0, 4.0], requiresGrad: true)\n(w * w).sum().backward()\nprint(clipGradNorm([w], maxNorm: 1.0), w.grad)\n// expect: 10.0 tensor([0.6000, 0.8000])"])
        ) { args in
            try args.expect("clipGradNorm(_:maxNorm:)")
            guard let maxNorm = try args.double("maxNorm") else { throw NativeError("clipGradNorm needs maxNorm:") }
            return .double(try Convert.translatingErrors { try NeuralNet.clipGradNorm(try parameters(args), maxNorm: maxNorm) })
        }
    }
}
