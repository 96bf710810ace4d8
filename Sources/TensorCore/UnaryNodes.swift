/// Graph nodes of the one-input operations that training loops written out by hand run every step
/// (`sigmoid`, `log`, `mean`, negation): a node class instead of a `ClosureNode` saves the closure's
/// context object, and a backward that computes its gradient in one pass saves the intermediate
/// tensors of the composed formula. Each gives the bits the composed formula gives (same operations in the
/// same order), and falls back to that formula while grad mode is on (a backward that records a
/// graph of its own, for second derivatives).

/// σ's backward, g · (s · (1 − s)), from the saved output s.
final class SigmoidNode: GradNode {
    /// The forward's result elements (shared copy-on-write with the output tensor, so writing into
    /// the output later does not change them).
    @exclusivity(unchecked) private var output: TensorStorage?

    override var spareKind: SpareKind? { .sigmoid }

    /// A node for σ(input): a spare one when the thread keeps one (`GradNode.recycle`).
    static func make(_ input: Tensor, output: TensorStorage) -> GradNode {
        guard let node = spare(.sigmoid, input, nil, constant: .none) else { return SigmoidNode(input, output: output) }
        unsafeDowncast(node, to: SigmoidNode.self).output = output
        return node
    }

    init(_ input: Tensor, output: TensorStorage) {
        self.output = output
        super.init(name: "SigmoidBackward0", input, nil, isBinary: false, savesValues: true, constant: .none)
    }

    override func gradients(_ g: Tensor) throws -> (Tensor?, Tensor?) {
        guard let input = first, let output else { return (nil, nil) }
        if TensorContext.isGradEnabledNow || g.storage.count != output.count {
            let s = try input.sigmoid()
            return (try g.multiplying(s.multiplying(s.subtracted(from: 1))), nil)
        }
        let data = g.storage.withUnsafeBufferPointer { pg in
            output.withUnsafeBufferPointer { ps in
                makeBuffer(ps.count) { out in
                    if let g = pg.baseAddress, let s = ps.baseAddress, let o = out.baseAddress {
                        Self.chain(g, s, into: o, count: out.count)
                    }
                }
            }
        }
        return (Tensor.make(shape: input.shape, storage: data), nil)
    }

    override func gradientsInPlace(_ g: Tensor) -> (Tensor?, Tensor?)? {
        // The engine offers only gradients of more than `traceElementLimit` elements, which a buffer
        // holds, so the elements are reached through the buffers' addresses (see `Tensor.small`).
        guard let output, output.count == g.storage.count, first?.shape == g.shape,
              let ps = output.buffer?.base, let out = g.writableBufferBase else { return nil }
        Self.chain(out, ps, into: out, count: output.count)
        return (g, nil)
    }

    /// out[i] = g[i] · (s[i] · (1 − s[i])) for i < n, the one formula of both paths (`out` may be
    /// `g`'s elements); a loop of a split size runs on several threads.
    @inline(__always)
    private static func chain(_ g: UnsafePointer<Double>, _ s: UnsafePointer<Double>,
                              into out: UnsafeMutablePointer<Double>, count n: Int) {
        func run(_ r: Range<Int>) { for i in r { out[i] = g[i] * (s[i] * (1 - s[i])) } }
        if n < 2 * ParallelLoop.grain { return run(0..<n) }
        ParallelLoop.forEach(n, run)
    }

    override func releaseSaved() { output = nil }
}

/// log's backward, g / x, from the input x the node holds.
final class LogNode: GradNode {
    override var spareKind: SpareKind? { .log }

    /// A node for log(input): a spare one when the thread keeps one (`GradNode.recycle`).
    static func make(_ input: Tensor) -> GradNode { spare(.log, input, nil, constant: .none) ?? LogNode(input) }

    init(_ input: Tensor) {
        super.init(name: "LogBackward0", input, nil, isBinary: false, savesValues: true, constant: .none)
    }

    override func gradients(_ g: Tensor) throws -> (Tensor?, Tensor?) {
        guard let input = first else { return (nil, nil) }
        return (try g.dividing(input), nil)
    }

    override func gradientsInPlace(_ g: Tensor) -> (Tensor?, Tensor?)? {
        guard let input = unretainedInput(0) else { return nil }
        return input._withUnsafeGuaranteedRef { x in
            guard x.shape == g.shape else { return nil }
            g.combineInPlace(x, DivKernel.self)
            return (g, nil)
        }
    }
}

/// −x's backward, −g: `NegBackward0`, and `RsubBackward1` for s − x (a number minus a tensor).
final class NegNode: GradNode {
    override var spareKind: SpareKind? { .negate }

    /// A node for −input (or s − input): a spare one when the thread keeps one (`GradNode.recycle`).
    static func make(name: StaticString, _ input: Tensor, constant: ConstantOperand) -> GradNode {
        guard let node = spare(.negate, input, nil, constant: constant) else {
            return NegNode(name: name, input, constant: constant)
        }
        node.staticName = name
        return node
    }

    init(name: StaticString, _ input: Tensor, constant: ConstantOperand) {
        super.init(name: name, input, nil, isBinary: false, savesValues: false, constant: constant)
    }

    override func gradients(_ g: Tensor) throws -> (Tensor?, Tensor?) { (try g.negated(), nil) }

    override func gradientsInPlace(_ g: Tensor) -> (Tensor?, Tensor?)? {
        g.updateValues { -$0 }
        return (g, nil)
    }
}

/// mean's backward: g / n in every element of the input's shape.
final class MeanNode: GradNode {
    @exclusivity(unchecked) private var inputShape: [Int]
    @exclusivity(unchecked) private var count: Int

    override var spareKind: SpareKind? { .mean }

    /// A node for mean(input): a spare one when the thread keeps one (`GradNode.recycle`).
    static func make(_ input: Tensor) -> GradNode {
        guard let node = spare(.mean, input, nil, constant: .none) else { return MeanNode(input) }
        let mean = unsafeDowncast(node, to: MeanNode.self)
        mean.inputShape = input.shape
        mean.count = input.storage.count
        return mean
    }

    init(_ input: Tensor) {
        inputShape = input.shape
        count = input.storage.count
        super.init(name: "MeanBackward0", input, nil, isBinary: false, savesValues: false, constant: .none)
    }

    override func gradients(_ g: Tensor) throws -> (Tensor?, Tensor?) {
        let n = Double(count)
        if TensorContext.isGradEnabledNow || g.storage.count != 1 {
            return (try g.dividing(n).expand(to: inputShape), nil)
        }
        return (Tensor.make(shape: inputShape, storage: TensorStorage(repeating: g.storage[0] / n, count: count)), nil)
    }
}
