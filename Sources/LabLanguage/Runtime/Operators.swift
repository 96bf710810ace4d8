extension BinaryOperator {
    /// True for `==`, `!=`, `<`, `<=`, `>`, `>=`.
    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
}

/// Arithmetic and comparisons on values; Int/Int and Double/Double are the inlined fast paths.
enum Operators {
    @inline(__always)
    static func apply(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at location: SourceLocation) throws -> Value {
        if case .int(let a) = lhs, case .int(let b) = rhs { return try integer(op, a, b, at: location) }
        if case .double(let a) = lhs, case .double(let b) = rhs { return real(op, a, b) }
        if case .native(let object) = lhs { return try nativeLeft(object, op, lhs, rhs, at: location) }
        return try slow(op, lhs, rhs, at: location)
    }

    /// A native on the left (`w * x` with tensors), asked straight away as `slow` would ask it first;
    /// when it declines, the rest of `slow` runs.
    @inline(never)
    static func nativeLeft(_ object: NativeObject, _ op: BinaryOperator, _ lhs: Value, _ rhs: Value,
                           at location: SourceLocation) throws -> Value {
        if let result = try native(object, op, rhs, true, location) { return result }
        return try afterLeft(op, lhs, rhs, at: location)
    }

    @inline(__always)
    static func integer(_ op: BinaryOperator, _ a: Int, _ b: Int, at location: SourceLocation) throws -> Value {
        switch op {
        case .add:
            let (result, overflow) = a.addingReportingOverflow(b)
            if overflow { throw overflowError(op, a, b, location) }
            return .int(result)
        case .subtract:
            let (result, overflow) = a.subtractingReportingOverflow(b)
            if overflow { throw overflowError(op, a, b, location) }
            return .int(result)
        case .multiply:
            let (result, overflow) = a.multipliedReportingOverflow(by: b)
            if overflow { throw overflowError(op, a, b, location) }
            return .int(result)
        case .divide, .remainder:
            if b == 0 { throw LabError("division by zero", at: location) }
            let (result, overflow) = op == .divide
                ? a.dividedReportingOverflow(by: b) : a.remainderReportingOverflow(dividingBy: b)
            if overflow { throw overflowError(op, a, b, location) }
            return .int(result)
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        }
    }

    @inline(__always)
    static func real(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Value {
        switch op {
        case .add: return .double(a + b)
        case .subtract: return .double(a - b)
        case .multiply: return .double(a * b)
        case .divide: return .double(a / b)
        case .remainder: return .double(a.truncatingRemainder(dividingBy: b))
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        }
    }

    /// An Int comparison as a Bool (`op` must be a comparison).
    @inline(__always)
    static func compare(_ op: BinaryOperator, _ a: Int, _ b: Int) -> Bool {
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        default: return a >= b
        }
    }

    static func overflowError(_ op: BinaryOperator, _ a: Int, _ b: Int, _ location: SourceLocation) -> LabError {
        LabError("arithmetic overflow: \(a) \(op.rawValue) \(b) does not fit in Int", at: location,
                 hint: "use Double for large numbers: Double(\(a)) \(op.rawValue) Double(\(b))")
    }

    /// Mixed numbers, strings, arrays, nil comparisons and natives.
    static func slow(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at location: SourceLocation) throws -> Value {
        // Natives first: a native may stand for nil (a tensor's missing grad) and answer `== nil`.
        if case .native(let object) = lhs, let result = try native(object, op, rhs, true, location) { return result }
        return try afterLeft(op, lhs, rhs, at: location)
    }

    /// `slow` once a native on the left (if any) has declined.
    private static func afterLeft(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value,
                                  at location: SourceLocation) throws -> Value {
        if case .native(let object) = rhs, let result = try native(object, op, lhs, false, location) { return result }
        if op == .equal || op == .notEqual, lhs.isNil || rhs.isNil {
            return .bool(valuesEqual(lhs, rhs) == (op == .equal))
        }
        switch (lhs, rhs) {
        case (.int(let a), .double(let b)): return real(op, Double(a), b)
        case (.double(let a), .int(let b)): return real(op, a, Double(b))
        case (.string(let a), .string(let b)): if let result = try relocating(location, { try strings(op, a, b) }) { return result }
        case (.array(let a), .array(let b)) where op == .add:
            try relocating(location) {
                try ValueLimits.check(count: a.count + b.count, elementBytes: MemoryLayout<Value>.stride, making: "the array")
            }
            return .array(a + b)
        default: break
        }
        if op == .equal || op == .notEqual, !isNative(lhs), !isNative(rhs) {
            return .bool(valuesEqual(lhs, rhs) == (op == .equal))
        }
        throw mismatch(op, lhs, rhs, location)
    }

    private static func isNative(_ value: Value) -> Bool {
        if case .native = value { return true }
        return false
    }

    private static func strings(_ op: BinaryOperator, _ a: String, _ b: String) throws -> Value? {
        switch op {
        case .add:
            try ValueLimits.check(count: a.utf8.count + b.utf8.count, elementBytes: 1, making: "the string")
            return .string(a + b)
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        default: return nil
        }
    }

    private static func native(
        _ object: NativeObject, _ op: BinaryOperator, _ other: Value, _ selfOnLeft: Bool, _ location: SourceLocation
    ) throws -> Value? {
        try relocating(location) { try object.binary(op, other, selfOnLeft: selfOnLeft) }
    }

    static func mismatch(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, _ location: SourceLocation) -> LabError {
        var hint: String?
        if op == .add, case .string = lhs { hint = "convert with String(x) or use interpolation \"\\(x)\"" }
        if op == .add, case .string = rhs { hint = "convert with String(x) or use interpolation \"\\(x)\"" }
        return LabError(
            "binary operator '\(op.rawValue)' cannot be applied to operands of type '\(lhs.typeName)' and '\(rhs.typeName)'",
            at: location, hint: hint)
    }

    static func unary(_ op: UnaryOperator, _ operand: Value, at location: SourceLocation) throws -> Value {
        switch (op, operand) {
        case (.negate, .int(let a)):
            let (result, overflow) = Int(0).subtractingReportingOverflow(a)
            if overflow { throw LabError("arithmetic overflow: -(\(a)) does not fit in Int", at: location) }
            return .int(result)
        case (.negate, .double(let a)): return .double(-a)
        case (.not, .bool(let a)): return .bool(!a)
        case (_, .native(let object)):
            if let result = try relocating(location, { try object.unary(op) }) { return result }
        default: break
        }
        throw LabError("unary operator '\(op.rawValue)' cannot be applied to an operand of type '\(operand.typeName)'",
                       at: location)
    }
}

/// Runs native code, giving its `NativeError`s (and any foreign error) the location of the calling expression.
@inline(__always)
func relocating<T>(_ location: SourceLocation, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch var error as LabError {
        // From user code a native called (a closure given to `map`, `train`'s loss): the native's
        // call site is part of the way there.
        error.passed(through: location)
        throw error
    } catch let signal as NativeWarningSignal {
        // A native's warning: recorded here, at the expression; the call's result goes on.
        NativeWarnings.record(signal, at: location)
        if let result = signal.result as? T { return result }
        throw LabError(signal.message, at: location, hint: signal.hint)
    } catch let error as NativeError {
        throw LabError(error.message, at: location, hint: error.hint)
    } catch let error as ControlTransfer {
        throw error
    } catch {
        throw LabError("\(error)", at: location)
    }
}
