import LabLanguage

/// The declarations of a tensor's properties and methods: the one list their names come from
/// (`TensorMethods` dispatches on them, suggestions and docs/library.md read them).
enum TensorMembers {
    static let topic = BuiltinTopic.tensorMembers

    static let properties: [Builtin] = [
        .property(
            of: "Tensor", "grad: Tensor? { get set }", topic: topic,
            "The gradient `backward()` accumulated into this leaf (`nil` before any); assign `nil` to clear it.",
            examples: ["let w = tensor(3.0, requiresGrad: true)\nprint(w.grad)\n(w * w).backward()\nprint(w.grad)\n// expect: nil\n// expect: tensor(6.)"]),
        .property(
            of: "Tensor", "item: Double", topic: topic, "The value of a one-element tensor as a Double.",
            examples: ["print(tensor([[2.5]]).item)\n// expect: 2.5"]),
        .property(
            of: "Tensor", "shape: [Int]", topic: topic, "The size of each dimension (`[]` for a number).",
            examples: ["print(zeros([2, 3]).shape, tensor(1.0).shape)\n// expect: [2, 3] []"]),
        .property(
            of: "Tensor", "count: Int", topic: topic, "The number of elements.",
            examples: ["print(zeros([2, 3]).count)\n// expect: 6"]),
        .property(
            of: "Tensor", "requiresGrad: Bool { get set }", topic: topic,
            "Whether operations on this tensor are recorded for autograd; only a leaf's can be set.",
            examples: ["let t = ones([2])\nt.requiresGrad = true\nprint(t.requiresGrad, (t * 2).requiresGrad)\n// expect: true true"]),
        .property(
            of: "Tensor", "gradFn: String?", topic: topic,
            "The name of the operation that made this tensor, as PyTorch's `grad_fn` (`nil` for a leaf).",
            examples: ["let x = tensor(1.0, requiresGrad: true)\nprint((x * x).gradFn, x.gradFn)\n// expect: MulBackward0 nil"]),
        .property(
            of: "Tensor", "isLeaf: Bool", topic: topic,
            "True for a tensor no recorded operation made (a parameter, data).",
            examples: ["let x = tensor(1.0, requiresGrad: true)\nprint(x.isLeaf, (x + 1).isLeaf)\n// expect: true false"]),
        .property(
            of: "Tensor", "rank: Int", topic: topic, "The number of dimensions.",
            examples: ["print(zeros([2, 3]).rank)\n// expect: 2"]),
    ]

    /// Methods without arguments that map a tensor to a tensor elementwise (or, for `detach` and
    /// `transposed`, as a whole): name, what they give, an example.
    static let unaryMethods: [(String, String, String)] = [
        ("exp", "e^x, elementwise.", "print(tensor([0.0]).exp())\n// expect: tensor([1.])"),
        ("log", "The natural logarithm, elementwise.", "print(tensor([1.0]).log())\n// expect: tensor([0.])"),
        ("sqrt", "The square root, elementwise.", "print(tensor([9.0]).sqrt())\n// expect: tensor([3.])"),
        ("abs", "The absolute value, elementwise.", "print(tensor([-2.0]).abs())\n// expect: tensor([2.])"),
        ("sigmoid", "1 / (1 + e^−x), elementwise.", "print(tensor([0.0]).sigmoid())\n// expect: tensor([0.5000])"),
        ("tanh", "The hyperbolic tangent, elementwise.", "print(tensor([0.0]).tanh())\n// expect: tensor([0.])"),
        ("relu", "max(x, 0), elementwise.", "print(tensor([-1.0, 1.0]).relu())\n// expect: tensor([0., 1.])"),
        ("logSigmoid", "log σ(x), elementwise and stable.", "print(tensor([0.0]).logSigmoid())\n// expect: tensor([-0.6931])"),
        ("detach", "The same numbers outside the graph: no gradient flows through the result. Unlike PyTorch's, it is a copy: changing it in place (`d += 1`) leaves the original alone, and changing the original leaves it alone.",
         "let x = tensor(2.0, requiresGrad: true)\nprint((x * x).detach())\n// expect: tensor(4.)"),
        ("transposed", "A matrix with rows and columns swapped (PyTorch's `t.T`).",
         "print(tensor([[1.0, 2.0]]).transposed().shape)\n// expect: [2, 1]"),
    ]

