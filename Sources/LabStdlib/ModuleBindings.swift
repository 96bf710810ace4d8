import LabLanguage
import NeuralNet
import TensorCore

/// A layer or model in lab code: `model(X)`, `model.parameters()`, `model.weight`.
final class ModuleObject: NativeObject {
    let module: any Module

    init(_ module: any Module) {
        self.module = module
    }

    var typeName: String { module.name }
    func isOfType(_ name: String) -> Bool { name == "Module" || name == typeName }
    var printed: String { module.description }

    func call(_ arguments: Arguments) throws -> Value {
        try arguments.expect(labels: [nil], in: module.name)
        let x = try Convert.tensor(try arguments.value(0), "\(module.name)'s input")
        return .native(try Convert.translatingErrors { try module(x) })
    }

    func member(_ name: String) throws -> Value {
        switch (name, module) {
        case ("weight", let linear as Linear): return .native(linear.weight)
        case ("bias", let linear as Linear): return linear.bias.map { .native($0) } ?? .nil
        case ("inFeatures", let linear as Linear): return .int(linear.inFeatures)
        case ("outFeatures", let linear as Linear): return .int(linear.outFeatures)
        case ("layers", let sequential as Sequential): return .array(sequential.layers.map { .native(ModuleObject($0)) })
        case ("parameters", _), ("train", _), ("eval", _):
            return .function(Function(name: name) { [self] args in try callMethod(name, args) })
        case ("weight", let norm as BatchNorm1d): return .native(norm.weight)
        case ("bias", let norm as BatchNorm1d): return .native(norm.bias)
        case ("runningMean", let norm as BatchNorm1d): return .native(norm.runningMean)
        case ("runningVariance", let norm as BatchNorm1d): return .native(norm.runningVariance)
        default:
            throw NativeError(
                "value of type '\(module.name)' has no member '\(name)'",
                hint: Suggestions.hint(for: name, among: NativeMembers.names(of: "Module", "Linear", "Sequential", "BatchNorm1d")))
        }
    }

    func callMethod(_ name: String, _ arguments: Arguments) throws -> Value {
        switch name {
        case "parameters":
            try arguments.expect(labels: [], in: "parameters")
            return .array(module.parameters().map { .native($0) })
        case "forward":
            return try call(arguments)
        case "train", "eval":
            try arguments.expect(labels: [], in: name)
            module.setTraining(name == "train")
            return .native(self)
        default:
            let value = try member(name)
            guard case .function(let f) = value else {
                throw NativeError("'\(name)' of '\(module.name)' is a property, not a method", hint: "write .\(name) without ()")
            }
            return try f.invoke(arguments)
        }
    }

    /// Defines `Linear`, `Sigmoid`, `ReLU`, `Tanh` and `Sequential`.
    static func install(into interpreter: Interpreter) {
        interpreter.define(
            .type(
                "Linear(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true)", topic: BuiltinTopic.layers,
                "A fully connected layer y = x·Wᵀ + b with PyTorch's initialisation (uniform in ±1/√inFeatures, from the session's generator); `model(x)` applies it, `.weight` and `.bias` are its parameters.",
                examples: ["seed(0)\nlet layer = Linear(3, 2)\nprint(layer.weight.shape, layer(ones([4, 3])).shape)\n// expect: [2, 3] [4, 2]"])
        ) { args in
            try args.expect("Linear(_:_:bias:)")
            let layer = try Convert.translatingErrors {
                try Linear(try args.int(0), try args.int(1), bias: try args.bool("bias") ?? true)
            }
            return .native(ModuleObject(layer))
        }
        let activations: [(String, @Sendable () -> any Module)] = [
            ("Sigmoid", { Sigmoid() }), ("ReLU", { ReLU() }), ("Tanh", { Tanh() }),
        ]
        let meanings = ["Sigmoid": "1 / (1 + e^−x)", "ReLU": "max(x, 0)", "Tanh": "tanh x"]
        for (name, make) in activations {
            interpreter.define(
                .type(
                    "\(name)()", topic: BuiltinTopic.layers,
                    "A layer without parameters that applies \(meanings[name] ?? name) elementwise, for use in `Sequential`.",
                    examples: ["print(\(name)()(tensor([0.0])))\n// expect: tensor([\(name == "Sigmoid" ? "0.5000" : "0.")])"])
            ) { args in
                try args.expect(labels: [], in: name)
                return .native(ModuleObject(make()))
            }
        }
        interpreter.define(
            .type(
                "Sequential(_ layers: Module...)", topic: BuiltinTopic.layers,
                "Layers applied one after another; `.parameters()` lists all of theirs, `.layers` the layers.",
                examples: ["seed(0)\nlet model = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))\nprint(model.parameters().count, model(zeros([2, 4])).shape)\n// expect: 4 [2, 1]"])
        ) { args in
            let layers = try args.items.enumerated().map { i, item -> any Module in
                guard item.label == nil, case .native(let object as ModuleObject) = item.value else {
                    throw NativeError("Sequential takes layers such as Linear(4, 8), ReLU(); argument \(i + 1) is \(item.value.typeName)")
                }
                return object.module
            }
            return .native(ModuleObject(Sequential(layers)))
        }
        installMoreLayers(into: interpreter)
    }
}

/// An optimizer in lab code: `optimizer.step()`, `optimizer.zeroGrad()`, `optimizer.lr`.
final class OptimizerObject: NativeObject {
    let optimizer: any Optimizer

    init(_ optimizer: any Optimizer) {
        self.optimizer = optimizer
    }

