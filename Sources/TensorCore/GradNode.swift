/// A node of the recorded graph: the operation that made a tensor and how to send its gradient back.
///
/// Every operation has one or two inputs, held in two slots (no arrays: the hot path allocates
/// little). The backward function is written with tensor operations, so with `createGraph` the
/// gradients it returns are themselves differentiable.
public final class GradNode {
    /// PyTorch's name for the node, e.g. `MulBackward0`.
    public let name: String
    /// The inputs that need a gradient (nil where none is needed).
    @exclusivity(unchecked) internal var first: Tensor?
    @exclusivity(unchecked) internal var second: Tensor?
    /// Whether the operation has two inputs.
    internal let isBinary: Bool
    @exclusivity(unchecked) internal var unaryFn: ((Tensor) throws -> Tensor)?
    @exclusivity(unchecked) internal var binaryFn: ((Tensor) throws -> (Tensor?, Tensor?))?
    /// Whether the node keeps tensors for its backward (only such nodes fail a second backward).
    internal let savesValues: Bool
    /// Whether a backward without `retainGraph` has already released the saved values.
    public internal(set) var isFreed = false
    /// An operand that needs no gradient (data or a number), kept only so traces can draw it.
    internal var constant: ConstantOperand = .none
    /// What the last `backward()` through this node sent: references, no extra work (see `BackwardSteps`).
    @exclusivity(unchecked) internal var lastIncoming: Tensor?
    @exclusivity(unchecked) internal var lastFirst: Tensor?
    @exclusivity(unchecked) internal var lastSecond: Tensor?
    /// The pass number of that backward (0: none yet).
    @exclusivity(unchecked) internal var lastPass = 0

    /// The operation's inputs by position, nil where no gradient is needed.
    public var inputs: [Tensor?] { isBinary ? [first, second] : [first] }

    internal init(name: String, input: Tensor, savesValues: Bool, constant: ConstantOperand,
                  backward: @escaping (Tensor) throws -> Tensor) {
        self.name = name
        first = input
        isBinary = false
        self.savesValues = savesValues
        self.constant = constant
        unaryFn = backward
    }

    internal init(name: String, _ a: Tensor?, _ b: Tensor?, savesValues: Bool, constant: ConstantOperand,
                  backward: @escaping (Tensor) throws -> (Tensor?, Tensor?)) {
        self.name = name
        first = a
        second = b
        isBinary = true
        self.savesValues = savesValues
        self.constant = constant
        binaryFn = backward
    }

    /// Runs the backward function, or throws PyTorch's error when its saved values were freed.
    internal func apply(_ grad: Tensor) throws -> (Tensor?, Tensor?) {
        if let fn = unaryFn { return (try fn(grad), nil) }
        if let fn = binaryFn { return try fn(grad) }
        throw TensorError(
            "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph (in \(name)) are freed when you call backward() or gradient(of:wrt:); specify retainGraph: true if you need to backward through the graph a second time")
    }

    /// Releases saved values after a backward pass that did not retain the graph.
    internal func free() {
        guard savesValues else { return }
        unaryFn = nil
        binaryFn = nil
        isFreed = true
    }

    /// Drops the inputs, appending those it held to `pending` (for iterative release).
    fileprivate func detachInputs(into pending: inout [Tensor]) {
        unaryFn = nil
        binaryFn = nil
        if let a = first { pending.append(a) }
        if let b = second { pending.append(b) }
        first = nil
        second = nil
    }

    // Unlinks long chains iteratively: releasing a 100,000-node graph recursively would overflow the stack.
    deinit {
        guard first?.gradFn != nil || second?.gradFn != nil else { return }
        var pending: [Tensor] = []
        pending.reserveCapacity(16)  // one allocation for a typical graph instead of regrowing
        detachInputs(into: &pending)
        while var tensor = pending.popLast() {
            guard isKnownUniquelyReferenced(&tensor), var node = tensor.gradFn else { continue }
            tensor.gradFn = nil
            if isKnownUniquelyReferenced(&node) { node.detachInputs(into: &pending) }
        }
    }
}

extension Tensor {
    /// Whether an operation on these inputs records a graph in `context`.
    @inline(__always)
    static func records(_ context: TensorContext, _ a: Tensor) -> Bool {
        context.isGradEnabled && a.flagRequiresGrad
    }

    /// Whether an operation on these inputs records a graph in `context`.
    @inline(__always)
    static func records(_ context: TensorContext, _ a: Tensor, _ b: Tensor) -> Bool {
        context.isGradEnabled && (a.flagRequiresGrad || b.flagRequiresGrad)
    }

    /// Attaches a one-input graph node to this freshly made result; `constant` is a number operand
    /// (`x * 2`), kept for traces.
    @inline(__always)
    func attach(_ name: String, _ input: Tensor, saves: Bool, constant: ConstantOperand = .none,
                _ backward: @escaping (Tensor) throws -> Tensor) {
        flagRequiresGrad = true
        gradFn = GradNode(name: name, input: input, savesValues: saves, constant: constant, backward: backward)
    }

    /// Attaches a two-input graph node. An input that needs no gradient is not a graph input (its
    /// slot is nil) but is kept as the node's constant, so traces can show the data it used.
    @inline(__always)
    func attach(_ name: String, _ a: Tensor, _ b: Tensor, saves: Bool,
                _ backward: @escaping (Tensor) throws -> (Tensor?, Tensor?)) {
        flagRequiresGrad = true
        let constant: ConstantOperand =
            !a.flagRequiresGrad ? .tensor(a, slot: 0) : !b.flagRequiresGrad ? .tensor(b, slot: 1) : .none
        gradFn = GradNode(name: name, needing(a), needing(b), savesValues: saves, constant: constant,
                          backward: backward)
    }
}

/// An operand of a recorded operation that takes no gradient.
enum ConstantOperand {
    case none
    /// A tensor that does not require grad, at input position `slot`.
    case tensor(Tensor, slot: Int)
    /// A plain number, at input position `slot` (`2 - x` has it at 0).
    case scalar(Double, slot: Int)
}

/// `t` when it requires grad, else nil: the form of `GradNode.inputs`.
@inline(__always)
func needing(_ t: Tensor) -> Tensor? { t.flagRequiresGrad ? t : nil }