    static let otherMethods: [Builtin] = [
        .method(
            of: "Tensor", "backward(_ gradient: Tensor? = nil, retainGraph: Bool = false, createGraph: Bool = false)", topic: topic,
            "Computes the gradient of this tensor with respect to every leaf that requires grad and adds it to their `.grad`. A non-scalar needs the `gradient` to start from.",
            examples: ["let x = tensor(2.0, requiresGrad: true)\nlet y = tensor(3.0, requiresGrad: true)\nlet f = x * (x + y) + y * y\nf.backward()\nprint(x.grad, y.grad)\n// expect: tensor(7.) tensor(8.)"]),
        .method(
            of: "Tensor", "reshape(_ shape: [Int]) -> Tensor", topic: topic,
            "The same elements, in row-major order, in another shape with the same number of elements; one dimension may be -1, worked out from the others.",
            examples: ["print(arange(6).reshape([2, -1]).shape)\n// expect: [2, 3]"]),
        .method(
            of: "Tensor", "flatten() -> Tensor", topic: topic,
            "The elements as one dimension, in row-major order (PyTorch's `t.flatten()`); gradients flow back into the original shape.",
            examples: ["let m = tensor([[1.0, 2.0], [3.0, 4.0]], requiresGrad: true)\nlet f = m.flatten()\nprint(f)\n(f * f).sum().backward()\nprint(m.grad)\n// expect: tensor([1., 2., 3., 4.], grad_fn=<ViewBackward0>)\n// expect: tensor([[2., 4.],\n// expect:         [6., 8.]])"]),
        .method(
            of: "Tensor", "squeeze(dim: Int? = nil) -> Tensor", topic: topic,
            "Removes dimensions of size 1 (all of them, or only `dim`).",
            examples: ["print(zeros([2, 1]).squeeze().shape)\n// expect: [2]"]),
        .method(
            of: "Tensor", "unsqueeze(_ dim: Int) -> Tensor", topic: topic, "Inserts a dimension of size 1 at `dim`.",
            examples: ["print(zeros([2]).unsqueeze(1).shape)\n// expect: [2, 1]"]),
        .method(
            of: "Tensor", "sum(dim: Int? = nil, keepDim: Bool = false) -> Tensor", topic: topic,
            "The sum of all elements, or along `dim` (kept as size 1 with `keepDim`).",
            examples: ["let m = tensor([[1.0, 2.0], [3.0, 4.0]])\nprint(m.sum(), m.sum(dim: 0))\n// expect: tensor(10.) tensor([4., 6.])"]),
        .method(
            of: "Tensor", "mean(dim: Int? = nil, keepDim: Bool = false) -> Tensor", topic: topic,
            "The mean of all elements, or along `dim`.",
            examples: ["print(tensor([[1.0, 2.0], [3.0, 4.0]]).mean(dim: 1))\n// expect: tensor([1.5000, 3.5000])"]),
        .method(
            of: "Tensor", "max(dim: Int? = nil, keepDim: Bool = false) -> Tensor | (values: Tensor, indices: Tensor)", topic: topic,
            "The largest element, or along `dim` a pair of the largest values and their indices.",
            examples: ["let m = tensor([[1.0, 5.0], [7.0, 2.0]])\nlet (values, indices) = m.max(dim: 1)\nprint(m.max(), values, indices)\n// expect: tensor(7.) tensor([5., 7.]) tensor([1, 0])"]),
        .method(
            of: "Tensor", "min(dim: Int? = nil, keepDim: Bool = false) -> Tensor | (values: Tensor, indices: Tensor)", topic: topic,
            "The smallest element, or along `dim` a pair of the smallest values and their indices.",
            examples: ["print(tensor([3.0, 1.0, 2.0]).min())\n// expect: tensor(1.)"]),
        .method(
            of: "Tensor", "argmax(dim: Int? = nil, keepDim: Bool = false) -> Tensor", topic: topic,
            "The index of the largest element (of the flattened tensor, or along `dim`).",
            examples: ["print(tensor([[1.0, 5.0], [7.0, 2.0]]).argmax(dim: 1))\n// expect: tensor([1, 0])"]),
        .method(
            of: "Tensor", "clamp(min: Double? = nil, max: Double? = nil) -> Tensor", topic: topic,
            "Each element limited to [min, max].",
            examples: ["print(tensor([-2.0, 0.5, 3.0]).clamp(min: 0, max: 1))\n// expect: tensor([0.0000, 0.5000, 1.0000])"]),
        .method(
            of: "Tensor", "softmax(dim: Int) -> Tensor", topic: topic, "e^x normalised to sum to 1 along `dim`.",
            examples: ["print(tensor([1.0, 1.0]).softmax(dim: 0))\n// expect: tensor([0.5000, 0.5000])"]),
        .method(
            of: "Tensor", "logSoftmax(dim: Int) -> Tensor", topic: topic, "The logarithm of `softmax`, computed stably.",
            examples: ["print(tensor([1.0, 1.0]).logSoftmax(dim: 0))\n// expect: tensor([-0.6931, -0.6931])"]),
        .method(
            of: "Tensor", "matmul(_ other: Tensor) -> Tensor", topic: topic, "The matrix product with `other`.",
            examples: ["print(eye(2).matmul(tensor([[1.0], [2.0]])).shape)\n// expect: [2, 1]"]),
        .method(
            of: "Tensor", "subscript(_ indices: Int | Range | : | ... | [Int] | Tensor) -> Tensor { get set }", topic: topic,
            "`t[i, j]`: per dimension an Int (negative counts from the end; the dimension goes), a range (`1...2`, `0..<2`), `:` for all of it, or `...` for all remaining dimensions. One dimension may take an index list or a tensor of whole numbers (`X[[2, 0]]`, `X[:, idx]`: those positions, in that order); a bool tensor from a comparison is a mask (`X[X > 0]`: the elements, or rows, where it is true). Reading keeps gradients; writing (inside `noGrad` for a leaf that requires grad) changes the elements in place.",
            examples: [
                "let m = tensor([[1, 2, 3], [4, 5, 6]])\nprint(m[:, 0], m[-1], m[0, 1...2], m[..., -1])\n// expect: tensor([1., 4.]) tensor([4., 5., 6.]) tensor([2., 3.]) tensor([3., 6.])",
                "var m = tensor([[1.0, -2.0], [-3.0, 4.0], [5.0, 6.0]])\nprint(m[[2, 0]], m[:, [1]].shape, m[m > 0])\nm[m < 0] = 0\nprint(m[1])\n// expect: tensor([[ 5.,  6.],\n// expect:         [ 1., -2.]]) [3, 1] tensor([1., 4., 5., 6.])\n// expect: tensor([0., 4.])",
            ]),
        .method(
            of: "Tensor", "pow(_ exponent: Double | Tensor) -> Tensor", topic: topic,
            "Each element to the power `exponent`.",
            examples: ["print(tensor([2.0, 3.0]).pow(2))\n// expect: tensor([4., 9.])"]),
    ]

    /// Every declared member of a tensor, in the reference's order.
    static let declarations: [Builtin] =
        properties
        + unaryMethods.map { name, meaning, example in
            .method(of: "Tensor", "\(name)() -> Tensor", topic: topic, meaning, examples: [example])
        }
        + otherMethods + TensorMoreMembers.declarations

    /// The names of the methods (not properties).
    static let methodNames = Set(declarations.filter { $0.kind == .method && $0.name != "subscript" }.map(\.name))
    /// Every member's name, for did-you-mean suggestions.
    static let memberNames = declarations.map(\.name).filter { $0 != "subscript" }
}
