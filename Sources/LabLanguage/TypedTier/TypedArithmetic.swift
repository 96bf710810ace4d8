/// Operands and conditions of typed code (see `TypedCode`), with the commonest shapes kept as data
/// as `Operand` does for general code: reading `n` or `n - 1` costs a compare, not a closure call.
enum IntOperand {
    case local(Int)
    case constant(Int)
    /// `n - 1`: a slot and an Int literal.
    case localWithInt(IntOperator, slot: Int, Int, SourceLocation)
    /// A call, run directly rather than through a closure (see `TypedCall.runAny`).
    case call(TypedCall)
    case code(IntCode)

    @inline(__always)
    func value(_ frame: UnsafeMutablePointer<Int>) throws -> Int {
        switch self {
        case .local(let slot): return frame[slot]
        case .constant(let value): return value
        case .localWithInt(let op, let slot, let constant, let location):
            return try op.apply(frame[slot], constant, at: location)
        case .call(let call): return try call.runOutOfLine(frame)
        case .code(let code): return try code(frame)
        }
    }

    /// The operand as a closure (a body, an argument of a call of three or more).
    var code: IntCode {
        switch self {
        case .code(let code): return code
        case .local(let slot): return { frame in frame[slot] }
        case .constant(let value): return { _ in value }
        case .call(let call): return { frame in try call.runAny(frame) }
        default: return { frame in try self.value(frame) }
        }
    }
}

/// A typed condition; `n < 2` compares a slot with a literal in place.
enum TypedCondition {
    case compare(BinaryOperator, slot: Int, Int)
    case code(BoolCode)

    @inline(__always)
    func test(_ frame: UnsafeMutablePointer<Int>) throws -> Bool {
        switch self {
        case .compare(let op, let slot, let constant): return Operators.compare(op, frame[slot], constant)
        case .code(let code): return try code(frame)
        }
    }

    var code: BoolCode {
        if case .code(let code) = self { return code }
        return { frame in try self.test(frame) }
    }
}

/// The arithmetic operators on Ints, with the general path's errors (see `Operators.integer`):
/// overflow, division by zero and `Int.min / -1` throw the same located messages.
enum IntOperator {
    case add, subtract, multiply, divide, remainder

    init?(_ op: BinaryOperator) {
        switch op {
        case .add: self = .add
        case .subtract: self = .subtract
        case .multiply: self = .multiply
        case .divide: self = .divide
        case .remainder: self = .remainder
        default: return nil
        }
    }

    var binary: BinaryOperator {
        switch self {
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .divide: return .divide
        case .remainder: return .remainder
        }
    }

    @inline(__always)
    func apply(_ a: Int, _ b: Int, at location: SourceLocation) throws -> Int {
        let (result, overflow): (Int, Bool)
        switch self {
        case .add: (result, overflow) = a.addingReportingOverflow(b)
        case .subtract: (result, overflow) = a.subtractingReportingOverflow(b)
        case .multiply: (result, overflow) = a.multipliedReportingOverflow(by: b)
        case .divide, .remainder:
            if b == 0 { throw LabError("division by zero", at: location) }
            (result, overflow) = self == .divide
                ? a.dividedReportingOverflow(by: b) : a.remainderReportingOverflow(dividingBy: b)
        }
        if overflow { throw Operators.overflowError(binary, a, b, location) }
        return result
    }

    /// Unary minus, with the message of `Operators.unary`.
    @inline(__always)
    static func negate(_ a: Int, at location: SourceLocation) throws -> Int {
        let (result, overflow) = Int(0).subtractingReportingOverflow(a)
        if overflow { throw LabError("arithmetic overflow: -(\(a)) does not fit in Int", at: location) }
        return result
    }
}
