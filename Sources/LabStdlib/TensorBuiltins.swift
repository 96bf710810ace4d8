import Foundation
import LabLanguage
import TensorCore

/// The global functions that make and combine tensors: `tensor`, `zeros`, `randn`, `seed`, `matmul`,
/// `gradient(of:wrt:)`, and the math functions that take numbers or tensors.
struct TensorBuiltins {
    unowned let stdlib: Stdlib

    static let making = BuiltinTopic.tensors
    static let gradients = BuiltinTopic.gradients

    func install(into interpreter: Interpreter) {
        let define = { (builtin: Builtin, body: @escaping (Arguments) throws -> Value) in
            interpreter.define(builtin) { args in try Convert.translatingErrors { try body(args) } }
        }
        define(
            .function(
                "tensor(_ values: Double | [Double] | [[Double]] | Tensor, requiresGrad: Bool = false) -> Tensor",
                topic: Self.making,
                "A tensor of Doubles from a number (shape `[]`), nested arrays (their nesting is the shape) or a copy of another tensor. With `requiresGrad: true` it is a leaf whose gradient `backward()` computes.",
                examples: ["let t = tensor([[1.0, 2.0], [3.0, 4.0]])\nprint(t, t.shape)\nprint(tensor(2.0, requiresGrad: true))\n// expect: tensor([[1., 2.],\n// expect:         [3., 4.]]) [2, 2]\n// expect: tensor(2., requires_grad=True)"]),
            makeTensor)
        for (name, what) in [("zeros", "0"), ("ones", "1"), ("rand", "uniform random numbers in [0, 1)"), ("randn", "standard normal random numbers")] {
            let filled = what.count == 1 ? "filled with \(what)" : "of \(what) (from the session's generator, which `seed(n)` restarts)"
            let example = what.count == 1
                ? "print(\(name)([2, 3]))\n// expect: tensor([[\(what).,\(String(repeating: " \(what).,", count: 1)) \(what).],\n// expect:         [\(what)., \(what)., \(what).]])"
                : "seed(0)\nprint(\(name)([2]))\n// expect: \(name == "rand" ? "tensor([0.9701, 0.7078])" : "tensor([ 1.5410, -0.2934])")"
            define(
                .function(
                    "\(name)(_ shape: [Int], requiresGrad: Bool = false) -> Tensor", topic: Self.making,
                    "A tensor of the given shape \(filled).", examples: [example])
            ) { try shaped(name, $0) }
        }
        define(
            .function(
                "full(_ shape: [Int], _ value: Double, requiresGrad: Bool = false) -> Tensor", topic: Self.making,
                "A tensor of the given shape with every element `value`.",
                examples: ["print(full([3], 0.5))\n// expect: tensor([0.5000, 0.5000, 0.5000])"]),
            full)
        define(
            .function(
                "arange(_ start: Double = 0, _ end: Double, step: Double = 1, requiresGrad: Bool = false) -> Tensor",
                topic: Self.making,
                "The numbers from `start` up to but not including `end`, `step` apart (one argument is the end, from 0).",
                examples: ["print(arange(4), arange(1, 2, step: 0.25))\n// expect: tensor([0., 1., 2., 3.]) tensor([1.0000, 1.2500, 1.5000, 1.7500])"]),
            arange)
        define(
            .function(
                "linspace(_ start: Double, _ end: Double, count: Int, requiresGrad: Bool = false) -> Tensor",
                topic: Self.making, "`count` evenly spaced numbers from `start` to `end`, both included.",
                examples: ["print(linspace(0, 1, count: 5))\n// expect: tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])"]),
            linspace)
        define(
            .function(
                "eye(_ rows: Int, _ columns: Int = rows, requiresGrad: Bool = false) -> Tensor", topic: Self.making,
                "The identity matrix: ones on the diagonal, zeros elsewhere.",
                examples: ["print(eye(2))\n// expect: tensor([[1., 0.],\n// expect:         [0., 1.]])"]),
            eye)
        define(
            .function(
                "seed(_ n: Int)", topic: Self.making,
                "Restarts the session's random generator, so `rand`, `randn`, shuffles and new layers' weights repeat PyTorch's numbers after `torch.manual_seed(n)`.",
                examples: ["seed(42)\nlet a = randn([3])\nseed(42)\nprint(randn([3]).sum().item == a.sum().item)\n// expect: true"]),
            seed)
        define(
            .function(
                "matmul(_ a: Tensor, _ b: Tensor) -> Tensor", topic: Self.making,
                "The matrix product (`a.matmul(b)`); a vector on either side is treated as a row or a column, as in PyTorch.",
                examples: ["print(matmul(tensor([[1.0, 2.0]]), tensor([[3.0], [4.0]])))\n// expect: tensor([[11.]])"]),
            matmul)
        define(
            .function(
                "oneHot(_ labels: Tensor | [Int], classes: Int? = nil) -> Tensor", topic: Self.making,
                "For class indices (whole numbers from 0), a tensor with one more dimension of size `classes` (by default the largest label + 1) holding 1 at each label's index and 0 elsewhere (PyTorch's `F.one_hot`, as Doubles).",
                examples: ["print(oneHot(tensor([0.0, 2.0, 1.0]), classes: 3))\n// expect: tensor([[1., 0., 0.],\n// expect:         [0., 0., 1.],\n// expect:         [0., 1., 0.]])"]),
            oneHot)
        define(
            .function(
                "gradient(of output: Tensor, wrt inputs: Tensor | [Tensor], retainGraph: Bool? = nil, createGraph: Bool = false) -> [Tensor]",
                topic: Self.gradients,
                "The gradients of `output` with respect to each input, without touching any `.grad` (PyTorch's `torch.autograd.grad`); with `createGraph: true` they can be differentiated again.",
                examples: ["let x = tensor(3.0, requiresGrad: true)\nlet y = x * x * x\nlet g = gradient(of: y, wrt: [x], createGraph: true)\nprint(g[0], gradient(of: g[0], wrt: x)[0])\n// expect: tensor(27., grad_fn=<AddBackward0>) tensor(18.)"]),
            gradient)
        for (name, meaning, example) in Self.tensorFunctions {
            define(
                .function("\(name)(_ x: Tensor) -> Tensor", topic: BuiltinTopic.math, meaning, examples: [example])
            ) { args in try mathFunction(name, args) }
        }
        for name in ["softmax", "logSoftmax"] {
            define(
                .function(
                    "\(name)(_ x: Tensor, dim: Int) -> Tensor", topic: BuiltinTopic.math,
                    name == "softmax"
                        ? "e^x normalised to sum to 1 along `dim`, computed stably (`x.softmax(dim:)`)."
                        : "The logarithm of `softmax`, computed without forming it (`x.logSoftmax(dim:)`).",
                    examples: [name == "softmax"
                        ? "print(softmax(tensor([0.0, 0.0]), dim: 0))\n// expect: tensor([0.5000, 0.5000])"
                        : "print(logSoftmax(tensor([0.0, 0.0]), dim: 0))\n// expect: tensor([-0.6931, -0.6931])"])
            ) { args in
                try args.expect("\(name)(_:dim:)")
                let t = try Convert.tensor(try args.value(0), "\(name)'s argument")
                let rest = Arguments(Array(args.items.dropFirst()), callee: name)
                return try TensorMethods.call(t, name, rest)
            }
        }
        interpreter.nativeMath = { name, args in try Convert.translatingErrors { try extendedMath(name, args) } }
        installShortcuts(into: interpreter)
    }

