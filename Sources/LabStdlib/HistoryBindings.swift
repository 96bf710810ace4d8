import LabLanguage
import LabOutput
import NeuralNet
import TensorCore

/// A training log in lab code: `History()`, `record(epoch: e, loss: l)`, `history["loss"]`; shown as
/// a compact table and a line chart of every column against the first.
final class HistoryObject: NativeObject {
    let history: History

    init(_ history: History) {
        self.history = history
    }

    var typeName: String { "History" }
    var printed: String {
        let name = history.name.isEmpty ? "" : "\"\(history.name)\", "
        return "History(\(name)\(history.count) rows; columns: \(history.columns.joined(separator: ", ")))"
    }

    func member(_ name: String) throws -> Value {
        switch name {
        case "count": return .int(history.count)
        case "columns": return .array(history.columns.map { .string($0) })
        case "name": return .string(history.name)
        case "record": return .function(Function(name: name) { [self] args in try callMethod(name, args) })
        default:
            throw NativeError(
                "value of type 'History' has no member '\(name)'",
                hint: Suggestions.hint(for: name, among: NativeMembers.names(of: "History")))
        }
    }

    func setMember(_ name: String, to value: Value) throws {
        guard name == "name" else { throw NativeError("cannot assign to property '\(name)' of 'History'") }
        guard case .string(let text) = value else { throw NativeError("a History's name must be a String, got \(value.typeName)") }
        history.name = text
    }

    func callMethod(_ name: String, _ arguments: Arguments) throws -> Value {
        guard name == "record" else { return try member(name) }
        let row = try arguments.items.map { item -> (String, Double) in
            guard let label = item.label else {
                throw NativeError("record's values need names, as record(epoch: epoch, loss: loss.item)")
            }
            return (label, try Self.number(item.value, label))
        }
        try Convert.translatingErrors { try history.record(row) }
        return .void
    }

    func subscriptGet(_ arguments: [SubscriptArgument]) throws -> Value {
        guard arguments.count == 1, case .value(.string(let name)) = arguments[0] else {
            throw NativeError("a History is subscripted by a column name, as history[\"loss\"]")
        }
        let values = try Convert.translatingErrors { try history.column(named: name) }
        return .native(try Convert.translatingErrors { try Tensor(values, shape: [values.count]) })
    }

    /// A number, or the value of a one-element tensor.
    private static func number(_ value: Value, _ name: String) throws -> Double {
        if let x = Convert.number(value) { return x }
        if case .native(let t as Tensor) = value, t.count == 1 { return try Convert.translatingErrors { try t.item } }
        throw NativeError("record's \(name): must be a number or a one-element Tensor, got \(value.typeName)")
    }

    /// The compact table: first rows, every k-th, last rows, with a gap row where rows are left out.
    func tableOutput(maxRows: Int = 12) -> TableOutput {
        let shown = history.compactRowIndices(maxRows: maxRows)
        var rows: [[TableValue]] = []
        for (position, index) in shown.enumerated() {
            if Self.gapBefore(position, in: shown) { rows.append(Array(repeating: .ellipsis, count: history.columns.count)) }
            rows.append((history.row(index) ?? []).map(Self.tableValue))
        }
        let note = shown.count < history.count ? "\(shown.count) of \(history.count) rows shown" : nil
        // The rows left out go along for the handout to expand, up to a size a page carries well.
        let all = shown.count < history.count && history.count <= Self.maxExpandableRows
            ? (0..<history.count).map { (history.row($0) ?? []).map(Self.tableValue) } : nil
        return TableOutput(columns: history.columns, rows: rows, note: note, allRows: all)
    }

    /// The most rows a compact table carries in full for the handout to expand.
    static let maxExpandableRows = 2_000

    /// Whether a gap row goes before `shown[position]`: where rows were left out next to a run of
    /// consecutive rows (the first and last rows), not between the evenly sampled rows of the middle,
    /// whose first column already shows the step (a gap row between each made a table of dots).
    static func gapBefore(_ position: Int, in shown: [Int]) -> Bool {
        guard position > 0, shown[position] > shown[position - 1] + 1 else { return false }
        let runBefore = position >= 2 && shown[position - 1] == shown[position - 2] + 1
        let runAfter = position + 1 < shown.count && shown[position + 1] == shown[position] + 1
        return runBefore || runAfter
    }

    /// Whole numbers (epochs) as Ints, the rest as Doubles.
    private static func tableValue(_ x: Double) -> TableValue {
        x == x.rounded() && Swift.abs(x) < 1e15 ? .int(Int(x)) : .double(x)
    }

    /// The series an overlay draws for this history: its `loss` column (else its second column)
    /// against the first, named after the history.
    func overlaySeries(_ index: Int) throws -> ChartSpec.Series {
        let columns = history.columns
        guard columns.count >= 2, let xs = history[columns[0]] else {
            throw NativeError("history #\(index + 1) has nothing to plot: it needs a step column and a value column, as record(epoch: e, loss: l)")
        }
        let column = columns.contains("loss") ? "loss" : columns[1]
        let name = history.name.isEmpty ? "history \(index + 1)" : history.name
        return ChartSpec.Series(name: name, points: zip(xs, history[column] ?? []).map { ChartPoint(x: $0, y: $1) })
    }

