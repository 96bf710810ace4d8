/// A compiled call site: argument code and interned labels, shared by the call paths.
///
/// It remembers the last user function whose labels and argument count it matched, so a call to the
/// same function again compares one pointer and goes straight to filling a pooled frame.
final class CallSite {
    let arguments: [EvalBox]
    let labels: [String?]
    let labelIDs: [Int]
    let calleeName: String
    let location: SourceLocation
    let runtime: Runtime
    /// The identity of the last matched function code, compared without reference counting;
    /// `keptAlive` holds that code so its address cannot be reused by another one.
    private var matched: UnsafeMutableRawPointer?
    private var keptAlive: FunctionCode?

    init(arguments: [EvalBox], labels: [String?], labelIDs: [Int], calleeName: String, location: SourceLocation,
         runtime: Runtime) {
        self.arguments = arguments
        self.labels = labels
        self.labelIDs = labelIDs
        self.calleeName = calleeName
        self.location = location
        self.runtime = runtime
    }

    func evaluate(_ frame: Frame) throws -> Arguments {
        var items: [Argument] = []
        items.reserveCapacity(arguments.count)
        for (eval, label) in zip(arguments, labels) { items.append(Argument(label: label, try eval.run(frame))) }
        return Arguments(items, callee: calleeName)
    }

