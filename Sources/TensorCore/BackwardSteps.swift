/// A tensor's shape and, when it has at most 16 elements, its elements: a value shown in a trace.
public struct TraceValue: Sendable, Equatable {
    public var shape: [Int]
    /// The elements in row-major order, or nil when there are too many to show.
    public var values: [Double]?

    public init(shape: [Int], values: [Double]?) {
        self.shape = shape
        self.values = values
    }

    init(_ t: Tensor) {
        self.init(shape: t.shape, values: t.traceValues)
    }
}

/// The backward pass step by step, as a student works it on the board: for each operation in the
/// order backward visits it, the gradient that arrives and what it sends to each input.
public struct BackwardSteps: Sendable, Equatable {
    /// What one operation sends back along one input edge.
    public struct Edge: Sendable, Equatable {
        /// The trace id of the input.
        public var input: Int
        /// The input's operand position (0 or 1).
        public var slot: Int
        /// ∂node/∂input evaluated at the saved values: for elementwise operations the elementwise
        /// derivative, in general the node's vector-Jacobian product with a gradient of ones.
        /// Nil when it could not be evaluated (a large tensor, or saved values already freed and
        /// an incoming gradient that is not a nonzero number).
        public var localDerivative: TraceValue?
        /// What flows along the edge: the incoming gradient through the local derivative.
        public var contribution: TraceValue
        /// The input's gradient in this pass after adding `contribution`.
        public var gradientSoFar: TraceValue
    }

    /// One operation of the pass.
    public struct Step: Sendable, Equatable {
        /// The trace id of the operation's result.
        public var node: Int
        /// The gradient of the output with respect to this node (the sum of what its users sent).
        public var incoming: TraceValue
        public var edges: [Edge]
    }

    /// The graph the steps refer to.
    public var trace: GraphTrace
    /// Operations in the order backward visits them.
    public var steps: [Step]
    /// True when the steps are those of a `backward()` that ran; false when worked out beforehand.
    public var recorded: Bool
}

extension Tensor {
    /// The steps a `backward()` from `root` would take, worked out from the saved values without
    /// touching any `.grad` and without freeing the graph; `gradient` as for `backward(gradient:)`.
    public static func backwardSteps(of root: Tensor, gradient: Tensor? = nil) throws -> BackwardSteps {
        guard root.storedRequiresGrad, root.gradFn != nil else {
            throw TensorError("backwardSteps: this tensor was not computed from a tensor that requires grad, so there is no backward pass to show")
        }
        let seed: Tensor
        if let gradient {
            guard gradient.shape == root.shape else {
                throw TensorError("backwardSteps: gradient has shape \(gradient.shape) but the output has shape \(root.shape)")
            }
            seed = gradient
        } else {
            guard root.count == 1 else {
                throw TensorError("backwardSteps: grad can be implicitly created only for scalar outputs: this tensor has shape \(root.shape)")
            }
            seed = Tensor(shape: root.shape, storage: TensorStorage(scalar: 1))
        }
        let builder = TraceBuilder(root: root)
        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
        var raw: [RawStep] = []
        try TensorContext.current.withGradMode(false) {
            for tensor in builder.order.reversed() {
                guard let node = tensor.gradFn, let g = pending[ObjectIdentifier(tensor)] else { continue }
                let (ga, gb) = try node.apply(g)
                let sent = [ga, gb, node.third != nil ? node.takeThirdGradient() : nil]
                raw.append(RawStep(tensor: tensor, node: node, incoming: g, sent: sent))
                for (input, sent) in zip([node.first, node.second, node.third], sent) {
                    guard let input, let sent else { continue }
                    let key = ObjectIdentifier(input)
                    pending[key] = try pending[key].map { try $0.adding(sent) } ?? sent
                }
            }
        }
        return try assemble(raw, builder: builder, recorded: false)
    }

