/// Function bodies in which every path ends in `return`, compiled to one closure that gives the result.
///
/// `if n < 2 { return n }; return fib(n - 1) + fib(n - 2)` runs as `n < 2 ? n : fib(n - 1) + fib(n - 2)`:
/// the result comes back as the closure's value instead of being stored in slot 0 and signalled with
/// `Flow.returned` through the `if`, the block and the statement sequence. Other statements in such a
/// body run as usual; a `return` inside them (in a loop, say) still goes through slot 0.
extension Compiler {
    /// True when the statements end in `return` on every path: the last one is a `return`, or an
    /// `if`/`else` whose branches both are. A `func` declared at this level is left to
    /// `compileBlockBody`, which hoists it.
    static func returnsOnEveryPath(_ statements: [Stmt]) -> Bool {
        guard let last = statements.last else { return false }
        for case .function in statements { return false }
        switch last {
        case .returnStatement: return true
        case .ifStatement(_, let then, let otherwise?): return returnsOnEveryPath(then) && returnsOnEveryPath(otherwise)
        default: return false
        }
    }

    /// Compiles statements that pass `returnsOnEveryPath`, in source order (the caller opened their scope).
    func compileReturning(_ statements: ArraySlice<Stmt>) -> Eval {
        guard let first = statements.first else { return { _ in .void } }
        let rest = statements.dropFirst()
        if rest.isEmpty { return compileFinalReturn(first) }
        if case .ifStatement(let condition, let then, nil) = first, Compiler.returnsOnEveryPath(then) {
            // `if c { ...; return a }` followed by more: the rest is the `else`.
            let test = compileCondition(condition, "if")
            let thenEval = compileReturningBlock(then)
            let restEval = compileReturning(rest)
            return { frame in try test(frame) ? try thenEval(frame) : try restEval(frame) }
        }
        let exec = compileStatement(first)
        let restEval = compileReturning(rest)
        return { frame in
            if try exec(frame) != .normal { return Compiler.takeReturned(frame) }
            return try restEval(frame)
        }
    }

    /// The last statement: a `return`, or an `if`/`else` returning on both branches.
    private func compileFinalReturn(_ statement: Stmt) -> Eval {
        switch statement {
        case .ifStatement(let condition, let then, let otherwise?):
            let test = compileCondition(condition, "if")
            let thenEval = compileReturningBlock(then), elseEval = compileReturningBlock(otherwise)
            return { frame in try test(frame) ? try thenEval(frame) : try elseEval(frame) }
        case .returnStatement(let value?, _):
            return compileExpression(value)
        default:
            return { _ in .void }
        }
    }

    private func compileReturningBlock(_ statements: [Stmt]) -> Eval {
        openBlock()
        defer { closeBlock() }
        return compileReturning(statements[...])
    }

    /// The value a `return` stored in slot 0, moved out (slot 0 is left nil, as a pooled frame needs).
    @inline(__always)
    static func takeReturned(_ frame: Frame) -> Value {
        let result = frame.slots.move()
        frame.slots.initialize(to: .nil)
        return result
    }
}