    /// Calls a function or native value, evaluating the arguments (all call sites with 3+ arguments).
    @inline(__always)
    func call(_ callee: Value, _ frame: Frame) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments { values.append(try argument.run(frame)) }
        guard case .function(let function) = callee else { return try callSlow(callee, values: values) }
        return try enter(function, orElse: { try callSlow(callee, values: values) }) { callFrame, code in
            for (index, value) in values.enumerated() { try place(value, index, callFrame, code) }
        }
    }

    /// A call with no arguments.
    @inline(__always)
    func call0(_ callee: Value) throws -> Value {
        guard case .function(let function) = callee else { return try callSlow(callee, values: []) }
        return try enter(function, orElse: { try callSlow(callee, values: []) }) { _, _ in }
    }

    /// A call with one argument, already evaluated (so the common call allocates no argument array).
    @inline(__always)
    func call1(_ callee: Value, _ first: Value) throws -> Value {
        guard case .function(let function) = callee else { return try callSlow(callee, first) }
        return try call1(function, first)
    }

    /// `call1` of a global `let` (a `func`), read in place (see `GlobalSlot.peekFunction`).
    @inline(__always)
    func call1(global: GlobalSlot, _ first: Value) throws -> Value {
        guard let function = global.peekFunction() else { return try call1(global.pointer.pointee, first) }
        return try function._withUnsafeGuaranteedRef { try call1($0, first) }
    }

    @inline(__always)
    private func call1(_ function: Function, _ first: Value) throws -> Value {
        try enter(function, orElse: { try callSlow(.function(function), first) }) { callFrame, code in
            try place(first, 0, callFrame, code)
        }
    }

    /// A call with two arguments, already evaluated.
    @inline(__always)
    func call2(_ callee: Value, _ first: Value, _ second: Value) throws -> Value {
        guard case .function(let function) = callee else { return try callSlow(callee, first, second) }
        return try call2(function, first, second)
    }

    /// `call2` of a global `let` (a `func`), read in place (see `GlobalSlot.peekFunction`).
    @inline(__always)
    func call2(global: GlobalSlot, _ first: Value, _ second: Value) throws -> Value {
        guard let function = global.peekFunction() else { return try call2(global.pointer.pointee, first, second) }
        return try function._withUnsafeGuaranteedRef { try call2($0, first, second) }
    }

    @inline(__always)
    private func call2(_ function: Function, _ first: Value, _ second: Value) throws -> Value {
        try enter(function, orElse: { try callSlow(.function(function), first, second) }) { callFrame, code in
            try place(first, 0, callFrame, code)
            try place(second, 1, callFrame, code)
        }
    }

    /// Calls a user function whose labels this site matched: `fill` puts the arguments in slots 1...n
    /// of a pooled frame, the body runs, and the frame goes back to the pool. Anything else (natives,
    /// defaults left out, a label mismatch) takes `slow`.
    ///
    /// The code is used through an unretained reference: the function holds it, and the caller holds
    /// the function (a copied `Value`, or a `let` global's slot), so no retain or release is needed.
    @inline(__always)
    private func enter(_ function: Function, orElse slow: () throws -> Value,
                       fill: (Frame, FunctionCode) throws -> Void) throws -> Value {
        guard let code = function.unretainedCode, code.toOpaque() == matched || matches(code) else {
            return try slow()
        }
        return try code._withUnsafeGuaranteedRef { code in
            let callFrame = runtime.takeFrame(size: code.frameSize, parent: function.captured)
            try fill(callFrame, code)
            return try finish(callFrame, code)
        }
    }

    /// Puts an argument in its slot of a taken frame (whose slots are nil, so nothing needs
    /// releasing), converted by its parameter's annotation (an Int for a Double), or throws a located error.
    @inline(__always)
    private func place(_ value: Value, _ index: Int, _ frame: Frame, _ code: FunctionCode) throws {
        let slot = frame.slots + index + 1
        slot.initialize(to: value)
        guard code.hasParameterChecks, let check = code.parameterChecks[index] else { return }
        if !check.convert(&slot.pointee) { throw argumentMismatch(slot.pointee, index, code) }
    }

    @inline(never)
    private func argumentMismatch(_ value: Value, _ index: Int, _ code: FunctionCode) -> LabError {
        let message = code.template.map { Compiler.parameterMismatch($0, index, value) }
        return LabError(message ?? "argument \(index + 1) has the wrong type '\(value.typeName)'", at: location)
    }

    /// Runs the body in the filled frame, then returns the frame to the pool.
    @inline(__always)
    private func finish(_ callFrame: consuming Frame, _ code: FunctionCode) throws -> Value {
        let result: Value
        do {
            result = try code.run(callFrame)
        } catch let error as NativeError {
            throw LabError(error.message, at: location, hint: error.hint)
        }
        runtime.recycle(callFrame, size: code.frameSize, mayBeShared: code.framesMayBeKept)
        return result
    }

    /// True when this site's labels and argument count fit the template without defaults.
    private func matches(_ unretained: Unmanaged<FunctionCode>) -> Bool {
        let code = unretained.takeUnretainedValue()
        guard let template = code.template, template.labelIDs == labelIDs,
              !template.isClosure || arguments.count == template.parameters.count else {
            return false
        }
        matched = unretained.toOpaque()
        keptAlive = code
        return true
    }

    /// The slow paths of the one- and two-argument calls, kept out of line so the fast path stays small.
    @inline(never)
    private func callSlow(_ callee: Value, _ first: Value) throws -> Value {
        try callSlow(callee, values: [first])
    }

    @inline(never)
    private func callSlow(_ callee: Value, _ first: Value, _ second: Value) throws -> Value {
        try callSlow(callee, values: [first, second])
    }

    /// Natives, and user functions called with defaults left out: labels are matched by `Arguments`.
    @inline(never)
    private func callSlow(_ callee: Value, values: [Value]) throws -> Value {
        switch callee {
        case .function(let function):
            let items = zip(labels, values).map { Argument(label: $0, $1) }
            return try relocating(location) { try function.invoke(Arguments(items, callee: calleeName)) }
        case .native(let object):
            let items = zip(labels, values).map { Argument(label: $0, $1) }
            return try relocating(location) { try object.call(Arguments(items, callee: calleeName)) }
        default:
            throw LabError("cannot call a value of type '\(callee.typeName)'", at: location,
                           hint: callee.asDouble != nil || callee.isNil ? "'\(calleeName)' is not a function" : nil)
        }
    }
}

extension Compiler {
    static func parameterMismatch(_ template: FunctionTemplate, _ index: Int, _ value: Value) -> String {
        let parameter = template.parameters[index]
        return "argument '\(parameter.name)' of \(template.signature) must be \(parameter.check?.syntax.description ?? "?"), found a value of type '\(value.typeName)'"
    }

    func callSite(_ arguments: [CallArgument], name: String, _ location: SourceLocation) -> CallSite {
        callSiteAndOperands(arguments, name: name, location).site
    }

    /// A call site, and its arguments as operands for the fused call closures of arities 1 and 2.
    func callSiteAndOperands(_ arguments: [CallArgument], name: String,
                             _ location: SourceLocation) -> (site: CallSite, operands: [Operand]) {
        let operands = arguments.map { compileOperand($0.value) }
        let site = CallSite(arguments: operands.map { EvalBox(Compiler.eval($0)) }, labels: arguments.map(\.label),
                            labelIDs: arguments.map { interpreter.internLabel($0.label) }, calleeName: name,
                            location: location, runtime: runtime)
        return (site, operands)
    }

