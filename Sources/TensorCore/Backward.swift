extension Tensor {
    /// Accumulates d(self)/d(leaf) into the `.grad` of every leaf that requires grad (PyTorch's backward).
    ///
    /// `gradient` is required unless the tensor has one element. Without `retainGraph` the saved values
    /// are freed, so a second backward through them throws. With `createGraph` the accumulated
    /// gradients are differentiable.
    public func backward(gradient: Tensor? = nil, retainGraph: Bool = false, createGraph: Bool = false) throws {
        try TensorContext.withCurrentUnretained { context in
            try Tensor.runBackward(root: self, seed: gradient, context: context,
                                   retainGraph: retainGraph || createGraph, createGraph: createGraph,
                                   capture: nil)
        }
    }

    /// The gradients of `output` with respect to each of `inputs`, leaving every `.grad` untouched.
    ///
    /// With `createGraph` the results are differentiable (for second derivatives); `retainGraph`
    /// defaults to `createGraph`, as in `torch.autograd.grad`. An input that `output` does not depend
    /// on is an error unless `allowUnused` (then its gradient is zeros).
    public static func gradient(
        of output: Tensor, wrt inputs: [Tensor], gradOutput: Tensor? = nil,
        retainGraph: Bool? = nil, createGraph: Bool = false, allowUnused: Bool = false
    ) throws -> [Tensor] {
        for (i, t) in inputs.enumerated() where !t.storedRequiresGrad {
            throw TensorError("gradient(of:wrt:): input \(i) does not require grad")
        }
        let context = TensorContext.current
        var captured = [Tensor?](repeating: nil, count: inputs.count)
        try runBackward(root: output, seed: gradOutput, context: context,
                        retainGraph: retainGraph ?? createGraph, createGraph: createGraph,
                        capture: (inputs, { i, g in
                            captured[i] = g
                        }))
        var result: [Tensor] = []
        for (i, g) in captured.enumerated() {
            if let g {
                result.append(g)
            } else if allowUnused {
                result.append(try Tensor.zeros(inputs[i].shape))
            } else {
                throw TensorError(
                    "gradient(of:wrt:): input \(i) was not used in the graph of the output; pass allowUnused: true to get zeros")
            }
        }
        return result
    }

    /// The backward engine: reverse topological order, gradients summed per tensor.
    static func runBackward(
        root: Tensor, seed: Tensor?, context: TensorContext, retainGraph: Bool, createGraph: Bool,
        capture: ([Tensor], (Int, Tensor) -> Void)?
    ) throws {
        let start = try startingGradient(of: root, seed: seed, context: context, shared: capture == nil)
        let order = context.takeScratch()
        let total = topologicalOrder(from: root, into: order, context: context)
        defer {
            for i in 0..<order.count {
                order.tensor(at: i)._withUnsafeGuaranteedRef { t in
                    // Almost always taken already: clearing an empty slot would still call release.
                    if t.pendingGrad != nil { t.pendingGrad = nil }
                    t.visitMark = Tensor.notReached
                }
            }
            context.recycle(order)
        }
        root.pendingGrad = start
        // A real backward remembers what each node sent (references only) for `recordedBackwardSteps`;
        // not with `createGraph`, where a recorded gradient's graph could lead back to its own node,
        // and not for a large graph, where keeping every gradient until the graph goes would hold
        // as much memory again as the graph's tensors (3 GB at 100,000 rows × 256 hidden units).
        let pass = capture == nil && !createGraph && total <= maxRecordedElements ? context.nextBackwardPass() : 0
        // A small graph keeps its intermediates' elements until it goes (they go to the thread's
        // spare buffers then): dropping them early saves memory only in a large one.
        let releasesEarly = total > earlyReleaseElements
        try context.withGradMode(createGraph) {
            var i = order.count
            while i > 0 {
                i -= 1
                try order.tensor(at: i)._withUnsafeGuaranteedRef { tensor in
                    guard var g = tensor.pendingGrad.take() else { return }
                    if let (targets, deliver) = capture {
                        for (i, t) in targets.enumerated() where t === tensor { deliver(i, g) }
                    }
                    guard tensor.gradFn != nil else {
                        if capture == nil { try accumulate(&g, into: tensor) }
                        return
                    }
                    // Only this pass holds `g` (no other input's pending slot, no leaf, no capture):
                    // the node may write its result into g's elements.
                    let reusable = !createGraph && g.storage.count > traceElementLimit && g.gradFn == nil
                        && !g.storedRequiresGrad && isKnownUniquelyReferenced(&g)
                    try Unmanaged.passUnretained(tensor.gradFn.unsafelyUnwrapped)._withUnsafeGuaranteedRef { node in
                        try propagate(g, through: node, reusable: reusable, retainGraph: retainGraph,
                                      releasesEarly: releasesEarly, pass: pass)
                    }
                    // A gradient no input kept (a node that made a new one) is used up.
                    if isKnownUniquelyReferenced(&g) { Tensor.recycle(consume g) }
                }
            }
        }
    }

    /// The most elements a graph's tensors may have together for a backward pass to record the
    /// gradients it sends (`recordedBackwardSteps`): 2²⁰, 8 MB; a teaching graph has a few hundred.
    public static let maxRecordedElements = 1 << 20

    /// The most elements a graph's tensors may have together for a pass to leave its intermediates'
    /// elements in place until the graph goes (`releaseUnreachableInputs`): 2¹⁶, 512 KB.
    static let earlyReleaseElements = 1 << 16

    /// The gradient a pass from `root` starts with: `seed` (checked against the root's shape) or a
    /// one for a one-element root. `shared` allows the context's shared scalar 1: it only flows into
    /// new tensors or leaves' fresh `.grad` wrappers, never to code that could write it.
    private static func startingGradient(of root: Tensor, seed: Tensor?, context: TensorContext,
                                         shared: Bool) throws -> Tensor {
        guard root.storedRequiresGrad else {
            throw TensorError(
                "element 0 of tensors does not require grad and does not have a grad_fn: backward needs a result computed from a tensor made with requiresGrad: true (outside noGrad)")
        }
        if let seed {
            guard seed.shape == root.shape else {
                throw TensorError("backward: gradient has shape \(seed.shape) but the output has shape \(root.shape)")
            }
            return seed
        }
        guard root.storage.count == 1 else {
            throw TensorError(
                "grad can be implicitly created only for scalar outputs: this tensor has shape \(root.shape); pass gradient: or reduce it with sum() or mean() first")
        }
        return root.shape.isEmpty && shared ? context.scalarOne : Tensor(shape: root.shape, storage: TensorStorage(scalar: 1))
    }

    /// Runs `node`'s backward on `g` and hands the results to its inputs.
    @inline(__always)
    private static func propagate(_ g: Tensor, through node: GradNode, reusable: Bool, retainGraph: Bool,
                                  releasesEarly: Bool, pass: Int) throws {
        let (ga, gb) = try node.apply(g, reusable: reusable)
        let gc = node.third != nil ? node.takeThirdGradient() : nil
        if !retainGraph {
            node.free()
            if releasesEarly { releaseUnreachableInputs(of: node) }
        }
        // Only what reaches an input is kept (see `RecordedGradient`).
        if pass != 0 { node.record(incoming: g, ga, gb, gc, pass: pass) }
        // Moved out of the optionals, not copied: a gradient goes to its input without a retain.
        if let input = node.unretainedInput(0), let ga = consume ga { try send(ga, to: input) }
        if let input = node.unretainedInput(1), let gb = consume gb { try send(gb, to: input) }
        if let input = node.unretainedInput(2), let gc = consume gc { try send(gc, to: input) }
    }

    /// Drops the elements of the node's inputs that only the graph holds, once its backward has run
    /// and freed what it saved: an intermediate whose node holds the only reference is out of lab
    /// code's reach, and the backward passes still to run need no values of it (a node that needs
    /// its own output keeps a detached copy of it). Without this a finished graph kept every
    /// intermediate until its root went, and the loop's next step built its own graph beside it
    /// (twice the memory at 100,000 rows × 256 hidden units). Tensors a trace shows
    /// (`traceElementLimit`) keep their elements, so `graph(loss)` after `backward()` is unchanged.
    @inline(__always)
    private static func releaseUnreachableInputs(of node: GradNode) {
        func release(_ slot: inout Tensor?) {
            // Uniqueness first: binding the tensor to a name would hold a second reference.
            // The tensor is then read through the slot, unretained (the node holds it).
            guard slot != nil, isKnownUniquelyReferenced(&slot) else { return }
            Unmanaged.passUnretained(slot.unsafelyUnwrapped)._withUnsafeGuaranteedRef { tensor in
                guard tensor.gradFn != nil, tensor.storage.count > traceElementLimit else { return }
                tensor.dropElements()
                tensor.valuesReleased = true
            }
        }
        release(&node.first)
        release(&node.second)
        release(&node.third)
    }

    /// Sums a gradient into the pending one of `input` (which the graph holds).
    @inline(__always)
    private static func send(_ g: consuming Tensor, to input: Unmanaged<Tensor>) throws {
        unowned(unsafe) let t = input.takeUnretainedValue()
        if t.pendingGrad == nil {
            t.pendingGrad = consume g
        } else if !addInPlace(g, to: &t.pendingGrad) {
            t.pendingGrad = try t.pendingGrad.unsafelyUnwrapped.adding(g)
        }
    }

    /// Adds `g` into `pending` in place when nothing else holds that tensor, no graph is being
    /// recorded and the shapes agree (the same sums `adding` makes, without a new tensor); false
    /// when it did not. The elements are copied first if a recorded step shares them.
    @inline(__always)
    private static func addInPlace(_ g: Tensor, to pending: inout Tensor?) -> Bool {
        guard isKnownUniquelyReferenced(&pending), !TensorContext.isGradEnabledNow else { return false }
        let target = pending.unsafelyUnwrapped
        guard target.gradFn == nil, target.shape == g.shape, target.storage.count > 1 else { return false }
        g.storage.withUnsafeBufferPointer { source in
            target.storage.withUnsafeMutableBufferPointer { out in
                for i in 0..<out.count { out[i] = out[i] + source[i] }
            }
        }
        return true
    }

    /// Adds `g` to a leaf's `.grad`. A `.grad` is never a tensor anything else holds (another leaf's
    /// `.grad`, the shared seed): `g` itself when the pass was its only holder, else a new tensor
    /// sharing its elements copy-on-write.
    private static func accumulate(_ g: inout Tensor, into leaf: Tensor) throws {
        if let old = leaf.grad {
            leaf.grad = try old.adding(g)
        } else if g.gradFn != nil || isKnownUniquelyReferenced(&g) {
            leaf.grad = g
        } else {
            leaf.grad = Tensor(shape: g.shape, storage: g.storage, requiresGrad: g.storedRequiresGrad)
        }
    }

    /// Lists in `order` the tensors reachable from `root` through nodes, each after all tensors it
    /// depends on, and returns their elements together (counted as they are listed, rather than in
    /// a pass of its own). Leaves every `visitMark` at `reached`; the caller resets them to `notReached`.
    @discardableResult
    static func topologicalOrder(from root: Tensor, into order: TensorScratch, context: TensorContext) -> Int {
        var total = 0
        let stack = context.takeScratch()
        defer { context.recycle(stack) }
        // Iterative depth-first search. While a tensor is on the stack its mark says which input of
        // its node to visit next (`firstInput`, `firstInput + 1`, then `inputsDone`).
        stack.append(root)
        root.visitMark = Tensor.firstInput
        while stack.count > 0 {
            stack.tensor(at: stack.count - 1)._withUnsafeGuaranteedRef { tensor in
                if let node = tensor.gradFn.map(Unmanaged.passUnretained) {
                    while tensor.visitMark < Tensor.inputsDone {
                        let slot = tensor.visitMark - Tensor.firstInput
                        tensor.visitMark += 1
                        guard let input = node._withUnsafeGuaranteedRef({ $0.unretainedInput(slot) }) else { continue }
                        let pushed = input._withUnsafeGuaranteedRef { candidate in
                            guard candidate.visitMark == Tensor.notReached else { return false }
                            candidate.visitMark = Tensor.firstInput
                            stack.append(candidate)
                            return true
                        }
                        if pushed { return }
                    }
                }
                stack.removeLast()
                tensor.visitMark = Tensor.reached
                order.append(tensor)
                total &+= tensor.storage.count
            }
        }
        return total
    }
}
