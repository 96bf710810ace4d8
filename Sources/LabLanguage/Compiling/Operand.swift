/// Compiled code of an expression whose commonest shapes are kept as data, so that the closure using
/// it reads a local, a literal or `local ± literal` in place instead of calling another closure.
///
/// A closure call costs a partial-apply thunk and a context load; a `switch` on this enum costs a
/// compare. Call arguments, results of `return` and binary operands use it.
enum Operand {
    /// A local of the current frame.
    case local(Int)
    /// A literal.
    case constant(Value)
    /// `n - 1`, `i % 7`: a local of the current frame and an Int literal (Ints take the inlined path).
    case localWithInt(BinaryOperator, slot: Int, Int, SourceLocation)
    /// Anything else.
    case code(ExpressionCode)

    @inline(__always)
    func value(_ frame: CallFrame) throws -> Value {
        switch self {
        case .local(let slot):
            return Operand.read(frame.slots + slot)
        case .constant(let value):
            return value
        case .localWithInt(let op, let slot, let constant, let location):
            if case .int(let number) = frame.slots[slot] {
                if let result = Operand.arithmetic(op, number, constant) { return .int(result) }
                return try Operators.integer(op, number, constant, at: location)
            }
            return try Operators.apply(op, frame.slots[slot], .int(constant), at: location)
        case .code(let eval):
            return try eval(frame)
        }
    }
}

extension Operand {
    /// `a op b` for the arithmetic operators when it neither overflows nor divides by zero; nil
    /// otherwise (and for comparisons), leaving results and errors to `Operators.integer`. Here
    /// because debug builds compile file by file, so `Operators.integer` is a call from this file,
    /// and `i % 7` in a loop is the commonest operand there is.
    @inline(__always)
    static func arithmetic(_ op: BinaryOperator, _ a: Int, _ b: Int) -> Int? {
        let (result, overflow): (Int, Bool)
        switch op {
        case .add: (result, overflow) = a.addingReportingOverflow(b)
        case .subtract: (result, overflow) = a.subtractingReportingOverflow(b)
        case .multiply: (result, overflow) = a.multipliedReportingOverflow(by: b)
        case .remainder where b != 0: (result, overflow) = a.remainderReportingOverflow(dividingBy: b)
        case .divide where b != 0: (result, overflow) = a.dividedReportingOverflow(by: b)
        default: return nil
        }
        return overflow ? nil : result
    }

    /// A copy of a slot's value; an Int is copied inline, without the outlined copy of a `Value`.
    @inline(__always)
    static func read(_ slot: UnsafeMutablePointer<Value>) -> Value {
        if case .int(let number) = slot.pointee { return .int(number) }
        return slot.pointee
    }
}

/// A compiled condition; `n < 2` on an Int local compares in place (see `Operand`).
enum Condition {
    /// A comparison of a local of the current frame with an Int literal; `general` handles other values.
    case compare(BinaryOperator, slot: Int, Int, general: (CallFrame) throws -> Bool)
    case code((CallFrame) throws -> Bool)

    @inline(__always)
    func test(_ frame: CallFrame) throws -> Bool {
        switch self {
        case .compare(let op, let slot, let constant, let general):
            if case .int(let number) = frame.slots[slot] { return Operators.compare(op, number, constant) }
            return try general(frame)
        case .code(let test):
            return try test(frame)
        }
    }
}

extension Compiler {
    func compileOperand(_ expr: Expr) -> Operand {
        switch expr.kind {
        case .literal(let value):
            return .constant(value)
        case .name(let name):
            if case .local(0, let slot, _)? = lookup(name) { return .local(slot) }
        case .binary(let op, let left, let right):
            if let (slot, constant) = localAndConstant(left, right) {
                return .localWithInt(op, slot: slot, constant, expr.location)
            }
        default:
            break
        }
        return .code(compileExpression(expr))
    }

    /// A condition that must give a Bool (`keyword` names the statement in the error).
    func compileTest(_ condition: Expr, _ keyword: String) -> Condition {
        let general = compileCondition(condition, keyword)
        if case .binary(let op, let left, let right) = condition.kind, op.isComparison,
           let (slot, constant) = localAndConstant(left, right) {
            return .compare(op, slot: slot, constant, general: general)
        }
        return .code(general)
    }
}
