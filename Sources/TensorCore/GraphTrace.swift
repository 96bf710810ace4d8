/// A read-only picture of a recorded graph, for teaching: nodes, edges and the backward order.
public struct GraphTrace: Sendable, Equatable {
    /// What a node stands for.
    public enum Kind: String, Sendable, Equatable {
        /// The result of a recorded operation (it has a `grad_fn`).
        case operation
        /// A leaf that requires grad: a parameter or an input being differentiated.
        case leaf
        /// An operand that takes no gradient: data, or a number written in the code.
        case constant
    }

    /// One tensor of the graph (an operation's result, a leaf or a constant operand).
    public struct Node: Sendable, Equatable {
        /// Stable id: the position in dependency order (inputs before their results).
        public var id: Int
        /// PyTorch's node name (`MulBackward0`), `leaf`, or `constant`.
        public var op: String
        public var kind: Kind
        public var shape: [Int]
        /// The elements when there are at most 16, else nil.
        public var value: [Double]?
        /// At most 16 gradient elements when known, else nil: a leaf's `.grad`, or for an operation
        /// the gradient that reached it in the last `backward()` through it.
        public var grad: [Double]?
        /// The tensor this node stands for (nil for a number constant), so callers can name it.
        public var tensor: ObjectIdentifier?

        public var isLeaf: Bool { kind != .operation }
        public var requiresGrad: Bool { kind != .constant }
    }

    /// `from` feeds `to` as its operand number `slot` (0 or 1); a value used twice has two edges.
    public struct Edge: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var slot: Int
    }

    public var nodes: [Node]
    public var edges: [Edge]
    /// Ids of the nodes backward visits, in that order (the output first; constants are not visited).
    public var backwardOrder: [Int]
    /// The id of the tensor the trace was taken from.
    public var root: Int
}

/// The largest tensor whose elements a trace copies.
let traceElementLimit = 16

extension Tensor {
    /// The graph that produced this tensor: the tensors that require grad, and the constants
    /// (data tensors, numbers) that the recorded operations used.
    public func graphTrace() -> GraphTrace {
        TraceBuilder(root: self).trace
    }

    /// The elements when there are few enough to show, else nil.
    var traceValues: [Double]? { count <= traceElementLimit && !valuesReleased ? storage.array : nil }
}

extension GradNode {
    /// The operand position of graph input `index` (0 = `first`): a number written before the
    /// tensor (`2 - x`) makes the tensor operand 1.
    func operandSlot(_ index: Int) -> Int {
        if !isBinary, case .scalar(_, slot: 0) = constant { return 1 }
        return index
    }
}

/// Walks a graph once and numbers its tensors; also used by `BackwardSteps`.
struct TraceBuilder {
    private(set) var trace: GraphTrace
    /// Trace id of each tensor in the graph.
    private(set) var ids: [ObjectIdentifier: Int] = [:]
    /// The tensors that require grad, inputs before results (the order backward reverses).
    let order: [Tensor]

    init(root: Tensor) {
        let context = TensorContext.current
        let list = context.takeScratch()
        Tensor.topologicalOrder(from: root, into: list, context: context)
        let order = (0..<list.count).map { list.tensor(at: $0).takeUnretainedValue() }
        context.recycle(list)
        for t in order { t.visitMark = Tensor.notReached }
        self.order = order
        trace = GraphTrace(nodes: [], edges: [], backwardOrder: [], root: 0)
        for t in order { add(t) }
        trace.root = ids[ObjectIdentifier(root)] ?? 0
        trace.backwardOrder = order.reversed().compactMap { ids[ObjectIdentifier($0)] }
    }

    private mutating func add(_ t: Tensor) {
        var incoming: [GraphTrace.Edge] = []
        if let node = t.gradFn {
            switch node.constant {
            case .none: break
            case .tensor(let c, let slot):
                incoming.append(.init(from: constantID(c), to: -1, slot: slot))
            case .scalar(let value, let slot):
                incoming.append(.init(from: newNode(op: "constant", kind: .constant, shape: [], value: [value],
                                                    grad: nil, tensor: nil), to: -1, slot: slot))
            }
            for (index, input) in node.inputs.enumerated() {
                if let input, let from = ids[ObjectIdentifier(input)] {
                    incoming.append(.init(from: from, to: -1, slot: node.operandSlot(index)))
                }
            }
        }
        let recorded = t.gradFn.flatMap { $0.recordedGradient(.incoming, shapedLike: t) }
        let grad = t.gradFn == nil ? t.grad : recorded
        let id = newNode(op: t.gradFn?.name ?? "leaf", kind: t.gradFn == nil ? .leaf : .operation,
                         shape: t.shape, value: t.traceValues, grad: grad?.traceValues, tensor: ObjectIdentifier(t))
        ids[ObjectIdentifier(t)] = id
        for var edge in incoming.sorted(by: { $0.slot < $1.slot }) {
            edge.to = id
            trace.edges.append(edge)
        }
    }

    /// The id of a constant tensor, added on first use (one node however often it is used).
    private mutating func constantID(_ c: Tensor) -> Int {
        if let id = ids[ObjectIdentifier(c)] { return id }
        let id = newNode(op: "constant", kind: .constant, shape: c.shape, value: c.traceValues, grad: nil,
                         tensor: ObjectIdentifier(c))
        ids[ObjectIdentifier(c)] = id
        return id
    }

    private mutating func newNode(op: String, kind: GraphTrace.Kind, shape: [Int], value: [Double]?,
                                  grad: [Double]?, tensor: ObjectIdentifier?) -> Int {
        let id = trace.nodes.count
        trace.nodes.append(.init(id: id, op: op, kind: kind, shape: shape, value: value, grad: grad, tensor: tensor))
        return id
    }
}
