/// Int expressions and conditions of the typed subset; each evaluates its operands in the order
/// general code does, and reports errors at the same locations.
extension TypedCompiler {
    func operand(_ expr: Expr) throws -> IntOperand {
        let location = expr.location
        switch expr.kind {
        case .literal(.int(let value)):
            return .constant(value)
        case .name(let name):
            guard let found = local(name) else { throw NotTyped() }
            return .local(found.slot)
        case .binary(let op, let left, let right):
            guard let op = IntOperator(op) else { throw NotTyped() }
            if case .name(let name) = left.kind, let found = local(name), case .literal(.int(let constant)) = right.kind {
                return .localWithInt(op, slot: found.slot, constant, location)
            }
            return .code(TypedCompiler.arithmetic(op, try operand(left), try operand(right), location))
        case .unary(.negate, let inner):
            let value = try operand(inner)
            return .code { frame in try IntOperator.negate(try value.value(frame), at: location) }
        case .ternary(let condition, let then, let otherwise):
            return TypedCompiler.choice(try self.condition(condition), try operand(then), try operand(otherwise))
        case .call(let callee, let arguments):
            return try call(callee, arguments, location)
        default:
            throw NotTyped()
        }
    }

    /// `a op b` on two operands; the call closures of `fib(n - 1) + fib(n - 2)` are called directly,
    /// with the operator chosen here rather than on each run.
    private static func arithmetic(_ op: IntOperator, _ lhs: IntOperand, _ rhs: IntOperand,
                                   _ location: SourceLocation) -> IntCode {
        if case .call(let first) = lhs, case .call(let second) = rhs, op == .add {
            // `fib(n - 1) + fib(n - 2)`: both calls run here, without a closure call each.
            return { frame in try IntOperator.add.apply(try first.runAny(frame), try second.runAny(frame), at: location) }
        }
        guard case .code(let left) = lhs, case .code(let right) = rhs else {
            return { frame in try op.apply(try lhs.value(frame), try rhs.value(frame), at: location) }
        }
        switch op {
        case .add: return { frame in try IntOperator.add.apply(try left(frame), try right(frame), at: location) }
        case .subtract:
            return { frame in try IntOperator.subtract.apply(try left(frame), try right(frame), at: location) }
        case .multiply:
            return { frame in try IntOperator.multiply.apply(try left(frame), try right(frame), at: location) }
        default: return { frame in try op.apply(try left(frame), try right(frame), at: location) }
        }
    }

    /// `test ? a : b` (also an `if` whose branches both return). The common `if n < 2 { return n }`
    /// followed by other code compares and reads in place, with the comparison chosen here.
    static func choice(_ test: TypedCondition, _ then: IntOperand, _ otherwise: IntOperand) -> IntOperand {
        guard case .compare(let op, let slot, let constant) = test, case .local(let result) = then else {
            return .code { frame in try test.test(frame) ? try then.value(frame) : try otherwise.value(frame) }
        }
        let other = otherwise.code
        switch op {
        case .less: return .code { frame in frame[slot] < constant ? frame[result] : try other(frame) }
        case .lessEqual: return .code { frame in frame[slot] <= constant ? frame[result] : try other(frame) }
        case .equal: return .code { frame in frame[slot] == constant ? frame[result] : try other(frame) }
        default:
            return .code { frame in Operators.compare(op, frame[slot], constant) ? frame[result] : try other(frame) }
        }
    }

    func condition(_ expr: Expr) throws -> TypedCondition {
        switch expr.kind {
        case .binary(let op, let left, let right) where op.isComparison:
            if case .name(let name) = left.kind, let found = local(name), case .literal(.int(let constant)) = right.kind {
                return .compare(op, slot: found.slot, constant)
            }
            let lhs = try operand(left), rhs = try operand(right)
            return .code { frame in Operators.compare(op, try lhs.value(frame), try rhs.value(frame)) }
        case .logical(let isAnd, let left, let right):
            let lhs = try condition(left).code, rhs = try condition(right).code
            if isAnd { return .code { frame in try lhs(frame) && rhs(frame) } }
            return .code { frame in try lhs(frame) || rhs(frame) }
        case .unary(.not, let inner):
            let test = try condition(inner).code
            return .code { frame in try !test(frame) }
        case .literal(.bool(let flag)):
            return .code { _ in flag }
        default:
            throw NotTyped()
        }
    }

    /// A call by name of a global `let`; its arguments' activations start past the ones already
    /// written (`outgoing`), so a call inside an argument does not overwrite them.
    private func call(_ callee: Expr, _ arguments: [CallArgument], _ location: SourceLocation) throws -> IntOperand {
        guard case .name(let name) = callee.kind, local(name) == nil,
              case .global(let global)? = compiler.lookup(name), global.isLet, !global.isBuiltin else {
            throw NotTyped()
        }
        let base = outgoing
        defer { outgoing = base }
        var operands: [IntOperand] = []
        for (index, argument) in arguments.enumerated() {
            outgoing = base + index
            operands.append(try operand(argument.value))
        }
        extent = max(extent, base + arguments.count)
        let site = CallSite(arguments: arguments.map { _ in ExpressionCodeBox { _ in .void } }, labels: arguments.map(\.label),
                            labelIDs: arguments.map { compiler.interpreter.internLabel($0.label) }, calleeName: name,
                            location: location, runtime: compiler.runtime)
        let undeclared = arguments.count == 1 || arguments.count == 2 ? location : callee.location
        let call = TypedCall(global: global, site: site, undeclaredLocation: undeclared, offset: base,
                             arguments: operands)
        calls.append(call)
        return .call(call)
    }
}
