/// A read-only picture of a recorded graph, for teaching: nodes, edges and the backward order.
public struct GraphTrace: Sendable, Equatable {
    /// One tensor of the graph (an operation's result or a leaf).
    public struct Node: Sendable, Equatable {
        /// Stable id: the position in dependency order (inputs before their results).
        public var id: Int
        /// PyTorch's node name (`MulBackward0`), or `leaf`.
        public var op: String
        public var shape: [Int]
        /// The elements when there are at most 16, else nil.
        public var value: [Double]?
        /// The `.grad` elements when known and at most 16 (leaves after a backward), else nil.
        public var grad: [Double]?
        public var isLeaf: Bool
        public var requiresGrad: Bool
    }

    /// `from` feeds `to` as its input number `slot` (0 or 1); a value used twice has two edges.
    public struct Edge: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var slot: Int
    }

    public var nodes: [Node]
    public var edges: [Edge]
    /// Node ids in the order backward visits them (the output first).
    public var backwardOrder: [Int]
    /// The id of the tensor the trace was taken from.
    public var root: Int
}

extension Tensor {
    /// The graph that produced this tensor, through the inputs that require grad.
    public func graphTrace() -> GraphTrace {
        let order = Tensor.topologicalOrder(from: self, context: TensorContext.current)
        defer { for t in order { t.visitMark = 0 } }
        var ids: [ObjectIdentifier: Int] = [:]
        for (i, t) in order.enumerated() { ids[ObjectIdentifier(t)] = i }
        var nodes: [GraphTrace.Node] = []
        var edges: [GraphTrace.Edge] = []
        for (i, t) in order.enumerated() {
            nodes.append(GraphTrace.Node(
                id: i, op: t.gradFn?.name ?? "leaf", shape: t.shape,
                value: t.count <= 16 ? t.storage : nil,
                grad: t.grad.flatMap { $0.count <= 16 ? $0.storage : nil },
                isLeaf: t.gradFn == nil, requiresGrad: t.flagRequiresGrad))
            if let node = t.gradFn {
                for (slot, input) in node.inputs.enumerated() {
                    if let input, let from = ids[ObjectIdentifier(input)] {
                        edges.append(GraphTrace.Edge(from: from, to: i, slot: slot))
                    }
                }
            }
        }
        return GraphTrace(nodes: nodes, edges: edges, backwardOrder: Array((0..<order.count).reversed()),
                          root: order.count - 1)
    }
}
