/// A place that can be assigned: a name, a property or a subscript.
///
/// `modify` hands the current value to a closure, which returns whether it replaced the value; only
/// then is it written back (natives are references: `model.weight -= d` changes the tensor, not the
/// model, and `params[0] -= d` works on a `let` array of tensors).
struct LValue {
    let set: (CallFrame, Value) throws -> Void
    let modify: (CallFrame, (inout Value) throws -> Bool) throws -> Void
}

func isNativeValue(_ value: Value) -> Bool {
    if case .native = value { return true }
    return false
}

/// True when both are the same native object (so nothing needs writing back).
func sameNative(_ a: Value, _ b: Value) -> Bool {
    if case .native(let x) = a, case .native(let y) = b { return x === y }
    return false
}

extension Compiler {
    func compileLValue(_ target: Expr) -> LValue? {
        if let member = implicitSelf(target) { return compileLValue(member) }
        switch target.kind {
        case .name(let name): return nameLValue(name, target.location)
        case .member(let base, let name): return memberLValue(base, name, target.location)
        case .subscriptAccess(let base, let arguments): return subscriptLValue(base, arguments, target.location)
        default: return nil
        }
    }

    /// A base that is not assignable (a call's result) still works for natives, which are references.
    private func baseLValue(_ base: Expr) -> LValue {
        if let lvalue = compileLValue(base) { return lvalue }
        let eval = compileExpression(base)
        return LValue(set: { _, _ in }, modify: { frame, body in
            var value = try eval(frame)
            _ = try body(&value)
        })
    }

    private func nameLValue(_ name: String, _ location: SourceLocation) -> LValue? {
        guard let binding = lookup(name) else {
            errors.append(unresolved(name, at: location))
            return nil
        }
        let get = compileName(name, location)
        let store = storer(binding)
        if binding.isLet {
            let error = name == "self"
                ? LabError("cannot change 'self' in a method that is not mutating", at: location,
                           hint: "declare the method with 'mutating func'")
                : LabError("'\(name)' is a let constant; use var to change it", at: location)
            return LValue(set: { _, _ in throw error }, modify: { frame, body in
                var value = try get(frame)
                if try body(&value) { throw error }
            })
        }
        return LValue(set: { frame, value in store(frame, value) }, modify: { frame, body in
            var value = try get(frame)
            if case .native = value {
                if try body(&value) { store(frame, value) }
                return
            }
            store(frame, .nil)  // keeps arrays uniquely referenced, so they change in place
            do {
                _ = try body(&value)
            } catch {
                store(frame, value)
                throw error
            }
            store(frame, value)
        })
    }

    private func memberLValue(_ base: Expr, _ name: String, _ location: SourceLocation) -> LValue {
        let baseLV = baseLValue(base)
        let receiver = Compiler.text(of: base)
        // `w.grad = nil` on a named native: the native takes the property itself, and nothing is
        // written back (so a `let` name is fine), so the base is only read.
        let place = namePlace(base)
        return LValue(set: { frame, value in
            if let slot = place?.pointer(frame), case .native(let native) = slot.pointee {
                try Members.native(name, at: location) { try native.setMember(name, to: value) }
                return
            }
            try baseLV.modify(frame) { object in
                try Members.set(&object, name, value, at: location)
                return !isNativeValue(object)
            }
        }, modify: { frame, body in
            try baseLV.modify(frame) { object in
                var value = try Members.get(object, name, receiver: receiver, at: location)
                guard try body(&value) else { return false }
                try Members.set(&object, name, value, at: location)
                return !isNativeValue(object)
            }
        })
    }

    private func subscriptLValue(_ base: Expr, _ arguments: [SubscriptSyntax], _ location: SourceLocation) -> LValue {
        let baseLV = baseLValue(base)
        let indices = compileSubscriptArguments(arguments)
        return LValue(set: { frame, value in
            let index = try indices(frame)
            try baseLV.modify(frame) { object in
                try Subscripts.set(&object, index, value, at: location)
                return !isNativeValue(object)
            }
        }, modify: { frame, body in
            let index = try indices(frame)
            try baseLV.modify(frame) { object in
                var value = try Subscripts.get(object, index, at: location)
                guard try body(&value) else { return false }
                try Subscripts.set(&object, index, value, at: location)
                return !isNativeValue(object)
            }
        })
    }

