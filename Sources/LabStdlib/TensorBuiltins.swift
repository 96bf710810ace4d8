import Foundation
import LabLanguage
import TensorCore

/// The global functions that make and combine tensors: `tensor`, `zeros`, `randn`, `seed`, `matmul`,
/// `gradient(of:wrt:)`, and the math functions that take numbers or tensors.
struct TensorBuiltins {
    unowned let stdlib: Stdlib

    func install(into interpreter: Interpreter) {
        let define = { (name: String, body: @escaping (Arguments) throws -> Value) in
            interpreter.defineFunction(name) { args in try Convert.run { try body(args) } }
        }
        define("tensor", makeTensor)
        for name in ["zeros", "ones", "rand", "randn"] { define(name) { try shaped(name, $0) } }
        define("full", full)
        define("arange", arange)
        define("linspace", linspace)
        define("eye", eye)
        define("seed", seed)
        define("matmul", matmul)
        define("gradient", gradient)
        define("pow") { args in
            try args.expect("pow(_:_:)")
            return try TensorBuiltins.power(try args.value(0), try args.value(1))
        }
        for (name, number) in Self.numberFunctions {
            define(name) { args in try mathFunction(name, number, args) }
        }
        for name in ["sigmoid", "relu", "logSigmoid"] {
            define(name) { args in try mathFunction(name, nil, args) }
        }
        for name in ["softmax", "logSoftmax"] {
            define(name) { args in
                try args.expect("\(name)(_:dim:)")
                let t = try Convert.tensor(try args.value(0), "\(name)'s argument")
                let rest = Arguments(Array(args.items.dropFirst()), callee: name)
                return try TensorMethods.call(t, name, rest)
            }
        }
        define("assertClose", assertClose)
    }

    /// Math functions that also take plain numbers (and then return numbers).
    static let numberFunctions: [(String, @Sendable (Double) -> Double)] = [
        ("exp", Foundation.exp), ("log", Foundation.log), ("sqrt", Foundation.sqrt),
        ("abs", Swift.abs), ("tanh", Foundation.tanh),
    ]

    private func mathFunction(_ name: String, _ number: ((Double) -> Double)?, _ args: Arguments) throws -> Value {
        try args.expect(labels: [nil], in: name)
        let value = try args.value(0)
        if let number, let x = Convert.number(value) { return .double(number(x)) }
        let t = try Convert.tensor(value, "\(name)'s argument")
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
        return try Convert.run {
            if let b = Convert.number(exponent) {
                return .native(try Convert.tensor(base, "pow's base").pow(b))
            }
            let e = try Convert.tensor(exponent, "pow's exponent")
            if let a = Convert.number(base) { return .native(try Tensor.pow(a, e)) }
            return .native(try Convert.tensor(base, "pow's base").pow(e))
        }
    }

    /// `assertClose(a, b, tol:)`: numbers or tensors of equal shape (a number counts as shape []).
    private func assertClose(_ args: Arguments) throws -> Value {
        try args.expect("assertClose(_:_:tol:)")
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
        return .void
    }
}
