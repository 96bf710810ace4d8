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
    func compileReturning(_ statements: ArraySlice<Stmt>) -> Operand {
        guard let first = statements.first else { return .constant(.void) }
        let rest = statements.dropFirst()
        if rest.isEmpty { return compileFinalReturn(first) }
        if case .ifStatement(let condition, let then, nil) = first, Compiler.returnsOnEveryPath(then) {
            // `if c { ...; return a }` followed by more: the rest is the `else`.
            let test = compileTest(condition, "if")
            let thenValue = compileReturningBlock(then)
            let restValue = compileReturning(rest)
            return .code { frame in try test.test(frame) ? try thenValue.value(frame) : try restValue.value(frame) }
        }
        let exec = compileStatement(first)
        let restValue = compileReturning(rest)
        return .code { frame in
            if try exec(frame) != .normal { return Compiler.takeReturned(frame) }
            return try restValue.value(frame)
        }
    }

    /// The last statement: a `return`, or an `if`/`else` returning on both branches.
    private func compileFinalReturn(_ statement: Stmt) -> Operand {
        switch statement {
        case .ifStatement(let condition, let then, let otherwise?):
            let test = compileTest(condition, "if")
            let thenValue = compileReturningBlock(then), elseValue = compileReturningBlock(otherwise)
            return .code { frame in try test.test(frame) ? try thenValue.value(frame) : try elseValue.value(frame) }
        case .returnStatement(let value?, _):
            return compileOperand(value)
        default:
            return .constant(.void)
        }
    }

    private func compileReturningBlock(_ statements: [Stmt]) -> Operand {
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
