/// A compiled block whose last expression statement may give the block's value (cells, `noGrad { }`).
struct CompiledBody {
    var exec: StatementCode
    var last: ExpressionCode?

    func run(_ frame: CallFrame) throws -> Value? {
        _ = try exec(frame)
        return try last?(frame)
    }
}

extension Compiler {
    /// Compiles statements of one block (the caller opens the scope); `func`s are hoisted to its start.
    func compileBlockBody(_ statements: [Stmt], valueOfLast: Bool) -> CompiledBody {
        var hoistedStructs: [(Binding, StructTemplate)] = []
        for case .structDeclaration(let syntax) in statements {
            if let declared = declareStruct(syntax) { hoistedStructs.append(declared) }
        }
        var hoisted: [(Binding, FunctionDefinition)] = []
        for case .function(let syntax) in statements {
            let binding = declare(syntax.name, isLet: true, at: syntax.location)
            hoisted.append((binding, makeTemplate(syntax)))
        }
        var execs: [StatementCodeBox] = []
        var last: ExpressionCode?
        for (index, statement) in statements.enumerated() {
            if stopIfCancelled() { break }
            if valueOfLast, index == statements.count - 1, case .expression(let expr) = statement {
                last = rejectingUncalledFunction(expr, compileExpression(expr))
            } else if case .function(let syntax) = statement,
                      let template = hoisted.first(where: { $0.1.location == syntax.location })?.1 {
                compileFunctionBody(syntax, into: template)
            } else if case .structDeclaration(let syntax) = statement,
                      let template = hoistedStructs.first(where: { $0.1.location == syntax.location })?.1 {
                compileStructBodies(syntax, into: template)
            } else {
                execs.append(StatementCodeBox(compileStatement(statement)))
            }
        }
        if !hoisted.isEmpty { execs.insert(StatementCodeBox(prologue(hoisted)), at: 0) }
        if !hoistedStructs.isEmpty { execs.insert(StatementCodeBox(structPrologue(hoistedStructs)), at: 0) }
        return CompiledBody(exec: Compiler.sequence(execs), last: last)
    }

    /// True once the cell's time limit ran out (or the user interrupted) while it was being
    /// compiled: a cell of 300,000 statements compiles for a while. The interpreter reports it.
    private func stopIfCancelled() -> Bool {
        if !stoppedByCancellation && interpreter.cancellation.isCancelled { stoppedByCancellation = true }
        return stoppedByCancellation
    }

    func compileBlock(_ statements: [Stmt]) -> StatementCode {
        openBlock()
        defer { closeBlock() }
        return compileBlockBody(statements, valueOfLast: false).exec
    }

    /// Creates the block's functions on entry, so they can call each other in any order.
    private func prologue(_ hoisted: [(Binding, FunctionDefinition)]) -> StatementCode {
        let stores = hoisted.map { binding, template in (storer(binding), template) }
        return { frame in
            for (store, template) in stores {
                store(frame, .function(Function(template: template, captured: template.capturesFrame ? frame : nil)))
            }
            return .normal
        }
    }

    static func sequence(_ execs: [StatementCodeBox]) -> StatementCode {
        switch execs.count {
        case 0: return { _ in .normal }
        case 1: return execs[0].run
        case 2:
            // Captured closures, not boxes: calling a closure read from an object costs a retain.
            let first = execs[0].run, second = execs[1].run
            return { frame in
                let flow = try first(frame)
                return flow == .normal ? try second(frame) : flow
            }
        case 3:
            let first = execs[0].run, second = execs[1].run, third = execs[2].run
            return { frame in
                var flow = try first(frame)
                if flow != .normal { return flow }
                flow = try second(frame)
                return flow == .normal ? try third(frame) : flow
            }
        default:
            return { frame in
                for exec in execs {
                    let flow = try exec.run(frame)
                    if flow != .normal { return flow }
                }
                return .normal
            }
        }
    }

