import LabLanguage
import TensorCore

/// Declarations and dispatch of the tensor members for statistics, selection and copies
/// (`std`, `variance`, `norm`, `any`, `all`, `clone`, `isnan`, `argmin`, `T`, `ndim`, `dtype`).
enum TensorMoreMembers {
    static let topic = BuiltinTopic.tensorMembers

    static let properties: [Builtin] = [
        .property(
            of: "Tensor", "T: Tensor", topic: topic,
            "The transpose of a matrix (rows and columns swapped), as PyTorch's `t.T`; the same as `transposed()`.",
            examples: ["print(tensor([[1.0, 2.0], [3.0, 4.0]]).T)\n// expect: tensor([[1., 3.],\n// expect:         [2., 4.]])"]),
        .property(
            of: "Tensor", "ndim: Int", topic: topic, "The number of dimensions (PyTorch's name for `rank`).",
            examples: ["print(zeros([4, 2]).ndim)\n// expect: 2"]),
        .property(
            of: "Tensor", "dtype: String", topic: topic,
            "What the elements stand for, by PyTorch's dtype names: `float64` for numbers, `int64` for indices (`argmax`, `randperm`, a column's `codes()`), `bool` for a comparison's result, which indexes as a mask. All are stored as Doubles; arithmetic gives `float64`.",
            examples: ["let t = tensor([1.0, 3.0, 2.0])\nprint(t.dtype, t.argmax().dtype, (t > 1).dtype)\n// expect: float64 int64 bool"]),
    ]

    static let methods: [Builtin] = [
        .method(
            of: "Tensor", "std(dim: Int? = nil, keepDim: Bool = false, correction: Int = 1) -> Tensor", topic: topic,
            "The standard deviation of all elements, or along `dim`; like PyTorch it divides by n − 1 (`correction: 0` divides by n).",
            examples: ["let m = tensor([[1.0, 2.0], [3.0, 6.0]])\nprint(m.std(), m.std(dim: 0))\n// expect: tensor(2.1602) tensor([1.4142, 2.8284])"]),
        .method(
            of: "Tensor", "variance(dim: Int? = nil, keepDim: Bool = false, correction: Int = 1) -> Tensor", topic: topic,
            "The variance of all elements, or along `dim`, dividing by n − 1 as PyTorch's `var` does (`correction: 0` divides by n).",
            examples: ["print(tensor([1.0, 2.0, 3.0, 4.0]).variance(), tensor([1.0, 3.0]).variance(correction: 0))\n// expect: tensor(1.6667) tensor(1.)"]),
        .method(
            of: "Tensor", "norm() -> Tensor", topic: topic,
            "The Euclidean length √(Σx²) of all elements, as `torch.linalg.norm` of the flattened tensor.",
            examples: ["print(tensor([3.0, 4.0]).norm())\n// expect: tensor(5.)"]),
        .method(
            of: "Tensor", "argmin(dim: Int? = nil, keepDim: Bool = false) -> Tensor", topic: topic,
            "The index of the smallest element (of the flattened tensor, or along `dim`).",
            examples: ["print(tensor([[4.0, 1.0], [0.0, 2.0]]).argmin(dim: 1), tensor([3.0, -1.0, 2.0]).argmin())\n// expect: tensor([1, 0]) tensor(1)"]),
        .method(
            of: "Tensor", "any() -> Bool", topic: topic, "Whether any element is non-zero (true).",
            examples: ["let t = tensor([0.5, -2.0, 3.0])\nprint((t < 0).any(), (t > 5).any())\n// expect: true false"]),
        .method(
            of: "Tensor", "all() -> Bool", topic: topic, "Whether every element is non-zero (true); true for an empty tensor.",
            examples: ["let t = tensor([0.5, -2.0, 3.0])\nprint((t > -3).all(), (t > 0).all())\n// expect: true false"]),
        .method(
            of: "Tensor", "clone() -> Tensor", topic: topic,
            "A copy of the elements that stays in the graph: gradients flow back through it (PyTorch's `clone()`); changing the copy leaves the original alone.",
            examples: ["let w = tensor([1.0, 2.0], requiresGrad: true)\nlet c = w.clone()\nprint(c)\n(c * c).sum().backward()\nprint(w.grad)\n// expect: tensor([1., 2.], grad_fn=<CloneBackward0>)\n// expect: tensor([2., 4.])"]),
        .method(
            of: "Tensor", "isnan() -> Tensor", topic: topic, "A bool tensor: true where the element is NaN.",
            examples: ["print(tensor([1.0, Double.nan]).isnan())\n// expect: tensor([False,  True])"]),
    ]

    static let declarations = properties + methods

    /// The value of property `name`, or nil when it is not one of these.
    static func property(_ t: Tensor, _ name: String) throws -> Value? {
        switch name {
        case "T": return .native(try Convert.translatingErrors { try t.transposed() })
        case "ndim": return .int(t.rank)
        case "dtype": return .string(t.kind.name)
        default: return nil
        }
    }

    /// The result of method `name`, or nil when it is not one of these.
    static func call(_ t: Tensor, _ name: String, _ args: Arguments) throws -> Value? {
        switch name {
        case "std", "variance":
            try args.expect("\(name)(dim:keepDim:correction:)")
            let correction = try args.int("correction") ?? 1
            let keep = try args.bool("keepDim") ?? false
            guard let dim = try args.int("dim") else {
                if keep { throw NativeError("keepDim: needs dim:") }
                return .native(name == "std" ? try t.standardDeviation(correction: correction) : try t.variance(correction: correction))
            }
            return .native(name == "std"
                ? try t.standardDeviation(dim: dim, correction: correction, keepDim: keep)
                : try t.variance(dim: dim, correction: correction, keepDim: keep))
        case "norm":
            try args.expect(labels: [], in: name)
            return .native(try t.norm())
        case "argmin":
            try args.expect("argmin(dim:keepDim:)")
            guard let dim = try args.int("dim") else { return .native(try t.flattened().argmin(dim: 0)) }
            return .native(try t.argmin(dim: dim, keepDim: try args.bool("keepDim") ?? false))
        case "any", "all":
            try args.expect(labels: [], in: name)
            return .bool(name == "any" ? t.anyNonZero : t.allNonZero)
        case "clone":
            try args.expect(labels: [], in: name)
            return .native(t.cloned())
        case "isnan":
            try args.expect(labels: [], in: name)
            return .native(t.isNaN())
        default:
            return nil
        }
    }
}