    var typeName: String { optimizer.name }
    func isOfType(_ name: String) -> Bool { name == "Optimizer" || name == typeName }
    var printed: String { optimizer.description }

    func member(_ name: String) throws -> Value {
        switch name {
        case "lr": return .double(optimizer.lr)
        case "parameters": return .array(optimizer.parameters.map { .native($0) })
        case "step", "zeroGrad":
            return .function(Function(name: name) { [self] args in try callMethod(name, args) })
        default:
            throw NativeError(
                "value of type '\(typeName)' has no member '\(name)'",
                hint: Suggestions.hint(for: name, among: NativeMembers.names(of: "Optimizer")))
        }
    }

    func setMember(_ name: String, to value: Value) throws {
        guard name == "lr" else { throw NativeError("only lr of an optimizer can be set") }
        guard let lr = Convert.number(value), lr >= 0 else {
            throw NativeError("lr must be a non-negative number, got \(value.printed)")
        }
        optimizer.lr = lr
    }

    func callMethod(_ name: String, _ arguments: Arguments) throws -> Value {
        switch name {
        case "step":
            try arguments.expect(labels: [], in: "step")
            try Convert.translatingErrors { try optimizer.step() }
        case "zeroGrad":
            try arguments.expect(labels: [], in: "zeroGrad")
            optimizer.zeroGrad()
        default:
            _ = try member(name)
            throw NativeError("'\(name)' of '\(typeName)' is a property, not a method")
        }
        return .void
    }

    /// Defines `SGD(params, lr:, momentum:, dampening:, nesterov:, weightDecay:)` and
    /// `Adam(params, lr:, betas:, eps:, weightDecay:, amsgrad:)`; without params, `train` gives the model's.
    static func install(into interpreter: Interpreter) {
        interpreter.define(
            .type(
                "SGD(_ parameters: [Tensor] = [], lr: Double = 0.001, momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false, weightDecay: Double = 0)",
                topic: BuiltinTopic.training,
                "Stochastic gradient descent as `torch.optim.SGD` computes it; `step()` updates the parameters from their `.grad`, `zeroGrad()` clears them. Without parameters, `train` gives it the model's.",
                examples: ["let w = tensor(1.0, requiresGrad: true)\nlet opt = SGD([w], lr: 0.1)\n(w * w).backward()\nopt.step()\nprint(w)\n// expect: tensor(0.8000, requires_grad=True)"])
        ) { args in
            try args.expect("SGD(_:lr:momentum:dampening:nesterov:weightDecay:)")
            let params = try parameters(args)
            let lr = try args.double("lr") ?? 0.001
            let momentum = try args.double("momentum") ?? 0
            let dampening = try args.double("dampening") ?? 0
            let nesterov = try args.bool("nesterov") ?? false
            let decay = try args.double("weightDecay") ?? 0
            let sgd = try Convert.translatingErrors {
                params.isEmpty
                    ? try SGD(lr: lr, momentum: momentum, dampening: dampening, nesterov: nesterov, weightDecay: decay)
                    : try SGD(params, lr: lr, momentum: momentum, dampening: dampening, nesterov: nesterov, weightDecay: decay)
            }
            return .native(OptimizerObject(sgd))
        }
        interpreter.define(
            .type(
                "Adam(_ parameters: [Tensor] = [], lr: Double = 0.001, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false)",
                topic: BuiltinTopic.training,
                "The Adam optimizer as `torch.optim.Adam` computes it, step for step.",
                examples: ["let w = tensor(1.0, requiresGrad: true)\nlet opt = Adam([w], lr: 0.1)\n(w * w).backward()\nopt.step()\nprint(w)\n// expect: tensor(0.9000, requires_grad=True)"])
        ) { args in try adam(args, decoupled: false) }
        installMore(into: interpreter)
    }

    /// `Adam(…)` or, with `decoupled`, `AdamW(…)` (whose weight decay defaults to 0.01, as PyTorch's).
    static func adam(_ args: Arguments, decoupled: Bool) throws -> Value {
        let name = decoupled ? "AdamW" : "Adam"
        try args.expect("\(name)(_:lr:betas:eps:weightDecay:amsgrad:)")
        let params = try parameters(args)
        var betas = (0.9, 0.999)
        if let value = args.labeled("betas") {
            guard case .tuple(let items) = value, items.count == 2,
                let b1 = Convert.number(items[0]), let b2 = Convert.number(items[1])
            else { throw NativeError("betas must be a pair of numbers such as (0.9, 0.999)") }
            betas = (b1, b2)
        }
        let lr = try args.double("lr") ?? 0.001
        let eps = try args.double("eps") ?? 1e-8
        let decay = try args.double("weightDecay") ?? (decoupled ? 0.01 : 0)
        let amsgrad = try args.bool("amsgrad") ?? false
        let adam = try Convert.translatingErrors {
            try Adam(params, lr: lr, betas: betas, eps: eps, weightDecay: decay, amsgrad: amsgrad,
                     decoupledWeightDecay: decoupled)
        }
        return .native(OptimizerObject(adam))
    }

    /// The optional first argument: an array of tensors (`model.parameters()`, `[b0, b1]`).
    static func parameters(_ args: Arguments) throws -> [Tensor] {
        guard let first = args.positional(0) else { return [] }
        guard case .array(let items) = first else {
            throw NativeError("an optimizer's first argument is an array of tensors, such as model.parameters()")
        }
        return try items.map { try Convert.tensor($0, "each parameter") }
    }
}
