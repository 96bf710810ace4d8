import Foundation
import LabLanguage
import LabOutput
import TensorCore

extension GraphBuiltins {
    /// `backwardSteps(f)`: the backward pass as a table, as the last `backward()` ran it, or worked
    /// out without touching any `.grad` when none has run yet.
    func backwardSteps(_ args: Arguments) throws -> Value {
        try args.expect("backwardSteps(_:)")
        let root = try Convert.tensor(try args.value(0), "backwardSteps' argument")
        let steps = try Tensor.recordedBackwardSteps(of: root) ?? Tensor.backwardSteps(of: root)
        let names = TraceNames(trace: steps.trace, bindings: interpreter.globalBindings())
        stdlib.emit(.table(Self.table(steps, names: names)))
        return .void
    }

    /// One row per edge of each step: node, ∂node/∂input, incoming gradient, contribution, the
    /// input's gradient so far.
    static func table(_ steps: BackwardSteps, names: TraceNames) -> TableOutput {
        let trace = steps.trace
        var byID: [Int: GraphTrace.Node] = [:]
        for node in trace.nodes { byID[node.id] = node }
        var inputs: [Int: [GraphTrace.Edge]] = [:]
        for edge in trace.edges { inputs[edge.to, default: []].append(edge) }
        func short(_ id: Int) -> String { byID[id].map(names.short) ?? "?" }
        // `mul(x, add)`: an operation with its operands, so two `mul` nodes read apart.
        func call(_ id: Int) -> String {
            guard let node = byID[id], node.kind == .operation else { return short(id) }
            let operands = (inputs[id] ?? []).sorted { $0.slot < $1.slot }.map { short($0.from) }
            return "\(short(id))(\(operands.joined(separator: ", ")))"
        }
        var rows: [[TableValue]] = []
        for step in steps.steps {
            guard let node = byID[step.node] else { continue }
            var title = call(step.node)
            if let value = node.value { title += " = " + TraceNames.format(shape: node.shape, values: value) }
            for edge in step.edges {
                let input = names.name(of: byID[edge.input] ?? node) != nil ? short(edge.input) : call(edge.input)
                let local = edge.localDerivative.map(cell).map { "∂/∂\(input) = \(DisplayFormat.tableValue($0))" }
                rows.append([
                    .text(title),
                    .text(local ?? "∂/∂\(input): —"),
                    cell(step.incoming), cell(edge.contribution), cell(edge.gradientSoFar),
                ])
            }
        }
        return TableOutput(
            columns: ["node", "local derivative", "incoming gradient", "contribution", "gradient so far"],
            rows: rows, note: note(steps, names: names, byID: byID))
    }

    /// Where the steps come from, and each leaf's total.
    private static func note(_ steps: BackwardSteps, names: TraceNames, byID: [Int: GraphTrace.Node]) -> String {
        var last: [Int: TraceValue] = [:]
        for edge in steps.steps.flatMap(\.edges) { last[edge.input] = edge.gradientSoFar }
        let totals = steps.trace.nodes.filter { $0.kind == .leaf }.compactMap { leaf -> String? in
            guard let total = last[leaf.id] else { return nil }
            return "\(names.short(leaf)) \(DisplayFormat.tableValue(cell(total)))"
        }
        let source = steps.recorded
            ? "As the last backward() ran."
            : "Worked out before backward(): no .grad was changed."
        return totals.isEmpty ? source : source + " Gradients from this pass: " + totals.joined(separator: ", ") + "."
    }

    /// A number for one element, the elements for a small tensor, else its shape.
    static func cell(_ value: TraceValue) -> TableValue {
        guard let values = value.values else { return .text("shape \(value.shape)") }
        if value.shape.isEmpty, let v = values.first { return .double(v) }
        return .text(TraceNames.format(shape: value.shape, values: values))
    }

