import LabLanguage
import NeuralNet
import LabOutput
import TensorCore

/// `graph(f)`, `backwardSteps(f)` and `gradcheck(f, at: x)`: the computation graph and the backward
/// pass shown for teaching.
struct GraphBuiltins {
    unowned let stdlib: Stdlib
    unowned let interpreter: Interpreter

    /// The largest graph drawn in full; larger ones keep the nodes nearest the result, with a note.
    /// Past about 40 boxes a page-wide figure shrinks its text below reading size, and layout time
    /// grows fast (a value reused by every step of a loop took 30 s at 180 nodes; see `GraphDOT`).
    static let maxDrawnNodes = 40

    static func install(into interpreter: Interpreter, stdlib: Stdlib) {
        let builtins = GraphBuiltins(stdlib: stdlib, interpreter: interpreter)
        interpreter.define(
            .function(
                "graph(_ t: Tensor, title: String? = nil)", topic: BuiltinTopic.gradients,
                "Draws the computation graph that produced `t`: one box per operation and leaf with its value (and gradient, once `backward()` ran), named after the lab's variables.",
                examples: ["let x = tensor(2.0, requiresGrad: true)\nlet f = x * x + x\nf.backward()\ngraph(f)"])
        ) { args in try Convert.translatingErrors { try builtins.graph(args) } }
        interpreter.define(
            .function(
                "backwardSteps(_ t: Tensor)", topic: BuiltinTopic.gradients,
                "A table of the backward pass through `t`'s graph in the order it runs: each operation, its local derivatives, the gradient arriving and what each input has collected so far.",
                examples: ["let x = tensor(2.0, requiresGrad: true)\nlet f = x * x + x\nf.backward()\nbackwardSteps(f)"])
        ) { args in try Convert.translatingErrors { try builtins.backwardSteps(args) } }
        interpreter.define(
            .function(
                "gradcheck(_ f: (Tensor) -> Tensor, at x: Tensor)", topic: BuiltinTopic.gradients,
                "Compares the gradient autograd computes for the scalar function `f` at `x` with central differences: a table of both, element by element, and a line saying whether they agree.",
                examples: ["gradcheck({ x in (x * x).sum() }, at: tensor([1.0, 2.0]))"])
        ) { args in try Convert.translatingErrors { try builtins.gradcheck(args) } }
    }

    /// `graph(f, title:)`: emits the picture of the graph that produced `f`.
    func graph(_ args: Arguments) throws -> Value {
        try args.expect("graph(_:title:)")
        let root = try Convert.tensor(try args.value(0), "graph's argument")
        let trace = root.graphTrace()
        let names = TraceNames(trace: trace, bindings: interpreter.globalBindings())
        let title = try args.string("title") ?? names.title(for: trace)
        stdlib.emit(.graph(Self.output(trace, names: names, title: title)))
        return .void
    }

    /// The trace as report data, cut to the nodes nearest the root when it is too large.
    static func output(_ trace: GraphTrace, names: TraceNames, title: String) -> GraphOutput {
        let kept = nearest(trace, limit: maxDrawnNodes)
        let nodes = trace.nodes.filter { kept.contains($0.id) }.map { node in
            GraphOutput.Node(id: node.id, lines: names.lines(for: node, in: trace), kind: kind(node.kind))
        }
        let edges = trace.edges.filter { kept.contains($0.from) && kept.contains($0.to) }
            .map { GraphOutput.Edge(from: $0.from, to: $0.to, slot: $0.slot) }
        return GraphOutput(title: title, nodes: nodes, edges: edges, root: trace.root,
                           summarised: kept.count < trace.nodes.count,
                           totalNodes: trace.nodes.count, totalEdges: trace.edges.count)
    }

    private static func kind(_ kind: GraphTrace.Kind) -> GraphOutput.NodeKind {
        switch kind {
        case .operation: return .operation
        case .leaf: return .leaf
        case .constant: return .constant
        }
    }

    /// Up to `limit` node ids, breadth first from the root towards the inputs.
    private static func nearest(_ trace: GraphTrace, limit: Int) -> Set<Int> {
        guard trace.nodes.count > limit else { return Set(trace.nodes.map(\.id)) }
        var inputs: [Int: [Int]] = [:]
        for edge in trace.edges { inputs[edge.to, default: []].append(edge.from) }
        var kept: Set<Int> = [trace.root]
        var queue = [trace.root]
        var head = 0
        while head < queue.count, kept.count < limit {
            for input in inputs[queue[head]] ?? [] where kept.count < limit && kept.insert(input).inserted {
                queue.append(input)
            }
            head += 1
        }
        return kept
    }
}

/// What to call each node of a trace: the lab's variable names where a global holds the tensor,
/// else the operation (`mul`) or `leaf` / the constant's value.
struct TraceNames {
    private var names: [ObjectIdentifier: String] = [:]

