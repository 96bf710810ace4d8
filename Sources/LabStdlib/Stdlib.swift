import Foundation
import LabLanguage
import LabOutput
import TensorCore

/// The built-ins of one lab session: tensors and autograd bound into the language, `print` and the
/// cell's outputs. One `Stdlib` serves one `Interpreter`; its tensor context holds the session's grad
/// mode, random generator and limits, so labs in one process do not share state.
public final class Stdlib {
    /// The session's tensor state (grad mode, RNG, element limit, cancellation).
    public let context: TensorContext
    /// Stops long tensor operations when a cell's time limit passes.
    public let cancellation: TensorCancellation
    /// The folder data paths are relative to (and must stay inside).
    public let labDirectory: String
    private var outputs = OutputCollector()
    /// The grad modes `noGrad { }` blocks replaced, innermost last.
    private let gradModes = GradModeStack()
    /// Called with the path (as the lab wrote it) of every data file a built-in is about to read,
    /// whether or not the read succeeds: watch mode reruns from the cell that read a changed file.
    public var onDataFileRead: (String) -> Void = { _ in }
    /// Called by long built-ins (`train`) with progress inside the running cell: step `step` of
    /// `total`, and a short word for the unit ("epoch").
    public var onProgress: (_ step: Int, _ total: Int, _ note: String) -> Void = { _, _, _ in }

    /// A session's built-ins; `seed` starts the random generator as `seed(n)` would.
    public init(labDirectory: String, seed: UInt64 = 0) {
        self.labDirectory = labDirectory
        self.context = TensorContext(seed: seed)
        self.cancellation = TensorCancellation(context: context)
    }

    /// Defines every built-in in `interpreter` and routes its `print` into this cell's outputs.
    public func install(into interpreter: Interpreter) {
        interpreter.onPrint = { [unowned self] line in outputs.appendText(line) }
        // The blocks capture the context and the stack, not `self` (unowned, which costs a check
        // on every use): a training loop enters noGrad every step.
        let context = context, gradModes = gradModes
        interpreter.define(
            .init(
                .block, "noGrad { ... }", topic: BuiltinTopic.gradients,
                "Runs the block without recording operations for autograd (PyTorch's `with torch.no_grad():`), as an optimizer's update must; the block's value is its last expression.",
                examples: ["let w = tensor(1.0, requiresGrad: true)\nlet y = noGrad { w * 2 }\nprint(y.requiresGrad, (w * 2).requiresGrad)\n// expect: false true"]),
            enter: {
                gradModes.saved.append(context.isGradEnabled)
                context.isGradEnabled = false
            },
            exit: {
                context.isGradEnabled = gradModes.saved.popLast() ?? true
            })
        TensorBuiltins(stdlib: self).install(into: interpreter)
        TensorFunctions().install(into: interpreter)
        interpreter.library.declare(TensorMembers.declarations)
        interpreter.library.declare(NativeMembers.declarations)
        LossFunction.install(into: interpreter)
        DataBindings.install(into: interpreter, stdlib: self)
        ModuleObject.install(into: interpreter)
        OptimizerObject.install(into: interpreter)
        ChartBuiltins.install(into: interpreter, stdlib: self)
        installTraining(into: interpreter)
        DataLoaderObject.install(into: interpreter, context: context)
        GraphBuiltins.install(into: interpreter, stdlib: self)
        interpreter.define(
            .function(
                "table(_ rows: Frame | History | [[Any]], columns: [String]? = nil)", topic: BuiltinTopic.figures,
                "Shows a table in the cell's output: a data frame, a training history, or an array of rows (arrays or tuples of numbers, strings and Bools) with optional column names.",
                examples: ["table([[1, \"one\"], [2, \"two\"]], columns: [\"n\", \"word\"])"])
        ) { [unowned self] args in try table(args) }
    }

    /// Runs `body` with this session's tensor context installed on the current thread.
    public func withContext<R>(_ body: () throws -> R) rethrows -> R {
        try context.withCurrent(body)
    }

    /// Starts collecting the outputs of cell `index` (0-based); its charts are numbered
    /// `cell-<index+1>-chart-<n>`.
    public func beginCell(index: Int = 0) {
        outputs = OutputCollector(chartIDPrefix: "cell-\(index + 1)")
        // A cell that failed inside noGrad must not leave recording off for the next one.
        if !gradModes.saved.isEmpty {
            context.isGradEnabled = gradModes.saved.first ?? true
            gradModes.saved.removeAll()
        }
    }

    /// The outputs collected since `beginCell()`.
    public func endCell() -> [CellOutput] {
        outputs.outputs
    }

    /// Adds an output to the current cell.
    public func emit(_ output: CellOutput) {
        outputs.append(output)
    }

    /// Adds text to the current cell, joined with earlier prints.
    func emitText(_ text: String) {
        outputs.appendText(text)
    }
}

/// The grad modes saved by the `noGrad { }` blocks being run, shared by the block's two closures.
final class GradModeStack {
    @exclusivity(unchecked) var saved: [Bool] = []
}

/// The cancellation switch of a tensor context, shaped like the interpreter's flag.
public final class TensorCancellation: @unchecked Sendable {
    private let context: TensorContext

    init(context: TensorContext) {
        self.context = context
    }

    /// Asks running tensor operations to stop; safe from any thread.
    public func cancel() { context.isCancelled = true }
    /// Clears the request before the next cell.
    public func reset() { context.isCancelled = false }
}
