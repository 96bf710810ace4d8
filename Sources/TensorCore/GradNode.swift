/// A node of the recorded graph: the operation that made a tensor and how to send its gradient back.
///
/// Every operation has one or two inputs, held in two slots (no arrays: the hot path allocates
/// little); `addmm` (a layer's x·Wᵀ + b) has a third. Each operation's backward is a subclass
/// overriding `gradients(_:)`, written next to its forward (the arithmetic ops, the fused loss) or
/// a `ClosureNode` holding a closure; both are written with tensor operations, so with
/// `createGraph` the gradients are differentiable again.
public class GradNode {
    /// PyTorch's name for the node, e.g. `MulBackward0`.
    public var name: String { staticName.description }
    /// The name as written in the source: a static string costs nothing to keep or release.
    @exclusivity(unchecked) internal var staticName: StaticString
    /// The inputs that need a gradient (nil where none is needed).
    @exclusivity(unchecked) internal var first: Tensor?
    @exclusivity(unchecked) internal var second: Tensor?
    /// The third input of the one operation that has one (`AddmmNode`); nil for all others.
    @exclusivity(unchecked) internal var third: Tensor?
    /// Whether the operation has two inputs.
    internal let isBinary: Bool
    /// Whether the node keeps tensors for its backward (only such nodes fail a second backward).
    internal let savesValues: Bool
    /// Whether a backward without `retainGraph` has already released the saved values.
    @exclusivity(unchecked) public internal(set) var isFreed = false
    /// An operand that needs no gradient (data or a number), kept for traces and for backwards
    /// that need the operand's values.
    @exclusivity(unchecked) internal var constant: ConstantOperand = .none
    /// The next spare node of the same kind while this one waits in `BlockPool` (see `recycle`).
    @exclusivity(unchecked) internal var nextSpare: GradNode?
    /// What the last `backward()` through this node received and sent (see `RecordedGradient`).
    @exclusivity(unchecked) internal var lastIncoming = RecordedGradient.none
    @exclusivity(unchecked) internal var lastFirst = RecordedGradient.none
    @exclusivity(unchecked) internal var lastSecond = RecordedGradient.none
    @exclusivity(unchecked) internal var lastThird = RecordedGradient.none
    /// The elements of those of them that have 2 to `traceElementLimit` elements; nil when none has.
    @exclusivity(unchecked) internal var lastElements: RecordedElements?
    /// The pass number of that backward (0: none yet).
    @exclusivity(unchecked) internal var lastPass = 0

    /// The operation's inputs by position, nil where no gradient is needed.
    public var inputs: [Tensor?] { hasThirdInput ? [first, second, third] : isBinary ? [first, second] : [first] }

    /// Whether the operation has a third input slot.
    internal var hasThirdInput: Bool { false }

    /// The gradient for the third input from the last `gradients(_:)`, handed over once.
    internal func takeThirdGradient() -> Tensor? { nil }

    internal init(name: StaticString, _ a: Tensor?, _ b: Tensor?, isBinary: Bool, savesValues: Bool,
                  constant: ConstantOperand) {
        staticName = name
        first = a
        second = b
        self.isBinary = isBinary
        self.savesValues = savesValues
        self.constant = constant
    }

    /// The gradients for the two input slots given the gradient of the output (the op's backward).
    internal func gradients(_ g: Tensor) throws -> (Tensor?, Tensor?) {
        throw TensorError("\(name) has no backward")
    }

    /// The gradients for the input slots written into `g`'s own elements (and `g` returned as the
    /// gradient of the one input that takes it), or nil when the operation has no such form; then
    /// `gradients(_:)` runs. The engine offers it only when it holds the only reference to `g`,
    /// which has no graph and more elements than any record keeps (`traceElementLimit`), with grad
    /// mode off: nothing else can see `g` change, and the pass makes one tensor fewer per node.
    /// The elements must be the very bits `gradients(_:)` gives.
    internal func gradientsInPlace(_ g: Tensor) -> (Tensor?, Tensor?)? { nil }

    /// Drops what only the backward needed (after `free()`).
    internal func releaseSaved() {}

    /// The kinds of node kept for reuse once their graph is released (the operations of a training
    /// step written out by hand); see `recycle`.
    enum SpareKind: Int, CaseIterable {
        case add, subtract, multiply, log, sigmoid, negate, mean
    }

    /// This node's kind for reuse, or nil for a node that is not reused.
    internal var spareKind: SpareKind? { nil }