    init(trace: GraphTrace, bindings: [(name: String, value: Value)]) {
        let wanted = Set(trace.nodes.compactMap(\.tensor))
        // Direct bindings win over array elements (`b0` over `params[0]`); `bindings` is sorted.
        for (name, value) in bindings {
            if case .native(let t as Tensor) = value, wanted.contains(ObjectIdentifier(t)),
               names[ObjectIdentifier(t)] == nil {
                names[ObjectIdentifier(t)] = name
            }
        }
        for (name, value) in bindings {
            guard case .array(let items) = value else { continue }
            for (i, item) in items.enumerated() {
                if case .native(let t as Tensor) = item, wanted.contains(ObjectIdentifier(t)),
                   names[ObjectIdentifier(t)] == nil {
                    names[ObjectIdentifier(t)] = "\(name)[\(i)]"
                }
            }
        }
        // A model's parameters by the model's name and PyTorch's parameter names (`model.0.weight`);
        // they were all called "leaf".
        for (name, value) in bindings {
            guard case .native(let model as ModuleObject) = value else { continue }
            for (path, t) in Self.namedParameters(model.module, prefix: name) where wanted.contains(ObjectIdentifier(t)) {
                if names[ObjectIdentifier(t)] == nil { names[ObjectIdentifier(t)] = path }
            }
        }
    }

    /// `module`'s parameters with PyTorch's names under `prefix`: `prefix.weight`, `prefix.bias`, and
    /// `prefix.0.weight` for the layers of a `Sequential`.
    static func namedParameters(_ module: any Module, prefix: String) -> [(String, Tensor)] {
        if let linear = module as? Linear {
            return [(prefix + ".weight", linear.weight)] + (linear.bias.map { [(prefix + ".bias", $0)] } ?? [])
        }
        if let sequential = module as? Sequential {
            return sequential.layers.enumerated().flatMap { index, layer in
                namedParameters(layer, prefix: "\(prefix).\(index)")
            }
        }
        return []
    }

    /// The lab's name for a node, if it has one.
    func name(of node: GraphTrace.Node) -> String? {
        node.tensor.flatMap { names[$0] }
    }

    func title(for trace: GraphTrace) -> String {
        guard let root = trace.nodes.first(where: { $0.id == trace.root }), let name = name(of: root) else {
            return "Computation graph"
        }
        return "Computation graph of \(name)"
    }

    /// A short name: `x`, `mul`, `f = add`, or a constant's value.
    func short(_ node: GraphTrace.Node) -> String {
        let name = name(of: node)
        switch node.kind {
        case .operation:
            let op = Self.operation(node.op)
            return name.map { "\($0) = \(op)" } ?? op
        case .leaf:
            return name ?? "leaf"
        case .constant:
            if let name { return name }
            if node.shape.isEmpty, let v = node.value?.first { return DisplayFormat.number(v) }
            return "data"
        }
    }

    /// The label lines of a node: its name, then value (or shape) and gradient when known.
    func lines(for node: GraphTrace.Node, in trace: GraphTrace) -> [String] {
        var lines = [short(node)]
        let isNumber = node.kind == .constant && name(of: node) == nil && node.shape.isEmpty
        if !isNumber {
            lines.append(Self.describe(shape: node.shape, values: node.value, prefix: "value"))
        }
        if let grad = node.grad {
            lines.append(Self.describe(shape: node.shape, values: grad, prefix: "grad"))
        }
        return lines
    }

    /// `value 10`, `value [1, 2]`, or `shape [135, 4]` when there are too many elements to show.
    static func describe(shape: [Int], values: [Double]?, prefix: String) -> String {
        guard let values else { return "shape \(shape)" }
        return "\(prefix) \(format(shape: shape, values: values))"
    }

    /// Elements nested by shape, numbers as reports show them: `10`, `[1, 2]`, `[[1, 2], [3, 4]]`.
    static func format(shape: [Int], values: [Double]) -> String {
        if shape.isEmpty { return values.first.map(DisplayFormat.number) ?? "?" }
        var position = 0
        func nest(_ axis: Int) -> String {
            guard axis < shape.count else {
                defer { position += 1 }
                return position < values.count ? DisplayFormat.number(values[position]) : "?"
            }
            return "[" + (0..<shape[axis]).map { _ in nest(axis + 1) }.joined(separator: ", ") + "]"
        }
        return nest(0)
    }

    /// PyTorch's node name as the operation a student wrote: `MulBackward0` → `mul`.
    static func operation(_ name: String) -> String {
        var base = Substring(name)
        while let last = base.last, last.isNumber { base.removeLast() }
        if base.hasSuffix("Backward") { base.removeLast("Backward".count) }
        if let known = renamed[String(base)] { return known }
        guard let first = base.first else { return name }
        return first.lowercased() + base.dropFirst()
    }

    private static let renamed = [
        "Rsub": "sub", "BinaryCrossEntropyWithLogits": "bceWithLogits", "BinaryCrossEntropy": "bce",
        "MseLoss": "mseLoss", "Mm": "matmul", "Mv": "matmul", "Dot": "dot", "Pow": "pow",
    ]
}
