import Foundation

/// A native's way to warn: it throws this with what the operation returns, and the interpreter
/// records a warning at the expression and goes on with `result` (`relocating`, around every call
/// into a native, does it). Tensors warn where PyTorch stays silent about a likely mistake, or where
/// labrun differs from it. Throwing costs nothing when nothing is wrong.
///
/// `@unchecked Sendable`: the signal is thrown and caught on the thread that runs the cell and never
/// crosses threads, so its `Any` result is never shared.
public struct NativeWarningSignal: Error, @unchecked Sendable {
    /// What the native's method returns (a `Value` for an operator, a `Bool` for an in-place change).
    public var result: Any
    public var message: String
    public var hint: String?

    public init(result: Any, message: String, hint: String? = nil) {
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