    /// Clears this node, which nothing else holds and whose saved values and inputs are gone (the
    /// unlink loop in `deinit`), and keeps it for the next operation of its kind (`spare(_:_:_:constant:)`):
    /// a malloc and a free fewer per operation of a training step.
    /// Consuming, as `Tensor.recycle` is.
    fileprivate static func recycle(_ node: consuming GradNode) {
        guard let kind = node.spareKind else { return }
        // Checked before cleared: they are almost always empty, and clearing one costs a release
        // call even then. The recorded gradients need no clearing: nothing reads them while
        // `lastPass` is 0, and the next pass through the node overwrites them.
        if case .tensor = node.constant { node.constant = .none }
        node.isFreed = false
        if node.lastElements != nil { node.lastElements = nil }
        node.lastPass = 0
        _ = BlockPool.keep(consume node, kind: kind.rawValue)
    }

    /// A spare node of `kind` with its inputs and constant set, or nil when the thread keeps none.
    @inline(__always)
    static func spare(_ kind: SpareKind, _ a: Tensor?, _ b: Tensor?, constant: ConstantOperand) -> GradNode? {
        guard let node = BlockPool.takeNode(kind: kind.rawValue) else { return nil }
        node.first = a
        node.second = b
        node.constant = constant
        return node
    }

    /// The graph input in `slot` (0 or 1) without retaining it: the node holds it for as long as
    /// the node lives.
    @inline(__always)
    internal func unretainedInput(_ slot: Int) -> Unmanaged<Tensor>? {
        (slot == 0 ? first : slot == 1 ? second : third).map(Unmanaged.passUnretained)
    }

    /// `operand(slot)` without retaining it (the node holds it).
    @inline(__always)
    internal func unretainedOperand(_ slot: Int) -> Unmanaged<Tensor>? {
        if let t = unretainedInput(slot) { return t }
        if case .tensor(let c, let at) = constant, at == slot { return Unmanaged.passUnretained(c) }
        return nil
    }

    /// Operand `slot` of a binary operation: the graph input there, or the constant tensor.
    @inline(__always)
    internal func operand(_ slot: Int) -> Tensor? {
        if let t = slot == 0 ? first : slot == 1 ? second : third { return t }
        if case .tensor(let c, let at) = constant, at == slot { return c }
        return nil
    }

    /// Runs the backward, or throws PyTorch's error when its saved values were freed.
    /// With `reusable` the engine offers `grad`'s elements for the result (see `gradientsInPlace`).
    internal final func apply(_ grad: Tensor, reusable: Bool = false) throws -> (Tensor?, Tensor?) {
        guard !isFreed else {
            throw TensorError(
                "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph (in \(name)) are freed when you call backward() or gradient(of:wrt:); specify retainGraph: true if you need to backward through the graph a second time")
        }
        if reusable, let result = gradientsInPlace(grad) { return result }
        return try gradients(grad)
    }

    /// Releases saved values after a backward pass that did not retain the graph.
    internal final func free() {
        guard savesValues else { return }
        isFreed = true
        releaseSaved()
    }

    /// Drops the inputs, pushing those it held onto the release stack that starts at `head`.
    fileprivate func detachInputs(onto head: inout Tensor?) {
        if let a = first { first = nil; GradNode.push(a, onto: &head) }
        if let b = second { second = nil; GradNode.push(b, onto: &head) }
        if let c = third { third = nil; GradNode.push(c, onto: &head) }
    }

    /// Threads `tensor` onto the stack through its `pendingGrad` slot, unless a backward pass is
    /// using that slot (a marked tensor): the pass's order holds such a tensor, so dropping this
    /// reference cannot free it and it needs no unlinking.
    private static func push(_ tensor: Tensor, onto head: inout Tensor?) {
        guard tensor.visitMark == Tensor.notReached else { return }
        tensor.pendingGrad = head
        head = tensor
    }

    // Unlinks long chains iteratively: releasing a 100,000-node graph recursively would overflow the
    // stack. The stack of tensors still to unlink is threaded through their `pendingGrad` slots, which
    // are free outside a backward pass (see `push`), so releasing a graph allocates nothing. Subclasses that hold inputs elsewhere drop them in their own deinit,
    // which runs before this one.
    deinit {
        guard first?.gradFn != nil || second?.gradFn != nil || third?.gradFn != nil else { return }
        var head: Tensor? = nil
        detachInputs(onto: &head)
        // References are moved out of the slots (`take()`), not copied: a copy costs a retain, and
        // clearing the slot afterwards a release.
        while var tensor = head {
            head = tensor.pendingGrad.take()
            guard isKnownUniquelyReferenced(&tensor), var node = tensor.gradFn.take() else { continue }
            if isKnownUniquelyReferenced(&node) {
                node.releaseSaved()
                node.detachInputs(onto: &head)
                GradNode.recycle(consume node)
            }
            // Nothing else holds the tensor: its object is kept for the next result (`Tensor.make`).
            Tensor.recycle(consume tensor)
        }
    }
}

