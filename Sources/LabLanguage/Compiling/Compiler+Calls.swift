extension Compiler {
    static func parameterMismatch(_ template: FunctionDefinition, _ index: Int, _ value: Value) -> String {
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
        let site = CallSite(arguments: operands.map { ExpressionCodeBox(Compiler.eval($0)) }, labels: arguments.map(\.label),
                            labelIDs: arguments.map { interpreter.internLabel($0.label) }, calleeName: name,
                            location: location, runtime: runtime)
        return (site, operands)
    }

    func compileCall(_ callee: Expr, _ arguments: [CallArgument], _ location: SourceLocation) -> ExpressionCode {
        if let (global, body) = blockCall(Expr(.call(callee, arguments), at: location)) {
            return compileBlockExpression(global, body, location)
        }
        if case .member(let base, let name) = (implicitSelf(callee) ?? callee).kind {
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
            return { frame in try site.callStaged(try calleeEval(frame), count: 0) }
        case 1:
            let first = operands[0]
            return { frame in
                let callee = try calleeEval(frame)
                site.stage(try first.value(frame), at: 0)
                return try site.callStaged(callee, count: 1)
            }
        case 2:
            let first = operands[0], second = operands[1]
            return { frame in
                let callee = try calleeEval(frame)
                let a = try first.value(frame), b = try second.value(frame)
                site.stage(a, at: 0)
                site.stage(b, at: 1)
                return try site.callStaged(callee, count: 2)
            }
        default:
            return { frame in try site.call(try calleeEval(frame), frame) }
        }
    }

    /// A call of a `func` (or another global `let`) with 1 or 2 arguments (see `GlobalCall`).
    private func globalCall(_ global: GlobalSlot, _ site: CallSite, _ operands: [Operand],
                            _ location: SourceLocation) -> ExpressionCode? {
        switch operands.count {
        case 1:
            let call = GlobalCall(site, global, operands[0], .constant(.void), location)
            return { frame in try call.run1(frame) }
        case 2:
            let call = GlobalCall(site, global, operands[0], operands[1], location)
            return { frame in try call.run2(frame) }
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
    func blockStatement(_ expr: Expr) -> StatementCode? {
        guard let (global, body) = blockCall(expr), let block = global.block else { return nil }
        let exec = compileBlock(body)
        return { frame in
            block.enter()
            defer { block.exit() }
            return try exec(frame)
        }
    }

    /// A block built-in used for its value (`let p = noGrad { model(X) }`): the last expression's value.
    private func compileBlockExpression(_ global: GlobalSlot, _ body: [Stmt], _ location: SourceLocation) -> ExpressionCode {
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
        text(of: expr, depth: 0)
    }

    /// How many links of a chain (`a.b(...)[...]`) the text of a callee or receiver shows; deeper
    /// links become `…`. Messages need only the end of a chain, and every call in a chain of
    /// thousands asks for the text of its receiver, so unbounded text made compiling quadratic.
    static let textDepth = 6

    private static func text(of expr: Expr, depth: Int) -> String {
        if depth > textDepth { return "…" }
        switch expr.kind {
        case .name(let name): return name
        case .member(let base, let name): return text(of: base, depth: depth + 1) + "." + name
        case .call(let callee, _): return text(of: callee, depth: depth + 1) + "(...)"
        case .subscriptAccess(let base, _): return text(of: base, depth: depth + 1) + "[...]"
        case .dollar(let index): return "$\(index)"
        default: return "value"
        }
    }
}
