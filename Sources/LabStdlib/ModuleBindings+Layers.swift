import LabLanguage
import NeuralNet
import TensorCore

/// The layers beyond `Linear` and the three activations, assignable parameters, `model[i]`, and the
/// optimizers and helpers beyond SGD and Adam.
extension ModuleObject {
    /// `layer.weight = t` / `layer.bias = t`: the values are copied into the parameter (so an
    /// optimizer holding it sees them); like any in-place change of a parameter, inside `noGrad`.
    func setMember(_ name: String, to value: Value) throws {
        let target: Tensor?
        switch (name, module) {
        case ("weight", let linear as Linear): target = linear.weight
        case ("bias", let linear as Linear): target = linear.bias
        case ("weight", let norm as BatchNorm1d): target = norm.weight
        case ("bias", let norm as BatchNorm1d): target = norm.bias
        default:
            throw NativeError("cannot assign to property '\(name)' of '\(module.name)'",
                              hint: "a layer's weight and bias can be assigned, inside noGrad { ... }")
        }
        guard let target else { throw NativeError("this \(module.name) has no bias to assign (it was made with bias: false)") }
        let new = try Convert.tensor(value, "the new \(name)")
        guard new.shape == target.shape else {
            throw NativeError("the new \(name) has shape \(new.shape), but \(module.name)'s \(name) has shape \(target.shape)")
        }
        guard !target.inPlaceWouldRecord(with: new) else {
            throw NativeError("assigning \(module.name)'s \(name) changes a parameter that requires grad in place while gradients are recorded",
                              hint: "write it inside noGrad { ... } (PyTorch: with torch.no_grad():)")
        }
        try Convert.translatingErrors { try target.copyValues(from: new) }
    }

    /// `model[i]`: a layer of a `Sequential` (negative counts from the end).
    func subscriptGet(_ arguments: [SubscriptArgument]) throws -> Value {
        guard let sequential = module as? Sequential else {
            throw NativeError("only a Sequential can be indexed, to pick a layer; '\(module.name)' cannot")
        }
        guard arguments.count == 1, case .value(.int(let i)) = arguments[0] else {
            throw NativeError("a Sequential is indexed by one Int, as model[0]")
        }
        let n = sequential.layers.count
        let j = i < 0 ? i + n : i
        guard j >= 0, j < n else { throw NativeError("layer index \(i) is out of range for a Sequential of \(n) layers") }
        return .native(ModuleObject(sequential.layers[j]))
    }

    /// Defines `LeakyReLU`, `GELU`, `Softmax`, `Flatten`, `Dropout` and `BatchNorm1d`.
    static func installMoreLayers(into interpreter: Interpreter) {
        let topic = BuiltinTopic.layers
        interpreter.define(.type(
            "LeakyReLU(slope: Double = 0.01)", topic: topic,
            "x where x > 0, else slope·x: a ReLU whose negative side still passes a little gradient.",
            examples: ["print(LeakyReLU(slope: 0.1)(tensor([-2.0, 3.0])))\n// expect: tensor([-0.2000,  3.0000])"])
        ) { args in
            try args.expect("LeakyReLU(slope:)")
            return .native(ModuleObject(LeakyReLU(slope: try args.double("slope") ?? 0.01)))
        }
        interpreter.define(.type(
            "GELU()", topic: topic, "x·Φ(x) with Φ the standard normal distribution function (PyTorch's exact `GELU`).",
            examples: ["print(GELU()(tensor([-1.0, 0.0, 1.0])))\n// expect: tensor([-0.1587,  0.0000,  0.8413])"])
        ) { args in
            try args.expect(labels: [], in: "GELU")
            return .native(ModuleObject(GELU()))
        }
        interpreter.define(.type(
            "Softmax(dim: Int)", topic: topic, "Softmax along `dim` as a layer, turning scores into probabilities.",
            examples: ["print(Softmax(dim: 1)(tensor([[0.0, 0.0]])))\n// expect: tensor([[0.5000, 0.5000]])"])
        ) { args in
            try args.expect("Softmax(dim:)")
            guard let dim = try args.int("dim") else { throw NativeError("Softmax needs dim:", hint: "Softmax(dim: 1)") }
            return .native(ModuleObject(Softmax(dim: dim)))
        }
        interpreter.define(.type(
            "Flatten()", topic: topic, "Merges every dimension after the first: [N, a, b] becomes [N, a·b].",
            examples: ["print(Flatten()(zeros([2, 3, 4])).shape)\n// expect: [2, 12]"])
        ) { args in
            try args.expect(labels: [], in: "Flatten")
            return .native(ModuleObject(Flatten()))
        }
        interpreter.define(.type(
            "Dropout(_ p: Double = 0.5)", topic: topic,
            "While training, zeroes each element with probability `p` and scales the others by 1/(1 − p); after `model.eval()` it passes its input through. The masks come from the session's generator (they are not PyTorch's).",
            examples: ["let drop = Dropout(0.5)\nlet x = ones([1000])\nlet kept = (drop(x) > 0).sum().item\nprint(kept > 400 && kept < 600, drop.eval()(x).sum())\n// expect: true tensor(1000.)"])
        ) { args in
            try args.expect("Dropout(_:)")
            let p = args.positional(0) == nil ? 0.5 : try args.double(0)
            return .native(ModuleObject(try Convert.translatingErrors { try Dropout(p: p) }))
        }
        interpreter.define(.type(
            "BatchNorm1d(_ features: Int, eps: Double = 1e-5, momentum: Double = 0.1)", topic: topic,
            "Standardises each of `features` columns with the batch's mean and variance while training (updating running estimates), and with the running estimates after `model.eval()`; then scales by `.weight` and shifts by `.bias`, both learned (PyTorch's `BatchNorm1d`).",
            examples: ["let norm = BatchNorm1d(2)\nlet y = norm(tensor([[1.0, 10.0], [3.0, 30.0]]))\nprint(y)\nprint(norm.runningMean)\n// expect: tensor([[-1.0000, -1.0000],\n// expect:         [ 1.0000,  1.0000]], grad_fn=<AddBackward0>)\n// expect: tensor([0.2000, 2.0000])"])
        ) { args in
            try args.expect("BatchNorm1d(_:eps:momentum:)")
            let layer = try Convert.translatingErrors {
                try BatchNorm1d(try args.int(0), eps: try args.double("eps") ?? 1e-5, momentum: try args.double("momentum") ?? 0.1)
            }
            return .native(ModuleObject(layer))
        }
    }
}
