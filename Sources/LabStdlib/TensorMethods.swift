import LabLanguage
import TensorCore

/// The methods lab code calls on tensors (`t.backward()`, `t.sum(dim: 0)`), each checking its labels.
/// Their names, signatures and documentation are declared in `TensorMembers`.
enum TensorMethods {
    /// Methods without arguments that map one tensor to another.
    static let unary: [String: @Sendable (Tensor) throws -> Tensor] = [
        "exp": { try $0.exp() }, "log": { try $0.log() }, "sqrt": { try $0.sqrt() },
        "abs": { try $0.abs() }, "sigmoid": { try $0.sigmoid() }, "tanh": { try $0.tanh() },
        "relu": { try $0.relu() }, "logSigmoid": { try $0.logSigmoid() },
        "detach": { t in
            let copy = t.detach()
            copy.isDetachedCopy = true
            return copy
        },
        "transposed": { try $0.transposed() },
    ]

    /// The method names, from their declarations (`TensorMembers`).
    static let names = TensorMembers.methodNames

    /// Every member name, for did-you-mean suggestions.
    static let memberNames = TensorMembers.memberNames

    static func call(_ t: Tensor, _ name: String, _ args: Arguments) throws -> Value {
        // The named methods first: a string compare is cheaper than hashing the name for `unary`.
        switch name {
        case "backward": return try backward(t, args)
        // The reductions next: a loss's `.mean()` runs every training step.
        case "sum", "mean": return try reduce(t, name, args)
        case "reshape":
            try args.expect("reshape(_:)")
            return .native(try t.reshape(try Convert.shape(try args.value(0), "reshape's shape", allowingInferred: true)))
        case "flatten":
            try args.expect(labels: [], in: "flatten")
            return .native(try t.flattened())
        case "squeeze":
            try args.expect("squeeze(dim:)")
            if let dim = try args.int("dim") { return .native(try t.squeeze(dim: dim)) }
            return .native(try t.squeeze())
        case "unsqueeze":
            try args.expect("unsqueeze(_:)")
            return .native(try t.unsqueeze(try args.int(0)))
        case "max", "min": return try extreme(t, name, args)
        case "argmax":
            try args.expect("argmax(dim:keepDim:)")
            guard let dim = try args.int("dim") else { return .native(try t.argmax()) }
            return .native(try t.argmax(dim: dim, keepDim: try args.bool("keepDim") ?? false))
        case "clamp":
            try args.expect("clamp(min:max:)")
            return .native(try t.clamp(min: try args.double("min"), max: try args.double("max")))
        case "softmax", "logSoftmax":
            try args.expect("\(name)(dim:)")
            guard let dim = try args.int("dim") else { throw NativeError("\(name) needs dim:") }
            return .native(name == "softmax" ? try t.softmax(dim: dim) : try t.logSoftmax(dim: dim))
        case "matmul":
            try args.expect("matmul(_:)")
            return .native(try t.matmul(try Convert.tensor(try args.value(0), "matmul's argument")))
        case "pow":
            try args.expect("pow(_:)")
            return try TensorBuiltins.power(.native(t), try args.value(0))
        case "item":
            throw NativeError("'item' is a property, not a method", hint: "write .item without ()")
        default:
            if let op = unary[name] {
                try args.expect(labels: [], in: name)
                return .native(try op(t))
            }
            if let result = try TensorMoreMembers.call(t, name, args) { return result }
            throw NativeError(
                "value of type 'Tensor' has no method '\(name)'",
                hint: PythonHabits.tensorMembers[name] ?? Suggestions.hint(for: name, among: memberNames))
        }
    }

    private static let backwardLabels: [String?] = [nil, "retainGraph", "createGraph"]

        private static func backward(_ t: Tensor, _ args: Arguments) throws -> Value {
        // The labels as an array made once: matching them is cheaper than walking the signature
        // text, and `backward` runs every training step. Errors read the same either way.
        try args.expect(labels: backwardLabels, in: "backward")
        let seed = try args.positional(0).map { try Convert.tensor($0, "backward's gradient") }
        try t.backward(
            gradient: seed, retainGraph: try args.bool("retainGraph") ?? false,
            createGraph: try args.bool("createGraph") ?? false)
        return .void
    }

    private static func reduce(_ t: Tensor, _ name: String, _ args: Arguments) throws -> Value {
        try args.expect("\(name)(dim:keepDim:)")
        let keep = try args.bool("keepDim") ?? false
        guard let dim = try args.int("dim") else {
            if keep { throw NativeError("keepDim: needs dim:") }
            return .native(name == "sum" ? try t.sum() : try t.mean())
        }
        return .native(name == "sum" ? try t.sum(dim: dim, keepDim: keep) : try t.mean(dim: dim, keepDim: keep))
    }

    private static func extreme(_ t: Tensor, _ name: String, _ args: Arguments) throws -> Value {
        try args.expect("\(name)(dim:keepDim:)")
        guard let dim = try args.int("dim") else { return .native(name == "max" ? try t.max() : try t.min()) }
        let keep = try args.bool("keepDim") ?? false
        let pair = name == "max" ? try t.max(dim: dim, keepDim: keep) : try t.min(dim: dim, keepDim: keep)
        return .tuple([.native(pair.values), .native(pair.indices)])
    }
}