    func compileCall(_ callee: Expr, _ arguments: [CallArgument], _ location: SourceLocation) -> Eval {
        if let (global, body) = blockCall(Expr(.call(callee, arguments), at: location)) {
            return compileBlockExpression(global, body, location)
        }
        if case .member(let base, let name) = callee.kind {
            return compileMethodCall(base, name, arguments, location)
        }
        let calleeEval = compileExpression(callee)
        let (site, operands) = callSiteAndOperands(arguments, name: Compiler.text(of: callee), location)
        if let global = constantGlobal(callee), let call = globalCall(global, site, operands, location) {
            return call
        }
        // Arities 0...2 capture their argument code directly and pass values, not an array.
        switch operands.count {
        case 0:
            return { frame in try site.call0(try calleeEval(frame)) }
        case 1:
            let first = operands[0]
            return { frame in
                let callee = try calleeEval(frame)
                return try site.call1(callee, try first.value(frame))
            }
        case 2:
            let first = operands[0], second = operands[1]
            return { frame in
                let callee = try calleeEval(frame)
                let a = try first.value(frame)
                return try site.call2(callee, a, try second.value(frame))
            }
        default:
            return { frame in try site.call(try calleeEval(frame), frame) }
        }
    }

    /// A call of a `func` (or another global `let`) with 1 or 2 arguments: the function is read in
    /// place from its slot (see `GlobalSlot.peekFunction`), after the same check a name read makes.
    private func globalCall(_ global: GlobalSlot, _ site: CallSite, _ operands: [Operand],
                            _ location: SourceLocation) -> Eval? {
        let name = site.calleeName
        switch operands.count {
        case 1:
            let first = operands[0]
            return { frame in
                guard global.isInitialized else { throw Compiler.notYetDeclared(name, at: location) }
                return try site.call1(global: global, try first.value(frame))
            }
        case 2:
            let first = operands[0], second = operands[1]
            return { frame in
                guard global.isInitialized else { throw Compiler.notYetDeclared(name, at: location) }
                let a = try first.value(frame)
                return try site.call2(global: global, a, try second.value(frame))
            }
        default:
            return nil
        }
    }

    /// The slot of a callee that names a global `let` (a `func`, a built-in): its value, once set,
    /// stays for the slot's lifetime, so a call may use it without copying it out.
    private func constantGlobal(_ callee: Expr) -> GlobalSlot? {
        guard case .name(let name) = callee.kind, case .global(let global)? = lookup(name), global.isLet else {
            return nil
        }
        return global
    }

    /// `noGrad { ... }`: a call of a block built-in with only a trailing closure without parameters.
    func blockCall(_ expr: Expr) -> (GlobalSlot, [Stmt])? {
        guard case .call(let callee, let arguments) = expr.kind, case .name(let name) = callee.kind,
              arguments.count == 1, arguments[0].label == nil, case .closure(let syntax) = arguments[0].value.kind,
              syntax.parameters.isEmpty, syntax.implicitParameterCount == 0,
              case .global(let global)? = lookup(name), global.block != nil else { return nil }
        return (global, syntax.body)
    }

    /// A block built-in as a statement: `break`, `continue` and `return` inside act on the enclosing code.
    func blockStatement(_ expr: Expr) -> Exec? {
        guard let (global, body) = blockCall(expr), let block = global.block else { return nil }
        let exec = compileBlock(body)
        return { frame in
            block.enter()
            defer { block.exit() }
            return try exec(frame)
        }
    }

    /// A block built-in used for its value (`let p = noGrad { model(X) }`): the last expression's value.
    private func compileBlockExpression(_ global: GlobalSlot, _ body: [Stmt], _ location: SourceLocation) -> Eval {
        openBlock()
        let compiled = compileBlockBody(body, valueOfLast: true)
        closeBlock()
        let block = global.block
        return { frame in
            block?.enter()
            defer { block?.exit() }
            switch try compiled.exec(frame) {
            case .normal: return try compiled.last?(frame) ?? .void
            case .breakLoop: throw ControlTransfer.breakLoop
            case .continueLoop: throw ControlTransfer.continueLoop
            case .returned: throw ControlTransfer.returned
            }
        }
    }

    /// The source spelling of simple callee and receiver expressions, for messages ("loss", "model.fc").
    static func text(of expr: Expr) -> String {
        switch expr.kind {
        case .name(let name): return name
        case .member(let base, let name): return text(of: base) + "." + name
        case .call(let callee, _): return text(of: callee) + "(...)"
        case .subscriptAccess(let base, _): return text(of: base) + "[...]"
        case .dollar(let index): return "$\(index)"
        default: return "value"
        }
    }
}
