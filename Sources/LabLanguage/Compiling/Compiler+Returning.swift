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
            return Compiler.choice(test, thenValue, compileReturning(rest))
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
            let thenValue = compileReturningBlock(then)
            return Compiler.choice(test, thenValue, compileReturningBlock(otherwise))
        case .returnStatement(let value?, _):
            return compileOperand(value)
        default:
            return .constant(.void)
        }
    }

    /// `test ? a : b`; the common `if n < 2 { return n }` followed by other code reads `n` in place
    /// and calls the other code's closure directly.
    static func choice(_ test: Condition, _ then: Operand, _ otherwise: Operand) -> Operand {
        switch (then, otherwise) {
        case (.local(let slot), .code(let otherwise)):
            return .code { frame in try test.test(frame) ? Operand.read(frame.slots + slot) : try otherwise(frame) }
        case (_, .code(let otherwise)):
            return .code { frame in try test.test(frame) ? try then.value(frame) : try otherwise(frame) }
        default:
            return .code { frame in try test.test(frame) ? try then.value(frame) : try otherwise.value(frame) }
        }
    }

    private func compileReturningBlock(_ statements: [Stmt]) -> Operand {
        openBlock()
        defer { closeBlock() }
        return compileReturning(statements[...])
    }

    /// The value a `return` stored in slot 0, moved out (slot 0 is left nil, as a pooled frame needs).
    @inline(__always)
    static func takeReturned(_ frame: CallFrame) -> Value {
        let result = frame.slots.move()
        frame.slots.initialize(to: .nil)
        return result
    }
}