    /// One-tensor functions called with a tensor skip `Arguments` and the name lookups: each
    /// shortcut does what the function's own path does for a tensor (the math built-ins reach
    /// `mathFunction` through `nativeMath`, which translates errors; the tensor functions do not),
    /// and declines anything else (numbers, arrays), which then takes that path.
    private func installShortcuts(into interpreter: Interpreter) {
        for name in Self.mathBuiltins + Self.tensorFunctions.map(\.0) {
            guard let op = TensorMethods.unary[name] else { continue }
            let translatesErrors = Self.mathBuiltins.contains(name)
            interpreter.defineShortcut(name) { value in
                guard case .native(let object) = value, let t = object as? Tensor else { return nil }
                return .native(translatesErrors ? try Convert.translatingErrors { try op(t) } : try op(t))
            }
        }
    }

    /// The language's one-argument math built-ins that also take a tensor (through `nativeMath`).
    static let mathBuiltins = ["exp", "log", "sqrt", "abs", "tanh"]

    /// Functions of tensors only: name, what they compute, an example.
    static let tensorFunctions = [
        ("sigmoid", "1 / (1 + e^−x), elementwise (`x.sigmoid()`).", "print(sigmoid(tensor([0.0, 2.0])))\n// expect: tensor([0.5000, 0.8808])"),
        ("relu", "max(x, 0), elementwise (`x.relu()`).", "print(relu(tensor([-1.0, 2.0])))\n// expect: tensor([0., 2.])"),
        ("logSigmoid", "log σ(x), elementwise and stable for large |x| (`x.logSigmoid()`).", "print(logSigmoid(tensor([0.0])))\n// expect: tensor([-0.6931])"),
    ]

