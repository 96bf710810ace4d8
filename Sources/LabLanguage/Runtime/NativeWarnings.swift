import Foundation

/// A native's way to warn: it throws this with the value the operation gives, and the interpreter
/// records a warning at the expression and goes on with `result`. Only binary operators of natives
/// take it (`Operators`), where PyTorch stays silent about a likely mistake (a `[n]` tensor against
/// an `[n, 1]` one broadcasting to `[n, n]`). Throwing costs nothing when nothing is wrong.
public struct NativeWarningSignal: Error {
    public var result: Value
    public var message: String
    public var hint: String?

    public init(result: Value, message: String, hint: String? = nil) {
        self.result = result
        self.message = message
        self.hint = hint
    }
}

/// Warnings natives raised while the current cell ran, kept per thread (a cell runs on one) and
/// handed to the cell's diagnostics by `Interpreter.run`; one per message per cell.
enum NativeWarnings {
    private final class Box {
        var warnings: [Diagnostic] = []
    }

    private static let key = "LabLanguage.nativeWarnings"

    private static var box: Box {
        let dictionary = Thread.current.threadDictionary
        if let box = dictionary[key] as? Box { return box }
        let box = Box()
        dictionary[key] = box
        return box
    }

    static func record(_ signal: NativeWarningSignal, at location: SourceLocation) {
        let box = box
        guard !box.warnings.contains(where: { $0.message == signal.message }) else { return }
        box.warnings.append(
            Diagnostic(
                severity: .warning, message: signal.message, line: location.line, column: location.column,
                hint: signal.hint, source: location.source))
    }

    /// The warnings recorded since the last call, cleared.
    static func take() -> [Diagnostic] {
        let box = box
        defer { box.warnings = [] }
        return box.warnings
    }
}
