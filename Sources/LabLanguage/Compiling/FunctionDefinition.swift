typealias ExpressionCode = (CallFrame) throws -> Value
typealias StatementCode = (CallFrame) throws -> Flow

/// Holds compiled code in arrays without Swift re-abstracting the closure on every call.
final class StatementCodeBox {
    let run: StatementCode
    init(_ run: @escaping StatementCode) { self.run = run }
}

/// Holds compiled expression code in arrays (see `StatementCodeBox`).
final class ExpressionCodeBox {
    let run: ExpressionCode
    init(_ run: @escaping ExpressionCode) { self.run = run }
}

/// How a statement ended: normally, or by `break`, `continue` or `return` (the value is in slot 0).
enum Flow {
    case normal, breakLoop, continueLoop, returned
}

/// One compiled parameter of a user function.
struct CompiledParameter {
    var label: String?
    var name: String
    var check: TypeCheck?
    /// Evaluated in the frame that encloses the function, at each call that leaves it out.
    var defaultValue: ExpressionCode?
}

/// What a `func` declaration or closure expression compiles to, once, shared by every `Function`
/// value made from it (each closure value pairs it with the frame it captured): name, parameters,
/// labels, and — once compiled — its `FunctionBody`. Three types, three lifetimes: the definition
/// is made while compiling, the body is the immutable part a call runs, the `Function` is the value.
final class FunctionDefinition {
    let name: String
    let signature: String
    let location: SourceLocation
    let runtime: Runtime
    var parameters: [CompiledParameter] = []
    /// Interned labels, compared with a call site's to take the fast path (no defaults, no `Arguments`).
    var labelIDs: [Int] = []
    var hasParameterChecks = false
    /// The body, set once compiled; function values copy it so calls read it without reference counting.
    var code: FunctionBody {
        didSet { code.template = self }
    }
    let isClosure: Bool
    /// False when the body uses no local of an enclosing function (nor do defaults), so function
    /// values need not keep the frame they were made in.
    var capturesFrame = true

    init(name: String, signature: String, location: SourceLocation, runtime: Runtime, isClosure: Bool) {
        self.name = name
        self.signature = signature
        self.location = location
        self.runtime = runtime
        self.isClosure = isClosure
        code = FunctionBody(signature: signature, location: location, runtime: runtime, frameSize: 1,
                            body: { _ in .void }, parameterChecks: [], resultCheck: nil,
                            framesMayBeKept: false, clearsSlots: true)
        code.template = self
    }

    /// Runs the body in a prepared frame (arguments in slots 1...n).
    func run(_ frame: CallFrame) throws -> Value { try code.run(frame) }

    /// Checks a parameter's annotation on an argument.
    @inline(__always)
    func checked(_ value: Value, parameter index: Int) throws -> Value {
        guard hasParameterChecks, let check = parameters[index].check else { return value }
        if let converted = check.apply(value) { return converted }
        throw NativeError("argument '\(parameters[index].name)' of \(signature) must be \(check.syntax), found a value of type '\(value.typeName)'")
    }

    /// The general call: matches labels as Swift does (parameters with defaults may be left out).
    func call(_ arguments: Arguments, captured: CallFrame?) throws -> Value {
        try run(try frame(for: arguments, captured: captured))
    }

    /// Calls a struct's mutating method, whose first parameter is `self`: the result, and the value
    /// `self` has when the body ends (to be written back where the method was called).
    func callMutating(_ arguments: Arguments, captured: CallFrame?) throws -> (result: Value, changed: Value) {
        let frame = try frame(for: arguments, captured: captured)
        let result = try run(frame)
        // `slots` is a pointer into the frame: the frame must outlive the read, and its last use
        // would otherwise be getting the pointer (the fuzzer found the read after the release).
        return withExtendedLifetime(frame) { (result, frame.slots[1]) }
    }

    /// A new frame with the arguments in slots 1...n, matched to the parameters.
    private func frame(for arguments: Arguments, captured: CallFrame?) throws -> CallFrame {
        let frame = CallFrame.make(count: code.frameSize, parent: captured)
        if isClosure {
            guard arguments.count == parameters.count else {
                throw NativeError("the closure takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), but was called with \(arguments.count)")
            }
            for (index, item) in arguments.items.enumerated() {
                frame.slots[index + 1] = try checked(item.value, parameter: index)
            }
            return frame
        }
        var next = 0
        for (index, parameter) in parameters.enumerated() {
            if next < arguments.count, arguments.items[next].label == parameter.label {
                frame.slots[index + 1] = try checked(arguments.items[next].value, parameter: index)
                next += 1
            } else if let defaultValue = parameter.defaultValue {
                frame.slots[index + 1] = try checked(try defaultValue(captured ?? frame), parameter: index)
            } else {
                throw missingArgument(parameter, arguments, next)
            }
        }
        if next < arguments.count { throw extraArgument(arguments.items[next]) }
        return frame
    }

    private func missingArgument(_ parameter: CompiledParameter, _ arguments: Arguments, _ next: Int) -> NativeError {
        if next < arguments.count, let label = arguments.items[next].label {
            let labels = parameters.compactMap(\.label)
            if labels.contains(label) {
                return NativeError("argument '\(label):' is out of order in call to \(signature)")
            }
            return NativeError("no argument label '\(label):' in \(signature)",
                               hint: Suggestions.hint(for: label, among: labels, suffix: ":"))
        }
        if next < arguments.count, let label = parameter.label {
            return NativeError("missing argument label '\(label):' in call to \(signature)")
        }
        let what = parameter.label.map { "'\($0):'" } ?? "'\(parameter.name)'"
        return NativeError("missing argument for parameter \(what) in call to \(signature)")
    }

    private func extraArgument(_ item: Argument) -> NativeError {
        if let label = item.label {
            let labels = parameters.compactMap(\.label)
            return NativeError("no argument label '\(label):' in \(signature)",
                               hint: Suggestions.hint(for: label, among: labels, suffix: ":"))
        }
        return NativeError("extra argument in call to \(signature)")
    }
}