    /// The tensor side of the language's math built-ins (`Interpreter.nativeMath`): `exp`, `log`,
    /// `sqrt`, `abs` and `tanh` of a tensor or an array, `pow` with a tensor on either side, and
    /// `assertClose` (always, so numbers and tensors fail with the same message). Nil leaves a
    /// call of numbers to the language.
    private func extendedMath(_ name: String, _ args: Arguments) throws -> Value? {
        switch name {
        case _ where Self.mathBuiltins.contains(name):
            if let first = args.items.first, first.label == nil, Convert.number(first.value) != nil { return nil }
            return try mathFunction(name, args)
        case "pow":
            try args.expect("pow(_:_:)")
            let base = try args.value(0), exponent = try args.value(1)
            if Convert.number(base) != nil && Convert.number(exponent) != nil { return nil }
            return try TensorBuiltins.power(base, exponent)
        case "assertClose": return try assertClose(args)
        default: return nil
        }
    }

    /// A function of one tensor (`log(t)`, `sigmoid(t)`): the tensor method of that name, looked up
    /// in the table of one-tensor methods rather than through `TensorMethods.call`, whose switch
    /// compares the name with every other method's first (training loops call these every step).
    private func mathFunction(_ name: String, _ args: Arguments) throws -> Value {
        try args.expect(labels: [nil], in: name)
        let t = try Convert.tensor(try args.value(0), "\(name)'s argument")
        if let op = TensorMethods.unary[name] { return .native(try op(t)) }
        return try TensorMethods.call(t, name, Arguments([Argument](), callee: name))
    }

    private func makeTensor(_ args: Arguments) throws -> Value {
        try args.expect("tensor(_:requiresGrad:)")
        let value = try args.value(0)
        let requiresGrad = try args.bool("requiresGrad") ?? false
        if let x = Convert.number(value) { return .native(Tensor(x, requiresGrad: requiresGrad)) }
        if case .native(let object as Tensor) = value {
            let copy = object.detach().snapshot()
            if requiresGrad { try copy.setRequiresGrad(true) }
            return .native(copy)
        }
        return .native(try Tensor(literal: Convert.literal(value, "tensor's argument"), requiresGrad: requiresGrad))
    }

    private func shaped(_ name: String, _ args: Arguments) throws -> Value {
        try args.expect("\(name)(_:requiresGrad:)")
        let shape = try Convert.shape(try args.value(0), "\(name)'s shape")
        let rg = try args.bool("requiresGrad") ?? false
        switch name {
        case "zeros": return .native(try Tensor.zeros(shape, requiresGrad: rg))
        case "ones": return .native(try Tensor.ones(shape, requiresGrad: rg))
        case "rand": return .native(try Tensor.rand(shape, requiresGrad: rg))
        default: return .native(try Tensor.randn(shape, requiresGrad: rg))
        }
    }

    private func full(_ args: Arguments) throws -> Value {
        try args.expect("full(_:_:requiresGrad:)")
        let shape = try Convert.shape(try args.value(0), "full's shape")
        return .native(try Tensor.full(shape, try args.double(1), requiresGrad: try args.bool("requiresGrad") ?? false))
    }

    private func arange(_ args: Arguments) throws -> Value {
        try args.expect("arange(_:_:step:requiresGrad:)")
        let rg = try args.bool("requiresGrad") ?? false
        let step = try args.double("step") ?? 1
        if args.positionalCount >= 2 {
            return .native(try Tensor.arange(try args.double(0), try args.double(1), step: step, requiresGrad: rg))
        }
        return .native(try Tensor.arange(0, try args.double(0), step: step, requiresGrad: rg))
    }

    private func linspace(_ args: Arguments) throws -> Value {
        try args.expect("linspace(_:_:count:requiresGrad:)")
        guard let count = try args.int("count") else { throw NativeError("linspace needs count:") }
        return .native(
            try Tensor.linspace(
                try args.double(0), try args.double(1), count: count,
                requiresGrad: try args.bool("requiresGrad") ?? false))
    }

    private func eye(_ args: Arguments) throws -> Value {
        try args.expect("eye(_:_:requiresGrad:)")
        let columns = args.positionalCount > 1 ? try args.int(1) : nil
        return .native(try Tensor.eye(try args.int(0), columns, requiresGrad: try args.bool("requiresGrad") ?? false))
    }

    private func seed(_ args: Arguments) throws -> Value {
        try args.expect("seed(_:)")
        let n = try args.int(0)
        guard n >= 0 else { throw NativeError("seed must be a non-negative Int, got \(n)") }
        stdlib.context.seed(UInt64(n))
        return .void
    }