    func compileAssignment(_ target: Expr, _ value: Expr, _ location: SourceLocation) -> StatementCode {
        let eval = compileExpression(value)
        let assign = compileAssignTarget(target, location)
        return { frame in
            try assign(frame, try eval(frame))
            return .normal
        }
    }

    /// `(a, b) = (b, a)` evaluates the whole right side first, then assigns each element.
    private func compileAssignTarget(_ target: Expr, _ location: SourceLocation) -> (CallFrame, Value) throws -> Void {
        switch target.kind {
        case .discard:
            return { _, _ in }
        case .tuple(let items):
            let assigners = items.map { compileAssignTarget($0, location) }
            return { frame, value in
                guard case .tuple(let values) = value, values.count == assigners.count else {
                    throw LabError("cannot assign a value of type '\(value.typeName)' to a tuple of \(assigners.count) elements",
                                   at: location)
                }
                for (assign, item) in zip(assigners, values) { try assign(frame, item) }
            }
        case .name(let name):
            if let binding = lookup(name), binding.isLet {
                errors.append(name == "self"
                    ? LabError("cannot assign to 'self' in a method that is not mutating", at: target.location,
                               hint: "declare the method with 'mutating func'")
                    : LabError("'\(name)' is a let constant; use var to change it", at: target.location))
            }
            fallthrough
        default:
            guard let lvalue = compileLValue(target) else {
                if case .name = target.kind { return { _, _ in } }
                errors.append(LabError("cannot assign to this expression", at: target.location,
                                       hint: "assign to a name, a property (t.grad) or a subscript (xs[0])"))
                return { _, _ in }
            }
            return lvalue.set
        }
    }

    func compileCompoundAssignment(_ op: BinaryOperator, _ target: Expr, _ value: Expr,
                                   _ location: SourceLocation) -> StatementCode {
        if let member = implicitSelf(target) { return compileCompoundAssignment(op, member, value, location) }
        if case .name(let name) = target.kind, case .local(0, let slot, false)? = lookup(name) {
            return compileSlotCompound(op, slot, compileExpression(value), location)
        }
        if case .name(let name) = target.kind, op == .add || op == .subtract,
           case .binary(.multiply, let left, let right) = value.kind {
            let factor = compileExpression(left), other = compileExpression(right)
            guard let lvalue = compileLValue(target) else { return { _ in .normal } }
            let scaled = ScaledCompound(op: op, factor: factor, other: other, productLocation: value.location,
                                        current: compileName(name, target.location), place: namePlace(target),
                                        lvalue: lvalue, location: location)
            return { frame in try scaled.run(frame) }
        }
        if case .name(let name) = target.kind, case .global(let global)? = lookup(name), !global.isLet {
            let operand = compileOperand(value)
            guard let lvalue = compileLValue(target) else { return { _ in .normal } }
            return compileGlobalCompound(op, global, operand, lvalue, location)
        }
        let eval = compileExpression(value)
        guard let lvalue = compileLValue(target) else {
            if case .name = target.kind { return { _ in .normal } }
            errors.append(LabError("cannot assign to this expression", at: target.location))
            return { _ in .normal }
        }
        if case .name(let name) = target.kind {
            return compileNameCompound(op, compileName(name, target.location), lvalue, eval, location)
        }
        return { frame in
            let rhs = try eval(frame)
            try lvalue.modify(frame) { current in
                let combined = try Compiler.combine(op, current, rhs, location)
                if sameNative(current, combined) { return false }
                current = combined
                return true
            }
            return .normal
        }
    }

    /// `w -= d` on a name (a `let` loop variable, a global) other than a local `var`.
    private func compileNameCompound(_ op: BinaryOperator, _ get: @escaping ExpressionCode, _ lvalue: LValue,
                                     _ eval: @escaping ExpressionCode, _ location: SourceLocation) -> StatementCode {
        return { frame in
            try Compiler.compoundOnName(op, try eval(frame), get, lvalue, frame, location)
            return .normal
        }
    }

    /// A native that changes in place needs neither the write-back nor the let check, so it skips
    /// the `LValue` machinery; otherwise the general path runs, without asking the native again.
    static func compoundOnName(_ op: BinaryOperator, _ rhs: Value, _ get: ExpressionCode, _ lvalue: LValue, _ frame: CallFrame,
                               _ location: SourceLocation) throws {
        var askedInPlace = false
        if case .native(let object) = try get(frame) {
            if try relocating(location, { try object.compoundAssignInPlace(op, rhs) }) { return }
            askedInPlace = true
        }
        try lvalue.modify(frame) { current in
            let combined = askedInPlace
                ? try Operators.apply(op, current, rhs, at: location) : try Compiler.combine(op, current, rhs, location)
            if sameNative(current, combined) { return false }
            current = combined
            return true
        }
    }

