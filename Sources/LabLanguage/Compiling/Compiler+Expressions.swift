extension Compiler {
    /// A dictionary literal: keys must be hashable, and a key may appear once (as Swift requires).
    private func compileDictionary(_ entries: [(key: Expr, value: Expr)]) -> ExpressionCode {
        let compiled = entries.map { (key: compileExpression($0.key), value: compileExpression($0.value), at: $0.key.location) }
        return { frame in
            var dictionary = DictionaryValue()
            for entry in compiled {
                let key = try Subscripts.dictionaryKey(try entry.key(frame), at: entry.at)
                guard dictionary[key] == nil else {
                    throw LabError("the dictionary literal has the key \(key.value.described(quoted: true)) twice", at: entry.at)
                }
                dictionary.set(key, try entry.value(frame))
            }
            return .dictionary(dictionary)
        }
    }

    func compileExpression(_ expr: Expr) -> ExpressionCode {
        let location = expr.location
        switch expr.kind {
        case .literal(let value):
            return { _ in value }
        case .interpolated(let parts):
            return compileInterpolation(parts)
        case .name(let name):
            if let member = implicitSelf(expr) { return compileExpression(member) }
            return compileName(name, location)
        case .dollar(let index):
            return compileName("$\(index)", location)
        case .array(let items):
            let evals = items.map { ExpressionCodeBox(compileExpression($0)) }
            return { frame in .array(try evals.map { try $0.run(frame) }) }
        case .tuple(let items):
            let evals = items.map { ExpressionCodeBox(compileExpression($0)) }
            return { frame in .tuple(try evals.map { try $0.run(frame) }) }
        case .dictionary(let entries):
            return compileDictionary(entries)
        case .unary(let op, let operand):
            let eval = compileExpression(operand)
            return { frame in try Operators.unary(op, try eval(frame), at: location) }
        case .binary(let op, let left, let right):
            return compileBinary(op, left, right, location)
        case .logical(let isAnd, let left, let right):
            return compileLogical(isAnd, left, right, location)
        case .range(let lower, let upper, let isClosed):
            return compileRange(lower, upper, isClosed, location)
        case .ternary(let condition, let then, let otherwise):
            let test = compileTest(condition, "?:")
            let thenValue = compileOperand(then), elseValue = compileOperand(otherwise)
            return { frame in try test.test(frame) ? try thenValue.value(frame) : try elseValue.value(frame) }
        case .coalesce(let value, let fallback):
            let first = compileExpression(value), second = compileExpression(fallback)
            return { frame in
                let result = try first(frame)
                return result.isNilLike ? try second(frame) : result
            }
        case .call(let callee, let arguments):
            return compileCall(callee, arguments, location)
        case .member(let base, let name):
            return compileMember(base, name, location)
        case .subscriptAccess(let base, let arguments):
            return compileSubscript(base, arguments, location)
        case .closure(let syntax):
            let template = makeTemplate(syntax)
            compileFunctionBody(syntax, into: template)
            return { frame in .function(Function(template: template, captured: template.capturesFrame ? frame : nil)) }
        case .discard:
            errors.append(LabError("'_' can only appear on the left of '=' or in a pattern", at: location))
            return { _ in .nil }
        }
    }

    func compileName(_ name: String, _ location: SourceLocation) -> ExpressionCode {
        guard let binding = lookup(name) else {
            if name.hasPrefix("$") {
                errors.append(LabError("anonymous closure argument \(name) used outside a closure", at: location))
            } else {
                errors.append(unresolved(name, at: location))
            }
            return { _ in .nil }
        }
        switch binding {
        case .local(0, let slot, _):
            return { frame in Operand.read(frame.slots + slot) }
        case .local(1, let slot, _):
            return { frame in frame.parent.unsafelyUnwrapped.slots[slot] }
        case .local(let depth, let slot, _):
            return { frame in frame.ancestor(depth).slots[slot] }
        case .global(let global):
            if global.isBuiltin { return { _ in global.pointer.pointee } }
            return { _ in
                guard global.isInitialized else { throw Compiler.notYetDeclared(name, at: location) }
                return global.pointer.pointee
            }
        }
    }

    /// A function ran before the declaration further down the cell that it uses.
    static func notYetDeclared(_ name: String, at location: SourceLocation) -> LabError {
        LabError("'\(name)' is used before its declaration has run", at: location,
                 hint: "call the function after the line that declares '\(name)'")
    }

    private func compileInterpolation(_ parts: [InterpolationPart]) -> ExpressionCode {
        let pieces: [ExpressionCode] = parts.map { part in
            switch part {
            case .text(let text): return { _ in .string(text) }
            case .expression(let expr): return compileExpression(expr)
            }
        }
        return { frame in
            var text = ""
            for piece in pieces { text += try piece(frame).printed }
            return .string(text)
        }
    }

    private func compileBinary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ location: SourceLocation) -> ExpressionCode {
        if let (slot, constant) = localAndConstant(left, right) {
            // `n - 1`, `i % 7`: the local is read in place, without a closure call or a copy.
            return { frame in
                if case .int(let number) = frame.slots[slot] { return try Operators.integer(op, number, constant, at: location) }
                return try Operators.apply(op, frame.slots[slot], .int(constant), at: location)
            }
        }
        // Before the operands are compiled: the path compiles them itself (each operand once).
        // Operands that are both a local of this frame or a literal keep `Operand`'s in-place reads
        // below (numeric code's common case).
        if !(isLocalOrLiteral(left) && isLocalOrLiteral(right)),
           let inPlace = compileNativeBinary(op, left, right, location) {
            return inPlace
        }
        let lhs = compileOperand(left)
        if case .literal(.int(let constant)) = right.kind {
            return { frame in
                let value = try lhs.value(frame)
                if case .int(let number) = value { return try Operators.integer(op, number, constant, at: location) }
                return try Operators.apply(op, value, .int(constant), at: location)
            }
        }
        let rhs = compileOperand(right)
        if case .code(let lhs) = lhs, case .code(let rhs) = rhs { return Compiler.binary(op, lhs, rhs, location) }
        switch op {
        case .add: return { frame in try Operators.apply(.add, try lhs.value(frame), try rhs.value(frame), at: location) }
        case .subtract:
            return { frame in try Operators.apply(.subtract, try lhs.value(frame), try rhs.value(frame), at: location) }
        case .multiply:
            return { frame in try Operators.apply(.multiply, try lhs.value(frame), try rhs.value(frame), at: location) }
        case .less: return { frame in try Operators.apply(.less, try lhs.value(frame), try rhs.value(frame), at: location) }
        default: return { frame in try Operators.apply(op, try lhs.value(frame), try rhs.value(frame), at: location) }
        }
    }

    /// A binary operator on two computed operands (`fib(n - 1) + fib(n - 2)`): the closures are called
    /// directly, without looking at the operands' kinds.
    private static func binary(_ op: BinaryOperator, _ lhs: @escaping ExpressionCode, _ rhs: @escaping ExpressionCode,
                               _ location: SourceLocation) -> ExpressionCode {
        switch op {
        case .add: return { frame in try Operators.apply(.add, try lhs(frame), try rhs(frame), at: location) }
        case .subtract: return { frame in try Operators.apply(.subtract, try lhs(frame), try rhs(frame), at: location) }
        case .multiply: return { frame in try Operators.apply(.multiply, try lhs(frame), try rhs(frame), at: location) }
        default: return { frame in try Operators.apply(op, try lhs(frame), try rhs(frame), at: location) }
        }
    }

    /// `b1 * x`, `1 - p`: an operand that is a name holding a native is used where the name holds it
    /// (see `NamePlace`), with the usual code for any other value. The left operand is evaluated
    /// first as always: a name on the right is read after it; a name on the left is read in place
    /// only when the right side cannot run lab code (which could assign the name), and only once
    /// the name is known to hold a native (so errors come in the usual order). Nil when neither
    /// operand qualifies.
    private func compileNativeBinary(_ op: BinaryOperator, _ left: Expr, _ right: Expr,
                                     _ location: SourceLocation) -> ExpressionCode? {
        let leftPlace = namePlace(left), rightPlace = namePlace(right)
        guard leftPlace != nil || rightPlace != nil else { return nil }
        let lhs = compileExpression(left), rhs = compileExpression(right)
        if let leftPlace, runsNoLabCode(right) {
            return { frame in
                if let value = leftPlace.pointer(frame), case .native = value.pointee {
                    let other = try rhs(frame)
                    return try Operators.apply(op, value.pointee, other, at: location)
                }
                return try Operators.apply(op, try lhs(frame), try rhs(frame), at: location)
            }
        }
        guard let rightPlace else { return nil }
        return { frame in
            let first = try lhs(frame)
            if let value = rightPlace.pointer(frame), case .native = value.pointee {
                return try Operators.apply(op, first, value.pointee, at: location)
            }
            return try Operators.apply(op, first, try rhs(frame), at: location)
        }
    }

    /// Whether `compileOperand` keeps `expr` as data (`Operand.local` or `.constant`).
    private func isLocalOrLiteral(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .literal: return true
        case .name(let name):
            if case .local(0, _, _)? = lookup(name) { return implicitSelf(expr) == nil }
            return false
        default: return false
        }
    }

    /// Whether evaluating `expr` can run no lab code: names (not members reached through an
    /// implicit `self`), literals, operators over such operands and subscripts of them (subscripts
    /// and operators are built in; a member read may be a struct's computed property, a call anything).
    func runsNoLabCode(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .name: return implicitSelf(expr) == nil
        case .literal: return true
        case .binary(_, let left, let right): return runsNoLabCode(left) && runsNoLabCode(right)
        case .unary(_, let operand): return runsNoLabCode(operand)
        case .subscriptAccess(let base, let arguments):
            return runsNoLabCode(base) && arguments.allSatisfy {
                switch $0 {
                case .all, .ellipsis: return true
                case .expression(let argument): return runsNoLabCode(argument)
                case .labeled: return false
                }
            }
        default: return false
        }
    }

    /// The slot of a local of this frame on the left and an Int literal on the right (`n < 2`).
    func localAndConstant(_ left: Expr, _ right: Expr) -> (Int, Int)? {
        guard case .name(let name) = left.kind, case .literal(.int(let constant)) = right.kind,
              case .local(0, let slot, _)? = lookup(name) else { return nil }
        return (slot, constant)
    }

    private func compileLogical(_ isAnd: Bool, _ left: Expr, _ right: Expr, _ location: SourceLocation) -> ExpressionCode {
        let spelling = isAnd ? "&&" : "||"
        let lhs = compileExpression(left), rhs = compileExpression(right)
        let leftLocation = left.location, rightLocation = right.location
        return { frame in
            let first = try lhs(frame)
            guard case .bool(let a) = first else {
                throw LabError("'\(spelling)' needs Bool operands, found '\(first.typeName)'", at: leftLocation)
            }
            if a != isAnd { return first }
            let second = try rhs(frame)
            guard case .bool = second else {
                throw LabError("'\(spelling)' needs Bool operands, found '\(second.typeName)'", at: rightLocation)
            }
            return second
        }
    }

    private func compileRange(_ lower: Expr?, _ upper: Expr?, _ isClosed: Bool, _ location: SourceLocation) -> ExpressionCode {
        let lowerEval = lower.map { compileExpression($0) }
        let upperEval = upper.map { compileExpression($0) }
        func bound(_ eval: ExpressionCode?, _ frame: CallFrame) throws -> Int? {
            guard let eval else { return nil }
            let value = try eval(frame)
            guard case .int(let number) = value else {
                throw LabError("range bounds must be Int, found '\(value.typeName)'", at: location,
                               hint: value.asDouble != nil ? "convert with Int(x)" : nil)
            }
            return number
        }
        return { frame in
            let low = try bound(lowerEval, frame), high = try bound(upperEval, frame)
            if let low, let high, low > high {
                throw LabError("range requires lowerBound <= upperBound, found \(low)\(isClosed ? "..." : "..<")\(high)",
                               at: location)
            }
            return .range(RangeValue(lower: low, upper: high, isClosed: isClosed))
        }
    }
}
