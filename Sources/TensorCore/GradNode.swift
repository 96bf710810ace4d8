/// A node of the recorded graph: the operation that made a tensor and how to send its gradient back.
///
/// The backward function is written with tensor operations, so with `createGraph` the gradients it
/// returns are themselves differentiable.
public final class GradNode {
    /// PyTorch's name for the node, e.g. `MulBackward0`.
    public let name: String
    /// The operation's inputs that need a gradient, by position (nil where none is needed).
    public internal(set) var inputs: [Tensor?]
    /// Maps the output's gradient to one gradient per input (nil where not needed).
    internal var backwardFn: ((Tensor) throws -> [Tensor?])?
    /// Whether the node keeps tensors for its backward (only such nodes fail a second backward).
    internal let savesValues: Bool
    /// Whether a backward without `retainGraph` has already released the saved values.
    public internal(set) var isFreed = false

    internal init(name: String, inputs: [Tensor?], savesValues: Bool,
                  backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.savesValues = savesValues
        self.backwardFn = backward
    }

    /// Runs the backward function, or throws PyTorch's error when its saved values were freed.
    internal func apply(_ grad: Tensor) throws -> [Tensor?] {
        guard let fn = backwardFn else {
            throw TensorError(
                "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph (in \(name)) are freed when you call backward() or gradient(of:wrt:); specify retainGraph: true if you need to backward through the graph a second time")
        }
        return try fn(grad)
    }

    /// Releases saved values after a backward pass that did not retain the graph.
    internal func free() {
        guard savesValues else { return }
        backwardFn = nil
        isFreed = true
    }

    // Unlinks long chains iteratively: releasing a 100,000-node graph recursively would overflow the stack.
    deinit {
        backwardFn = nil
        var pending: [Tensor] = inputs.compactMap { $0 }
        inputs.removeAll()
        while var tensor = pending.popLast() {
            guard isKnownUniquelyReferenced(&tensor), var node = tensor.gradFn else { continue }
            tensor.gradFn = nil
            if isKnownUniquelyReferenced(&node) {
                node.backwardFn = nil
                pending.append(contentsOf: node.inputs.compactMap { $0 })
                node.inputs.removeAll()
            }
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

    /// Attaches a graph node to this freshly made result.
    @inline(__always)
    func attach(_ name: String, _ inputs: [Tensor?], saves: Bool,
                _ backward: @escaping (Tensor) throws -> [Tensor?]) {
        flagRequiresGrad = true
        gradFn = GradNode(name: name, inputs: inputs, savesValues: saves, backward: backward)
    }
}

/// `t` when it requires grad, else nil: the form of `GradNode.inputs`.
@inline(__always)
func needing(_ t: Tensor) -> Tensor? { t.flagRequiresGrad ? t : nil }