    private func matmul(_ args: Arguments) throws -> Value {
        try args.expect("matmul(_:_:)")
        let a = try Convert.tensor(try args.value(0), "matmul's first argument")
        let b = try Convert.tensor(try args.value(1), "matmul's second argument")
        return .native(try a.matmul(b))
    }

    /// `oneHot(labels, classes:)`: labels of any shape, each a whole number in 0..<classes.
    private func oneHot(_ args: Arguments) throws -> Value {
        try args.expect("oneHot(_:classes:)")
        let labels = try Convert.tensor(try args.value(0), "oneHot's labels")
        let indices = try labels.scalars.map { value -> Int in
            guard value >= 0, value == value.rounded(), let index = Int(exactly: value) else {
                throw NativeError("oneHot's labels must be whole numbers from 0, got \(value)")
            }
            return index
        }
        let classes = try args.int("classes") ?? ((indices.max() ?? -1) + 1)
        guard classes > 0 else { throw NativeError("oneHot needs classes: of at least 1") }
        let (total, overflow) = indices.count.multipliedReportingOverflow(by: classes)
        guard !overflow, total <= stdlib.context.maxElements else {
            throw NativeError("oneHot: \(indices.count) labels × \(classes) classes is more than the \(stdlib.context.maxElements) elements a tensor may hold")
        }
        var values = [Double](repeating: 0, count: indices.count * classes)
        for (row, index) in indices.enumerated() {
            guard index < classes else {
                throw NativeError("oneHot: label \(index) is not below classes: \(classes)")
            }
            values[row * classes + index] = 1
        }
        return .native(try Tensor(values, shape: labels.shape + [classes]))
    }

    /// `gradient(of: y, wrt: [x1, x2], createGraph: false)`: one gradient per `wrt` entry.
    private func gradient(_ args: Arguments) throws -> Value {
        try args.expect("gradient(of:wrt:retainGraph:createGraph:)")
        guard let of = args.labeled("of"), let wrt = args.labeled("wrt") else {
            throw NativeError("gradient needs of: and wrt:", hint: "gradient(of: y, wrt: [x])")
        }
        let output = try Convert.tensor(of, "gradient's of:")
        let inputs: [Tensor]
        if case .array(let items) = wrt {
            inputs = try items.map { try Convert.tensor($0, "each wrt: entry") }
        } else {
            inputs = [try Convert.tensor(wrt, "gradient's wrt:")]
        }
        let grads = try Tensor.gradient(
            of: output, wrt: inputs, retainGraph: try args.bool("retainGraph"),
            createGraph: try args.bool("createGraph") ?? false)
        return .array(grads.map { .native($0) })
    }

    /// `pow(a, b)` for numbers (a number) or tensors (a tensor).
    static func power(_ base: Value, _ exponent: Value) throws -> Value {
        if let a = Convert.number(base), let b = Convert.number(exponent) { return .double(Foundation.pow(a, b)) }
        return try Convert.translatingErrors {
            if let b = Convert.number(exponent) {
                return .native(try Convert.tensor(base, "pow's base").pow(b))
            }
            let e = try Convert.tensor(exponent, "pow's exponent")
            if let a = Convert.number(base) { return .native(try Tensor.pow(a, e)) }
            return .native(try Convert.tensor(base, "pow's base").pow(e))
        }
    }

    /// `assertClose(a, b, tol:, "message")`: numbers or tensors of equal shape (a number counts as
    /// shape []); the message, when given, leads the failure (feedback for an exercise's check).
    private func assertClose(_ args: Arguments) throws -> Value {
        try args.expect("assertClose(_:_:tol:_:)")
        let message = args.positional(2).map { value -> String in
            if case .string(let text) = value { return text }
            return value.printed
        }
        do {
            try assertCloseTensors(args)
        } catch let error as NativeError {
            throw message.map { NativeError("\($0) (\(error.message))") } ?? error
        }
        return .void
    }

    private func assertCloseTensors(_ args: Arguments) throws {
        let a = try Convert.tensor(try args.value(0), "assertClose's first argument")
        let b = try Convert.tensor(try args.value(1), "assertClose's second argument")
        let tol = try args.double("tol") ?? 1e-9
        guard a.shape == b.shape else {
            throw NativeError("assertClose: shapes differ: \(a.shape) and \(b.shape)")
        }
        var worst = 0.0
        for (x, y) in zip(a.scalars, b.scalars) {
            let d = Swift.abs(x - y)
            if d.isNaN || d > worst { worst = d.isNaN ? .infinity : d }
        }
        if worst > tol {
            throw NativeError("assertClose failed: largest difference \(worst) is more than tol \(tol)")
        }
    }
}