    /// For a native, in place first (`compoundAssignInPlace`), else `t = t op rhs`.
    static func combine(_ op: BinaryOperator, _ current: Value, _ rhs: Value, _ location: SourceLocation) throws -> Value {
        if case .native(let object) = current,
           try relocating(location, { try object.compoundAssignInPlace(op, rhs) }) {
            return current
        }
        return try Operators.apply(op, current, rhs, at: location)
    }

    /// `s += i % 7` on a global `var` (a cell's top-level loop, where students write it): two Ints or
    /// two Doubles are updated in place; anything else (a native, an array, a global not yet
    /// initialised) takes the general path, `compoundOnName`.
    private func compileGlobalCompound(_ op: BinaryOperator, _ global: GlobalSlot, _ operand: Operand,
                                       _ lvalue: LValue, _ location: SourceLocation) -> StatementCode {
        let get = compileName(global.name, location)
        return { frame in
            let rhs = try operand.value(frame)
            if global.isInitialized {
                let slot = global.pointer
                if case .int(let a) = slot.pointee, case .int(let b) = rhs {
                    slot.pointee = try Operand.arithmetic(op, a, b).map(Value.int) ?? Operators.integer(op, a, b, at: location)
                    return .normal
                }
                if case .double(let a) = slot.pointee, case .double(let b) = rhs {
                    slot.pointee = Operators.real(op, a, b)
                    return .normal
                }
            }
            try Compiler.compoundOnName(op, rhs, get, lvalue, frame, location)
            return .normal
        }
    }

    /// `s += i % 7` on a local `var`: numbers are updated without the general machinery.
    private func compileSlotCompound(_ op: BinaryOperator, _ slot: Int, _ eval: @escaping ExpressionCode,
                                     _ location: SourceLocation) -> StatementCode {
        return { frame in
            let rhs = try eval(frame)
            let current = frame.slots[slot]
            if case .int(let a) = current, case .int(let b) = rhs {
                frame.slots[slot] = try Operators.integer(op, a, b, at: location)
            } else if case .double(let a) = current, case .double(let b) = rhs {
                frame.slots[slot] = Operators.real(op, a, b)
            } else if case .array = current, op == .add {
                frame.slots[slot] = .nil
                frame.slots[slot] = try Operators.apply(op, current, rhs, at: location)
            } else {
                frame.slots[slot] = try Compiler.combine(op, current, rhs, location)
            }
            return .normal
        }
    }
}

/// `w -= lr * w.grad` (or `+=`) on a name: the SGD step. When the factor is a number and the name
/// holds a native, the native may do the step without making the product
/// (`compoundAssignInPlace(_:_:scaledBy:)`); otherwise the product is computed and the assignment
/// goes on as for any other right-hand side. The operands are evaluated first, in order, as before.
struct ScaledCompound {
    let op: BinaryOperator
    let factor: ExpressionCode
    let other: ExpressionCode
    let productLocation: SourceLocation
    /// Reads the name's value (the fast path only peeks: any error is left to the general path, so
    /// errors come in the usual order).
    let current: ExpressionCode
    /// Where the name lives: a native there is updated in place without copying it out (see `NamePlace`).
    let place: NamePlace?
    let lvalue: LValue
    let location: SourceLocation

    func run(_ frame: CallFrame) throws -> Flow {
        let scale = try factor(frame)
        let operand = try other(frame)
        if let number = scale.asDouble, try scaledInPlace(number, operand, frame) { return .normal }
        let rhs = try Operators.apply(.multiply, scale, operand, at: productLocation)
        try Compiler.compoundOnName(op, rhs, current, lvalue, frame, location)
        return .normal
    }

    /// Whether the name's native did `op= number * operand` itself.
    @inline(__always)
    private func scaledInPlace(_ number: Double, _ operand: Value, _ frame: CallFrame) throws -> Bool {
        if let place {
            guard let value = place.pointer(frame), case .native(let object) = value.pointee else { return false }
            return try relocating(location) { try object.compoundAssignInPlace(op, operand, scaledBy: number) }
        }
        guard case .native(let object)? = try? current(frame) else { return false }
        return try relocating(location) { try object.compoundAssignInPlace(op, operand, scaledBy: number) }
    }
}