    /// A line chart of every column against the first.
    func chartSpec(logY: Bool) -> ChartSpec {
        let columns = history.columns
        guard let xName = columns.first, let xs = history[xName] else {
            return ChartSpec(kind: .line, title: "History", series: [])
        }
        let others = columns.dropFirst()
        let series = others.map { name in
            ChartSpec.Series(name: name, points: zip(xs, history[name] ?? []).map { ChartPoint(x: $0, y: $1) })
        }
        let title = others.isEmpty ? xName : "\(others.joined(separator: ", ")) by \(xName)"
        return ChartSpec(
            kind: .line, title: title, xLabel: xName, yLabel: others.count == 1 ? others.first ?? "" : "",
            series: series, logY: logY)
    }
}

extension Stdlib {
    /// The history inside a value, or an error.
    func historyObject(_ value: Value) throws -> HistoryObject {
        guard case .native(let object as HistoryObject) = value else {
            throw NativeError("expected a History, got \(value.typeName)")
        }
        return object
    }

    /// `train`'s loss: a loss object, or a function of the prediction and the target (a closure
    /// given as `loss: { p, t in ... }`) whose result must be a one-element tensor.
    static func lossFunction(_ value: Value) throws -> (Tensor, Tensor) throws -> Tensor {
        switch value {
        case .native(let loss as LossFunction):
            return { try loss.apply($0, $1) }
        case .function(let function):
            return { prediction, target in
                let result = try function.invoke(Arguments([.native(prediction), .native(target)]))
                let loss = try Convert.tensor(result, "the loss function's result")
                guard loss.count == 1 else {
                    throw NativeError("the loss function must return one number (a one-element tensor), got shape \(loss.shape)")
                }
                return loss
            }
        default:
            throw NativeError(
                "train's loss: must be a loss such as MSELoss() or a function of the prediction and the target, got \(value.typeName)")
        }
    }

    /// Defines `History()` and `train(model, x:, y:, loss:, optimizer:, epochs:, every:)`.
    func installTraining(into interpreter: Interpreter) {
        interpreter.define(
            .type(
                "History(name: String = \"\")", topic: BuiltinTopic.training,
                "A training log: `h.record(epoch: e, loss: l)` adds a row; `plot(h)` draws the loss, `table(h)` lists it, `h[\"loss\"]` is the column. The name (settable as `h.name`) labels it when several histories share one chart, `plot([h1, h2])`.",
                examples: ["let h = History(name: \"plain SGD\")\nh.record(epoch: 1, loss: 0.5)\nh.record(epoch: 2, loss: 0.25)\nprint(h.count, h[\"loss\"], h.name)\n// expect: 2 tensor([0.5000, 0.2500]) plain SGD"])
        ) { args in
            try args.expect("History(name:)")
            return .native(HistoryObject(History(name: try args.string("name") ?? "")))
        }
        interpreter.define(
            .function(
                "train(_ model: Module, x: Tensor, y: Tensor, loss: Loss | (Tensor, Tensor) -> Tensor, optimizer: Optimizer, epochs: Int, every: Int = 1) -> History",
                topic: BuiltinTopic.training,
                "Full-batch training: each epoch clears the gradients, computes `loss(model(x), y)`, runs `backward()` and `optimizer.step()`; the loss of every `every`-th epoch is recorded (before its update) in the returned history. The loss is a loss object or any function of the prediction and the target that returns a one-element tensor. The terminal shows the epochs as they pass.",
                examples: ["seed(0)\nlet model = Linear(1, 1)\nlet X = tensor([[0.0], [1.0], [2.0]])\nlet h = train(model, x: X, y: 2 * X + 1, loss: MSELoss(), optimizer: SGD(lr: 0.1), epochs: 200, every: 50)\nprint(h.count, h[\"loss\"][3].item < 0.01)\n// expect: 4 true"])
        ) { [unowned self] args in
            try args.expect("train(_:x:y:loss:optimizer:epochs:every:)")
            guard case .native(let model as ModuleObject) = try args.value(0) else {
                throw NativeError("train's first argument must be a model such as Linear(4, 1)")
            }
            let missing = ["x", "y", "loss", "optimizer", "epochs"].filter { args.labeled($0) == nil }
            guard missing.isEmpty, let x = args.labeled("x"), let y = args.labeled("y"), let lossValue = args.labeled("loss"),
                let epochs = try args.int("epochs")
            else {
                throw NativeError(
                    "train is missing \(missing.map { $0 + ":" }.joined(separator: ", "))",
                    hint: "train(model, x: X, y: y, loss: BCEWithLogitsLoss(), optimizer: Adam(lr: 0.01), epochs: 5000, every: 100)")
            }
            guard case .native(let optimizer as OptimizerObject)? = args.labeled("optimizer") else {
                throw NativeError(
                    "train's optimizer: must be an optimizer such as SGD(lr: 0.1), got \(args.labeled("optimizer")?.typeName ?? "nothing")")
            }
            let loss = try Self.lossFunction(lossValue)
            let inputs = try Convert.tensor(x, "train's x:")
            let targets = try Convert.tensor(y, "train's y:")
            let history = try Convert.translatingErrors {
                try train(
                    model: model.module, x: inputs, y: targets, loss: loss,
                    optimizer: optimizer.optimizer, epochs: epochs, every: try args.int("every") ?? 1,
                    progress: { self.onProgress($0, epochs, "epoch") })
            }
            return .native(HistoryObject(history))
        }
    }
}
