/// A callable value: a user's function or closure, or a native function registered by the host.
public final class Function {
    /// The name the function was declared with ("closure" for closures).
    public let name: String
    let kind: Kind
    /// For user functions: the template (its identity keys call sites' caches), code and captured frame,
    /// read by the call fast path without unpacking `kind`.
    let template: FunctionDefinition?
    let code: FunctionBody?
    let captured: CallFrame?
    /// A native's shortcut for a call with one unlabeled argument (`log(p)` in a training loop):
    /// the result, or nil to run the function as usual, without making `Arguments` (see
    /// `Interpreter.defineShortcut`). It must give what the function gives for that argument.
    @exclusivity(unchecked) var oneArgumentShortcut: ((Value) throws -> Value?)?

    enum Kind {
        case native((Arguments) throws -> Value)
        case user(FunctionDefinition, captured: CallFrame?)
    }

    /// A native function.
    public init(name: String, body: @escaping (Arguments) throws -> Value) {
        self.name = name
        self.kind = .native(body)
        template = nil
        code = nil
        captured = nil
    }

    /// True for a function the host registered (a built-in), false for a user's function or closure.
    var isNative: Bool {
        if case .native = kind { return true }
        return false
    }

    /// `code` without a retain, for the call fast path (the function keeps its code alive).
    @inline(__always)
    var unretainedCode: Unmanaged<FunctionBody>? {
        guard let code else { return nil }
        return Unmanaged.passUnretained(code)
    }

    init(template: FunctionDefinition, captured: CallFrame?) {
        self.name = template.name
        self.kind = .user(template, captured: captured)
        self.template = template
        self.code = template.code
        self.captured = captured
    }

    /// Swift's spelling with labels, `scale(_:by:)`, for user functions; the name for natives.
    public var signature: String {
        switch kind {
        case .native: return name
        case .user(let template, _): return template.signature
        }
    }

    /// Calls the function; natives use this to call user closures (`train`, `gradcheck`).
    /// Errors thrown by user code carry their own location.
    public func invoke(_ arguments: Arguments) throws -> Value {
        switch kind {
        case .native(let body):
            return try body(arguments)
        case .user(let template, let captured):
            return try template.call(arguments, captured: captured)
        }
    }
}