/// A node whose backward is a closure (the less frequent operations); the closure may capture the
/// operands it needs.
final class ClosureNode: GradNode {
    @exclusivity(unchecked) private var unaryFn: ((Tensor) throws -> Tensor)?
    @exclusivity(unchecked) private var binaryFn: ((Tensor) throws -> (Tensor?, Tensor?))?

    init(name: StaticString, input: Tensor, savesValues: Bool, constant: ConstantOperand,
         backward: @escaping (Tensor) throws -> Tensor) {
        unaryFn = backward
        super.init(name: name, input, nil, isBinary: false, savesValues: savesValues, constant: constant)
    }

    init(name: StaticString, _ a: Tensor?, _ b: Tensor?, savesValues: Bool, constant: ConstantOperand,
         backward: @escaping (Tensor) throws -> (Tensor?, Tensor?)) {
        binaryFn = backward
        super.init(name: name, a, b, isBinary: true, savesValues: savesValues, constant: constant)
    }

    override func gradients(_ g: Tensor) throws -> (Tensor?, Tensor?) {
        if let fn = unaryFn { return (try fn(g), nil) }
        if let fn = binaryFn { return try fn(g) }
        return (nil, nil)
    }

    override func releaseSaved() {
        unaryFn = nil
        binaryFn = nil
    }

    // The closures may hold the inputs too; dropping them first lets the base deinit find the
    // inputs uniquely referenced and unlink a long chain without recursion.
    deinit { releaseSaved() }
}

extension Tensor {
    /// Whether an operation on these inputs records a graph in `context`.
    @inline(__always)
    static func records(_ context: TensorContext, _ a: Tensor) -> Bool {
        context.isGradEnabled && a.storedRequiresGrad
    }

    /// Whether an operation on these inputs records a graph in `context`.
    @inline(__always)
    static func records(_ context: TensorContext, _ a: Tensor, _ b: Tensor) -> Bool {
        context.isGradEnabled && (a.storedRequiresGrad || b.storedRequiresGrad)
    }

    /// Attaches a one-input graph node to this freshly made result; `constant` is a number operand
    /// (`x * 2`), kept for traces.
    @inline(__always)
    func attach(_ name: StaticString, _ input: Tensor, saves: Bool, constant: ConstantOperand = .none,
                _ backward: @escaping (Tensor) throws -> Tensor) {
        storedRequiresGrad = true
        gradFn = ClosureNode(name: name, input: input, savesValues: saves, constant: constant, backward: backward)
    }

    /// Attaches a two-input graph node. An input that needs no gradient is not a graph input (its
    /// slot is nil) but is kept as the node's constant, so traces can show the data it used.
    @inline(__always)
    func attach(_ name: StaticString, _ a: Tensor, _ b: Tensor, saves: Bool,
                _ backward: @escaping (Tensor) throws -> (Tensor?, Tensor?)) {
        storedRequiresGrad = true
        let constant = ConstantOperand.of(a, b)
        gradFn = ClosureNode(name: name, needing(a), needing(b), savesValues: saves, constant: constant,
                             backward: backward)
    }

    /// Attaches `node` (a node subclass for a two-input operation, made with `constant(_:_:)`).
    @inline(__always)
    func attach(_ node: GradNode) {
        storedRequiresGrad = true
        gradFn = node
    }
}

/// An operand of a recorded operation that takes no gradient.
enum ConstantOperand {
    case none
    /// A tensor that does not require grad, at input position `slot`.
    case tensor(Tensor, slot: Int)
    /// A plain number, at input position `slot` (`2 - x` has it at 0).
    case scalar(Double, slot: Int)

    /// The operand of `a ∘ b` that needs no gradient, if one of them does.
    @inline(__always)
    static func of(_ a: Tensor, _ b: Tensor) -> ConstantOperand {
        !a.storedRequiresGrad ? .tensor(a, slot: 0) : !b.storedRequiresGrad ? .tensor(b, slot: 1) : .none
    }
}

/// `t` when it requires grad, else nil: the form of `GradNode.inputs`.
@inline(__always)
func needing(_ t: Tensor) -> Tensor? { t.storedRequiresGrad ? t : nil }
