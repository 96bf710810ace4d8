/// A position in a cell's code: 1-based line and column (columns count Characters), and which
/// cell's code (`source`, the number the host gave `Interpreter.run`): a function declared in one
/// cell and called from another reports its errors in its own cell.
///
/// Two words, as before `source` was added: compiled code captures a location in nearly every
/// closure, and a third word cost the typed tier's loops 10% more instructions. Column and source
/// share the second word (32 bits each: a column or a cell number past four billion does not occur).
public struct SourceLocation: Equatable, Hashable, Sendable {
    public var line: Int
    private var columnAndSource: UInt64

    public var column: Int {
        get { Int(Int32(truncatingIfNeeded: columnAndSource)) }
        set { columnAndSource = (columnAndSource & 0xFFFF_FFFF_0000_0000) | UInt64(UInt32(truncatingIfNeeded: newValue)) }
    }

    public var source: Int {
        get { Int(UInt32(truncatingIfNeeded: columnAndSource >> 32)) }
        set { columnAndSource = (columnAndSource & 0xFFFF_FFFF) | (UInt64(UInt32(truncatingIfNeeded: newValue)) << 32) }
    }

    public init(line: Int, column: Int, source: Int = 0) {
        self.line = line
        self.columnAndSource = 0
        self.column = column
        self.source = source
    }

    /// "line:column", as messages write it.
    public var description: String { "\(line):\(column)" }
}

/// An error or warning found in a cell, with its location in the cell's code.
public struct Diagnostic: Equatable, Sendable {
    public enum Severity: String, Sendable {
        case error, warning
    }

    public var severity: Severity
    public var message: String
    public var line: Int
    public var column: Int
    /// Advice, such as the Swift spelling of a PyTorch habit.
    public var hint: String?
    /// True when the run stopped because its time ran out or it was cancelled.
    public var isCancellation: Bool
    /// The code `line` and `column` are in (see `SourceLocation.source`).
    public var source: Int
    /// For an error raised inside a function: the calls that led there, innermost first, each in
    /// the code it stands in.
    public var trace: [SourceLocation]

    public init(
        severity: Severity, message: String, line: Int, column: Int, hint: String? = nil,
        isCancellation: Bool = false, source: Int = 0, trace: [SourceLocation] = []
    ) {
        self.severity = severity
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        self.isCancellation = isCancellation
        self.source = source
        self.trace = trace
    }

    /// "3:5: error: message (hint)" — for tests and logs; the session words reports itself.
    public var description: String {
        var text = "\(line):\(column): \(severity.rawValue): \(message)"
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}

/// An error with its location, thrown while parsing, resolving or running; one place turns it into a Diagnostic.
struct LabError: Error {
    var message: String
    var location: SourceLocation
    var hint: String?
    var isCancellation = false
    /// The call sites the error passed through on its way out, innermost first.
    var trace: [SourceLocation] = []

    init(_ message: String, at location: SourceLocation, hint: String? = nil) {
        self.message = message
        self.location = location
        self.hint = hint
    }

    var diagnostic: Diagnostic {
        Diagnostic(
            severity: .error, message: message, line: location.line, column: location.column, hint: hint,
            isCancellation: isCancellation, source: location.source, trace: trace)
    }

    /// Records that the error left a function called at `call` (unless it is about that call itself).
    mutating func passed(through call: SourceLocation) {
        if trace.isEmpty && location == call { return }
        trace.append(call)
    }
}

/// Moves `break`, `continue` and `return` out of a block expression (`let p = noGrad { ... }`).
enum ControlTransfer: Error {
    case breakLoop
    case continueLoop
    case returned
}