    /// `gradcheck(f, at: x)`: automatic against central-difference derivatives of `f` at `x`.
    func gradcheck(_ args: Arguments) throws -> Value {
        try args.expect("gradcheck(_:at:)")
        guard case .function(let f) = try args.value(0) else {
            throw NativeError("gradcheck's first argument must be a function of one tensor",
                              hint: "gradcheck({ x in (x * x).sum() }, at: tensor([1.0, 2.0]))")
        }
        guard let at = args.labeled("at") else {
            throw NativeError("gradcheck needs the point to check at", hint: "gradcheck(f, at: x)")
        }
        let point = try Convert.tensor(at, "gradcheck's at:")
        let check = try GradientCheck(function: f, point: point)
        stdlib.emit(.table(check.table()))
        stdlib.emitText(check.verdict)
        return .void
    }
}

/// Automatic derivatives of a scalar function against central differences, element by element.
struct GradientCheck {
    /// The step of the central difference.
    static let h = 1e-6
    /// At most this many elements are checked (each costs two calls).
    static let maxElements = 100

    let shape: [Int]
    let automatic: [Double]
    let numeric: [Double]

    init(function f: Function, point: Tensor) throws {
        shape = point.shape
        let x = point.detach()
        try x.setRequiresGrad(true)
        let y = try Self.evaluate(f, x)
        automatic = try Tensor.gradient(of: y, wrt: [x], allowUnused: true)[0].scalars
        let base = point.scalars
        var numeric: [Double] = []
        try TensorContext.current.withNoGrad {
            for i in 0..<min(base.count, Self.maxElements) {
                var plus = base, minus = base
                plus[i] += Self.h
                minus[i] -= Self.h
                let fPlus = try Self.evaluate(f, Tensor(plus, shape: point.shape)).item
                let fMinus = try Self.evaluate(f, Tensor(minus, shape: point.shape)).item
                numeric.append((fPlus - fMinus) / (2 * Self.h))
            }
        }
        self.numeric = numeric
    }

    /// `f(x)`, which must be a one-element tensor.
    private static func evaluate(_ f: Function, _ x: Tensor) throws -> Tensor {
        let value = try f.invoke(Arguments([.native(x)], callee: f.name))
        guard case .native(let t as Tensor) = value, t.count == 1 else {
            throw NativeError("gradcheck needs a function that returns a one-element tensor, got \(value.typeName)",
                              hint: "reduce the result with sum() or mean()")
        }
        return t
    }

    /// The allowed difference for one element: absolute 1e-5, relative 1e-4.
    static func tolerance(_ automatic: Double) -> Double { 1e-5 + 1e-4 * Swift.abs(automatic) }

    var passed: Bool {
        zip(automatic, numeric).allSatisfy { Swift.abs($0 - $1) <= Self.tolerance($0) }
    }

    func table() -> TableOutput {
        let rows = zip(automatic, numeric).enumerated().map { i, pair -> [TableValue] in
            [.text(index(i)), .double(pair.0), .double(pair.1), .double(Swift.abs(pair.0 - pair.1))]
        }
        let cut = automatic.count > numeric.count
            ? "Only the first \(numeric.count) of \(automatic.count) elements were checked." : nil
        return TableOutput(columns: ["element", "automatic", "numeric", "difference"], rows: rows, note: cut)
    }

    var verdict: String {
        let worst = zip(automatic, numeric).map { Swift.abs($0 - $1) }.max() ?? 0
        let largest = "largest difference \(DisplayFormat.number(worst))"
        return passed
            ? "gradcheck passed: \(largest) (central differences, h = 1e-06)"
            : "gradcheck FAILED: \(largest) is more than the tolerance 1e-05 + 1e-04·|automatic|"
    }

    /// `[1, 0]` for a matrix element, `2` for a vector's, `-` for a scalar.
    private func index(_ flat: Int) -> String {
        if shape.isEmpty { return "-" }
        var rest = flat
        var index: [Int] = []
        for size in shape.reversed() {
            index.append(size > 0 ? rest % size : 0)
            rest = size > 0 ? rest / size : 0
        }
        return shape.count == 1 ? "\(index[0])" : "[" + index.reversed().map(String.init).joined(separator: ", ") + "]"
    }
}
