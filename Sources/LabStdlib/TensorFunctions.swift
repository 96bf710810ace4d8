import LabLanguage
import TensorCore

/// Global functions that combine tensors or solve with them: `cat`, `stack`, `where`, `dot`,
/// `solve`, `inverse`, `det`, and the whole-number draws `randperm` and `randint`.
struct TensorFunctions {
    static let topic = BuiltinTopic.linearAlgebra

    func install(into interpreter: Interpreter) {
        let define = { (builtin: Builtin, body: @escaping (Arguments) throws -> Value) in
            interpreter.define(builtin) { args in try Convert.translatingErrors { try body(args) } }
        }
        define(
            .function(
                "cat(_ tensors: [Tensor], dim: Int = 0) -> Tensor", topic: Self.topic,
                "The tensors joined end to end along `dim`; their other dimensions must agree (PyTorch's `torch.cat`).",
                examples: ["let a = tensor([[1.0, 2.0]])\nlet b = tensor([[3.0, 4.0], [5.0, 6.0]])\nprint(cat([a, b]).shape, cat([a, a], dim: 1))\n// expect: [3, 2] tensor([[1., 2., 1., 2.]])"])
        ) { args in
            try args.expect("cat(_:dim:)")
            return .native(try Tensor.concatenate(try Self.tensors(args, "cat"), dim: try args.int("dim") ?? 0))
        }
        define(
            .function(
                "stack(_ tensors: [Tensor], dim: Int = 0) -> Tensor", topic: Self.topic,
                "Tensors of one shape stacked along a new dimension `dim` (PyTorch's `torch.stack`).",
                examples: ["let rows = [tensor([1.0, 2.0]), tensor([3.0, 4.0])]\nprint(stack(rows), stack(rows, dim: 1).shape)\n// expect: tensor([[1., 2.],\n// expect:         [3., 4.]]) [2, 2]"])
        ) { args in
            try args.expect("stack(_:dim:)")
            return .native(try Tensor.stack(try Self.tensors(args, "stack"), dim: try args.int("dim") ?? 0))
        }
        define(
            .function(
                "where(_ condition: Tensor, _ a: Tensor | Double, _ b: Tensor | Double) -> Tensor", topic: Self.topic,
                "Elementwise `a` where the condition holds and `b` elsewhere, the three broadcast together (PyTorch's `torch.where`); gradients go to the side that was chosen.",
                examples: ["let x = tensor([-1.0, 2.0, -3.0])\nprint(where(x > 0, x, 0.0))\n// expect: tensor([0., 2., 0.])"])
        ) { args in
            try args.expect("where(_:_:_:)")
            let condition = try Convert.tensor(try args.value(0), "where's condition")
            let a = try Convert.tensor(try args.value(1), "where's second argument")
            let b = try Convert.tensor(try args.value(2), "where's third argument")
            return .native(try Tensor.choosing(condition, a, b))
        }
        define(
            .function(
                "dot(_ a: Tensor, _ b: Tensor) -> Tensor", topic: Self.topic,
                "Σ aᵢbᵢ of two vectors of one length (PyTorch's `torch.dot`).",
                examples: ["print(dot(tensor([1.0, 2.0, 3.0]), tensor([4.0, 5.0, 6.0])))\n// expect: tensor(32.)"])
        ) { args in
            try args.expect("dot(_:_:)")
            return .native(try Tensor.dot(try Convert.tensor(try args.value(0), "dot's first argument"),
                                          try Convert.tensor(try args.value(1), "dot's second argument")))
        }
        define(
            .function(
                "solve(_ A: Tensor, _ B: Tensor) -> Tensor", topic: Self.topic,
                "X with A·X = B, for a square matrix A and B a vector or a matrix of right-hand sides (LAPACK's LU solver, PyTorch's `torch.linalg.solve`); a singular A is an error. Gradients flow to A and B.",
                examples: ["let A = tensor([[3.0, 1.0], [1.0, 2.0]])\nprint(solve(A, tensor([9.0, 8.0])))\n// expect: tensor([2., 3.])"])
        ) { args in
            try args.expect("solve(_:_:)")
            return .native(try Tensor.solve(try Convert.tensor(try args.value(0), "solve's matrix"),
                                            try Convert.tensor(try args.value(1), "solve's right-hand side")))
        }
        define(
            .function(
                "inverse(_ A: Tensor) -> Tensor", topic: Self.topic,
                "The inverse of a square matrix (PyTorch's `torch.linalg.inv`); a singular matrix is an error. To solve A·x = b, `solve` is faster and more accurate.",
                examples: ["print(inverse(tensor([[2.0, 0.0], [0.0, 4.0]])))\n// expect: tensor([[0.5000, 0.0000],\n// expect:         [0.0000, 0.2500]])"])
        ) { args in
            try args.expect("inverse(_:)")
            return .native(try Convert.tensor(try args.value(0), "inverse's argument").inverse())
        }
        define(
            .function(
                "det(_ A: Tensor) -> Tensor", topic: Self.topic,
                "The determinant of a square matrix (PyTorch's `torch.linalg.det`).",
                examples: ["print(det(tensor([[1.0, 2.0], [3.0, 4.0]])))\n// expect: tensor(-2.)"])
        ) { args in
            try args.expect("det(_:)")
            return .native(try Convert.tensor(try args.value(0), "det's argument").determinant())
        }
        define(
            .function(
                "randperm(_ n: Int) -> Tensor", topic: BuiltinTopic.tensors,
                "The numbers 0..<n in a random order (int64), from the session's generator as `torch.randperm` draws them.",
                examples: ["seed(0)\nprint(randperm(5))\n// expect: tensor([4, 0, 1, 3, 2])"])
        ) { args in
            try args.expect("randperm(_:)")
            return .native(try Tensor.randperm(try args.int(0)))
        }
        define(
            .function(
                "randint(low: Int = 0, high: Int, shape: [Int]) -> Tensor", topic: BuiltinTopic.tensors,
                "Whole numbers drawn uniformly from low..<high (int64), as `torch.randint`.",
                examples: ["seed(0)\nprint(randint(high: 10, shape: [4]))\n// expect: tensor([4, 9, 3, 0])"])
        ) { args in
            try args.expect("randint(low:high:shape:)")
            guard let high = try args.int("high") else { throw NativeError("randint needs high:") }
            guard let shapeValue = args.labeled("shape") else { throw NativeError("randint needs shape:") }
            return .native(try Tensor.randint(low: try args.int("low") ?? 0, high: high,
                                              shape: try Convert.shape(shapeValue, "randint's shape")))
        }
    }

    /// The array of tensors that is `name`'s first argument.
    private static func tensors(_ args: Arguments, _ name: String) throws -> [Tensor] {
        guard case .array(let items) = try args.value(0) else {
            throw NativeError("\(name) takes an array of tensors, such as \(name)([a, b])")
        }
        return try items.enumerated().map { k, item in try Convert.tensor(item, "\(name)'s tensor #\(k + 1)") }
    }
}