    func compileStatement(_ statement: Stmt) -> StatementCode {
        switch statement {
        case .expression(let expr):
            if let block = blockStatement(expr) { return block }
            let eval = rejectingUncalledFunction(expr, compileExpression(expr))
            return { frame in
                _ = try eval(frame)
                return .normal
            }
        case .declaration(let isLet, let pattern, let type, let initial, let location):
            return compileDeclaration(isLet: isLet, pattern, type, initial, location)
        case .assignment(let target, let value, let location):
            return compileAssignment(target, value, location)
        case .compoundAssignment(let op, let target, let value, let location):
            return compileCompoundAssignment(op, target, value, location)
        case .ifStatement(let condition, let then, let otherwise):
            return compileIf(condition, then, otherwise)
        case .whileLoop(let condition, let body):
            return compileWhile(condition, body)
        case .forLoop(let pattern, let sequence, let body, let location):
            return compileFor(pattern, sequence, body, location)
        case .breakStatement(let location), .continueStatement(let location):
            let isBreak: Bool
            if case .breakStatement = statement { isBreak = true } else { isBreak = false }
            if scope.loopDepth == 0 && !(isBreak && scope.switchDepth > 0) {
                let place = isBreak ? "a loop or a switch" : "a loop"
                errors.append(LabError("'\(isBreak ? "break" : "continue")' is only allowed inside \(place)", at: location))
            }
            return isBreak ? { _ in .breakLoop } : { _ in .continueLoop }
        case .returnStatement(let value, let location):
            return compileReturn(value, location)
        case .function, .structDeclaration:
            return { _ in .normal }
        case .switchStatement(let subject, let cases, let location):
            return compileSwitch(subject, cases, location)
        }
    }

    /// The subject goes to a hidden local; each case is a condition over it (`==` for a value, the
    /// bounds for a range) and a block. A `break` that reaches the switch ends it; `continue` and
    /// `return` pass on to the enclosing loop or function.
    private func compileSwitch(_ subject: Expr, _ cases: [SwitchCase], _ location: SourceLocation) -> StatementCode {
        openBlock()
        defer { closeBlock() }
        let value = compileExpression(subject)
        let hidden = "switch subject \(location.line):\(location.column)"
        let store = storer(declare(hidden, isLet: true, at: location))
        let reference = Expr(.name(hidden), at: location)
        scope.switchDepth += 1
        defer { scope.switchDepth -= 1 }
        let compiled = cases.map { item -> (tests: [(CallFrame) throws -> Bool], body: StatementCode) in
            let tests = item.patterns.map { compileCondition(Compiler.matching(reference, $0), "case") }
            return (tests, compileBlock(item.body))
        }
        return { frame in
            store(frame, try value(frame))
            for (tests, body) in compiled {
                var matched = tests.isEmpty
                for test in tests where !matched { matched = try test(frame) }
                guard matched else { continue }
                let flow = try body(frame)
                return flow == .breakLoop ? .normal : flow
            }
            return .normal
        }
    }

    /// The condition that `subject` matches a case's pattern: inside a range's bounds, or equal.
    static func matching(_ subject: Expr, _ pattern: Expr) -> Expr {
        let at = pattern.location
        guard case .range(let lower, let upper, let isClosed) = pattern.kind else {
            return Expr(.binary(.equal, subject, pattern), at: at)
        }
        let low = lower.map { Expr(.binary(.lessEqual, $0, subject), at: at) }
        let high = upper.map { Expr(.binary(isClosed ? .lessEqual : .less, subject, $0), at: at) }
        switch (low, high) {
        case (let low?, let high?): return Expr(.logical(isAnd: true, low, high), at: at)
        case (let low?, nil): return low
        case (nil, let high?): return high
        case (nil, nil): return Expr(.literal(.bool(true)), at: at)
        }
    }

    private func compileReturn(_ value: Expr?, _ location: SourceLocation) -> StatementCode {
        // Inside a loop's fresh frame, the result goes to the function's frame, some parents up.
        let (hops, function) = scope.enclosingFunction
        returnStatementsCompiled += 1
        if function.isCell {
            errors.append(LabError("'return' is only allowed inside a function or closure", at: location))
        }
        // Not `Optional.map`: a closure that passed through a generic keeps reabstraction thunks.
        let eval: ExpressionCode
        if let value { eval = compileExpression(value) } else { eval = { _ in .void } }
        if hops == 0 {
            return { frame in
                frame.slots[0] = try eval(frame)
                return .returned
            }
        }
        return { frame in
            frame.ancestor(hops).slots[0] = try eval(frame)
            return .returned
        }
    }

