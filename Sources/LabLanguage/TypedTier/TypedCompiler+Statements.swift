/// Statements of the typed subset. A body that returns on every path is compiled as general code's
/// `compileReturning` does, to one operand giving the result; a statement in the middle of it runs
/// as a `StepCode` that tells how it ended (after a `return`, the value waits in the result slot).
extension TypedCompiler {
    /// Statements that pass `Compiler.returnsOnEveryPath`, in source order.
    func returning(_ statements: ArraySlice<Stmt>) throws -> IntOperand {
        guard let first = statements.first else { throw NotTyped() }
        let rest = statements.dropFirst()
        if rest.isEmpty { return try finalReturn(first) }
        if case .ifStatement(let condition, let then, nil) = first, Compiler.returnsOnEveryPath(then) {
            // `if c { ...; return a }` followed by more: the rest is the `else`.
            let test = try self.condition(condition)
            let thenValue = try returningBlock(then)
            return TypedCompiler.choice(test, thenValue, try returning(rest))
        }
        let step = try statement(first)
        let restValue = try returning(rest)
        let result = resultSlot
        return .code { frame in try step(frame) == .returned ? frame[result] : try restValue.value(frame) }
    }

    private func finalReturn(_ statement: Stmt) throws -> IntOperand {
        switch statement {
        case .ifStatement(let condition, let then, let otherwise?):
            let test = try self.condition(condition)
            let thenValue = try returningBlock(then)
            return TypedCompiler.choice(test, thenValue, try returningBlock(otherwise))
        case .returnStatement(let value?, _):
            return try operand(value)
        default:
            throw NotTyped()
        }
    }

    private func returningBlock(_ statements: [Stmt]) throws -> IntOperand {
        openBlock()
        defer { closeBlock() }
        return try returning(statements[...])
    }

    func statement(_ statement: Stmt) throws -> StepCode {
        switch statement {
        case .declaration(let isLet, .name(let name, _), let type, let initial?, _):
            guard type == nil || TypedCompiler.isInt(type) else { throw NotTyped() }
            return try declaration(name, isLet: isLet, initial)
        case .assignment(let target, let value, _):
            let slot = try variable(target), newValue = try operand(value)
            return { frame in
                frame[slot] = try newValue.value(frame)
                return .normal
            }
        case .compoundAssignment(let op, let target, let value, let location):
            guard let op = IntOperator(op) else { throw NotTyped() }
            return TypedCompiler.compound(op, try variable(target), try operand(value), location)
        case .ifStatement(let condition, let then, let otherwise):
            let test = try self.condition(condition)
            let thenStep = try block(then), elseStep = try block(otherwise ?? [])
            return { frame in try test.test(frame) ? try thenStep(frame) : try elseStep(frame) }
        case .whileLoop(let condition, let body):
            return try whileLoop(condition, body)
        case .forLoop(let pattern, let sequence, let body, let location):
            return try forLoop(pattern, sequence, body, location)
        case .breakStatement where loopDepth > 0:
            return { _ in .breakLoop }
        case .continueStatement where loopDepth > 0:
            return { _ in .continueLoop }
        case .returnStatement(let value?, _):
            let result = resultSlot, returned = try operand(value)
            return { frame in
                frame[result] = try returned.value(frame)
                return .returned
            }
        default:
            throw NotTyped()
        }
    }

    /// `let x = value`: the value runs in the scope before the name is declared, as in general code.
    private func declaration(_ name: String, isLet: Bool, _ initial: Expr) throws -> StepCode {
        let value = try operand(initial)
        declare(name, isLet: isLet)
        guard let slot = local(name)?.slot, slot < resultSlot else { throw NotTyped() }
        return { frame in
            frame[slot] = try value.value(frame)
            return .normal
        }
    }

    /// `x op= value`: the value runs first, then `x op value` (general code's order); the operator
    /// is chosen here for the commonest ones, as loops run this on every iteration.
    private static func compound(_ op: IntOperator, _ slot: Int, _ rhs: IntOperand,
                                 _ location: SourceLocation) -> StepCode {
        switch op {
        case .add:
            return { frame in
                let right = try rhs.value(frame)
                frame[slot] = try IntOperator.add.apply(frame[slot], right, at: location)
                return .normal
            }
        case .subtract:
            return { frame in
                let right = try rhs.value(frame)
                frame[slot] = try IntOperator.subtract.apply(frame[slot], right, at: location)
                return .normal
            }
        default:
            return { frame in
                let right = try rhs.value(frame)
                frame[slot] = try op.apply(frame[slot], right, at: location)
                return .normal
            }
        }
    }

    /// The slot of a `var` local assigned to.
    private func variable(_ target: Expr) throws -> Int {
        guard case .name(let name) = target.kind, let found = local(name), !found.isLet else { throw NotTyped() }
        return found.slot
    }

    /// A block's statements in a scope of their own, stopping at the first that returns.
    func block(_ statements: [Stmt]) throws -> StepCode {
        openBlock()
        defer { closeBlock() }
        var steps: StepCode = { _ in .normal }
        for (index, statement) in statements.enumerated() {
            let step = try self.statement(statement)
            if index == 0 {
                steps = step
            } else {
                let before = steps
                steps = { frame in
                    let flow = try before(frame)
                    return flow == .normal ? try step(frame) : flow
                }
            }
        }
        return steps
    }
}