    /// The steps of the last `backward()` that ran from `root`, as it ran; nil when none has, or
    /// when its graph was too large to record (`Tensor.maxRecordedElements`).
    ///
    /// Costs little during training: backward only keeps references to the gradients each node
    /// received and sent; the sums and local derivatives are worked out here.
    public static func recordedBackwardSteps(of root: Tensor) throws -> BackwardSteps? {
        guard let rootNode = root.gradFn, rootNode.lastPass != 0 else { return nil }
        let builder = TraceBuilder(root: root)
        var raw: [RawStep] = []
        for tensor in builder.order.reversed() {
            guard let node = tensor.gradFn, node.lastPass == rootNode.lastPass,
                  let g = node.recordedGradient(.incoming, shapedLike: tensor) else { continue }
            // A gradient is recorded only for an input that takes one, in that input's shape.
            let first = node.first.flatMap { node.recordedGradient(.first, shapedLike: $0) }
            let second = node.second.flatMap { node.recordedGradient(.second, shapedLike: $0) }
            let third = node.third.flatMap { node.recordedGradient(.third, shapedLike: $0) }
            raw.append(RawStep(tensor: tensor, node: node, incoming: g, sent: [first, second, third]))
        }
        return try assemble(raw, builder: builder, recorded: true)
    }

    /// Adds running sums and local derivatives to the raw steps.
    private static func assemble(_ raw: [RawStep], builder: TraceBuilder, recorded: Bool) throws -> BackwardSteps {
        var soFar: [ObjectIdentifier: Tensor] = [:]
        var steps: [BackwardSteps.Step] = []
        try TensorContext.current.withGradMode(false) {
            for step in raw {
                guard let id = builder.ids[ObjectIdentifier(step.tensor)] else { continue }
                let locals = step.localDerivatives()
                var edges: [BackwardSteps.Edge] = []
                for (index, (input, sent)) in zip([step.node.first, step.node.second, step.node.third], step.sent).enumerated() {
                    guard let input, let sent, let inputID = builder.ids[ObjectIdentifier(input)] else { continue }
                    let key = ObjectIdentifier(input)
                    let total = try soFar[key].map { try $0.adding(sent) } ?? sent
                    soFar[key] = total
                    let local = index == 0 ? locals.0 : index == 1 ? locals.1 : nil
                    edges.append(BackwardSteps.Edge(
                        input: inputID, slot: step.node.operandSlot(index),
                        localDerivative: local.map(TraceValue.init) ?? step.quotient(sent).map(TraceValue.init),
                        contribution: TraceValue(sent), gradientSoFar: TraceValue(total)))
                }
                steps.append(BackwardSteps.Step(node: id, incoming: TraceValue(step.incoming), edges: edges))
            }
        }
        return BackwardSteps(trace: builder.trace, steps: steps, recorded: recorded)
    }
}

/// One node's part of a pass: what arrived and what it sent to its input slots (three, the last
/// used by `addmm` only).
private struct RawStep {
    let tensor: Tensor
    let node: GradNode
    let incoming: Tensor
    let sent: [Tensor?]

    /// The node's vector-Jacobian product with ones, for small tensors whose saved values are still
    /// there (a freed node throws, and then the quotient below stands in).
    func localDerivatives() -> (Tensor?, Tensor?) {
        guard tensor.count <= traceElementLimit, !node.isFreed else { return (nil, nil) }
        let ones = Tensor(shape: tensor.shape, storage: Array(repeating: 1, count: tensor.count))
        guard let (a, b) = try? node.apply(ones) else { return (nil, nil) }
        _ = node.takeThirdGradient()
        return (a.flatMap { $0.count <= traceElementLimit ? $0 : nil },
                b.flatMap { $0.count <= traceElementLimit ? $0 : nil })
    }

    /// contribution / incoming, exact when the incoming gradient is one nonzero number.
    func quotient(_ contribution: Tensor) -> Tensor? {
        guard incoming.count == 1, incoming.storage[0] != 0, contribution.count <= traceElementLimit else { return nil }
        return try? contribution.dividing(incoming.storage[0])
    }
}