    private func compileDeclaration(
        isLet: Bool, _ pattern: Pattern, _ type: TypeSyntax?, _ initial: Expr?, _ location: SourceLocation
    ) -> StatementCode {
        let value: ExpressionCode
        if let initial { value = compileExpression(initial) } else { value = { _ in .nil } }
        let check = type.map { TypeCheck(syntax: $0) }
        let what: String
        if case .name(let name, _) = pattern { what = "the value of '\(name)'" } else { what = "the value" }
        if check == nil, case .name(let name, let nameLocation) = pattern {
            // `let z = ...` in a loop: stored straight into its slot, without the binder's closures.
            let binding = declare(name, isLet: isLet, at: nameLocation)
            if case .local(0, let slot, _) = binding {
                return { frame in
                    frame.slots[slot] = try value(frame)
                    return .normal
                }
            }
            let store = storer(binding)
            return { frame in
                store(frame, try value(frame))
                return .normal
            }
        }
        let bind = compileBinder(pattern, isLet: isLet, location)
        let valueLocation = initial?.location ?? location
        if let check {
            return { frame in
                try bind(frame, try check.check(try value(frame), what, at: valueLocation))
                return .normal
            }
        }
        return { frame in
            try bind(frame, try value(frame))
            return .normal
        }
    }

    /// Declares the names of a pattern and returns code that binds a value to them.
    func compileBinder(_ pattern: Pattern, isLet: Bool, _ location: SourceLocation,
                       warnShadowing: Bool = true) -> (CallFrame, Value) throws -> Void {
        switch pattern {
        case .wildcard:
            return { _, _ in }
        case .name(let name, let nameLocation):
            let store = storer(declare(name, isLet: isLet, at: nameLocation, warnShadowing: warnShadowing))
            return { frame, value in store(frame, value) }
        case .tuple(let items):
            let binders = items.map { compileBinder($0, isLet: isLet, location, warnShadowing: warnShadowing) }
            let count = items.count
            return { frame, value in
                guard case .tuple(let values) = value, values.count == count else {
                    throw LabError("cannot destructure a value of type '\(value.typeName)' into a tuple of \(count) names",
                                   at: location)
                }
                for (binder, item) in zip(binders, values) { try binder(frame, item) }
            }
        }
    }

    /// Code that stores into a binding (and marks a global as initialised).
    func storer(_ binding: Binding) -> (CallFrame, Value) -> Void {
        switch binding {
        case .local(let depth, let slot, _):
            if depth == 0 { return { frame, value in frame.slots[slot] = value } }
            return { frame, value in frame.ancestor(depth).slots[slot] = value }
        case .global(let global):
            return { _, value in
                global.pointer.pointee = value
                global.isInitialized = true
            }
        }
    }

    private func compileIf(_ condition: Expr, _ then: [Stmt], _ otherwise: [Stmt]?) -> StatementCode {
        let test = compileTest(condition, "if")
        let thenExec = compileBlock(then)
        let elseExec: StatementCode
        if let otherwise { elseExec = compileBlock(otherwise) } else { elseExec = { _ in .normal } }
        return { frame in try test.test(frame) ? try thenExec(frame) : try elseExec(frame) }
    }

    func compileCondition(_ condition: Expr, _ keyword: String) -> (CallFrame) throws -> Bool {
        let eval = compileExpression(condition)
        let location = condition.location
        return { frame in
            let value = try eval(frame)
            guard case .bool(let flag) = value else {
                throw LabError("the condition of '\(keyword)' must be Bool, found a value of type '\(value.typeName)'",
                               at: location, hint: value.isNil ? "compare with nil (x != nil), or unwrap it: if let x = x { … }" : nil)
            }
            return flag
        }
    }
}

extension Compiler {
    /// A statement that only names a function (`opt.step`, `f`) does nothing: Swift rejects it, and
    /// in a training loop a missing `()` silently leaves the weights alone. `eval` made to fail
    /// with a hint when the named value turns out to be a function; other statements pass through.
    func rejectingUncalledFunction(_ expr: Expr, _ eval: @escaping ExpressionCode) -> ExpressionCode {
        let name: String
        switch expr.kind {
        case .name(let n): name = n
        case .member(_, let n): name = n
        default: return eval
        }
        let text = Compiler.text(of: expr)
        let location = expr.location
        return { frame in
            let value = try eval(frame)
            if case .function = value {
                throw LabError(
                    "function '\(name)' is named but not called, so nothing happens", at: location,
                    hint: "call it: \(text)()")
            }
            return value
        }
    }
}
