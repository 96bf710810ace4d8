/// A subscript argument once evaluated.
typealias SubscriptIndex = [SubscriptArgument]

extension Compiler {
    func compileMember(_ base: Expr, _ name: String, _ location: SourceLocation) -> ExpressionCode {
        let baseEval = compileExpression(base)
        let receiver = Compiler.text(of: base)
        if let place = namePlace(base) {
            // `w.grad`: a native's property read where the name holds it (see `NamePlace`).
            return { frame in
                if let value = place.pointer(frame), case .native(let object) = value.pointee {
                    return try Members.native(name, at: location) { try object.member(name) }
                }
                return try Members.get(try baseEval(frame), name, receiver: receiver, at: location)
            }
        }
        return { frame in try Members.get(try baseEval(frame), name, receiver: receiver, at: location) }
    }

    func compileSubscriptArguments(_ arguments: [SubscriptSyntax]) -> (CallFrame) throws -> SubscriptIndex {
        if let constant = constantSubscript(arguments) {
            let index = constant.arguments
            return { _ in index }
        }
        let parts: [(CallFrame) throws -> SubscriptArgument] = arguments.map { argument in
            switch argument {
            case .all: return { _ in .all }
            case .ellipsis: return { _ in .ellipsis }
            case .expression(let expr):
                let eval = compileExpression(expr)
                return { frame in .value(try eval(frame)) }
            case .labeled(let label, let expr):
                let eval = compileExpression(expr)
                return { frame in .labeled(label, try eval(frame)) }
            }
        }
        if parts.count == 1 {
            let only = parts[0]
            return { frame in [try only(frame)] }
        }
        return { frame in try parts.map { try $0(frame) } }
    }

    /// The arguments made once when every part is `:`, `...` or a literal (evaluating those cannot
    /// fail or differ between runs); nil otherwise.
    func constantSubscript(_ arguments: [SubscriptSyntax]) -> ConstantSubscript? {
        var parts: [SubscriptArgument] = []
        for argument in arguments {
            switch argument {
            case .all: parts.append(.all)
            case .ellipsis: parts.append(.ellipsis)
            case .expression(let expr):
                guard case .literal(let value) = expr.kind else { return nil }
                parts.append(.value(value))
            case .labeled:
                return nil
            }
        }
        return ConstantSubscript(parts)
    }

    func compileSubscript(_ base: Expr, _ arguments: [SubscriptSyntax], _ location: SourceLocation) -> ExpressionCode {
        let baseEval = compileExpression(base)
        if let constant = constantSubscript(arguments) {
            let read = ConstantSubscriptRead(base: baseEval, place: namePlace(base), constant: constant,
                                             location: location)
            return { frame in try read.run(frame) }
        }
        let indices = compileSubscriptArguments(arguments)
        return { frame in
            let object = try baseEval(frame)
            return try Subscripts.get(object, try indices(frame), at: location)
        }
    }

    func compileMethodCall(_ base: Expr, _ name: String, _ arguments: [CallArgument],
                           _ location: SourceLocation) -> ExpressionCode {
        let receiver = Compiler.text(of: base)
        let site = callSite(arguments, name: receiver + "." + name, location)
        let runtime = self.runtime
        // Looked up once here: hashing the name on every call cost more than some calls.
        let isMutating = Members.mutatingMethods.contains(name) || interpreter.structMutatingMethods.contains(name)
        if isMutating, isAssignable(base), let lvalue = compileLValue(base) {
            return { frame in
                let values = try site.evaluate(frame)
                var result = Value.void
                try lvalue.modify(frame) { object in
                    // A struct's method of the same name that is not mutating changes nothing (and
                    // so works on a `let`).
                    let changes = if case .structure(let value) = object { value.type.isMutating(name) } else { true }
                    result = try Members.call(&object, name, values, receiver: receiver, at: location)
                    return changes && !isNativeValue(object)
                }
                try runtime.tickAfterNativeCall(at: location)
                return result
            }
        }
        let baseEval = compileExpression(base)
        return { frame in
            var object = try baseEval(frame)
            let values = try site.evaluate(frame)
            if isMutating, case .array = object {
                throw LabError("cannot use mutating member '\(name)' on a value that is not a variable", at: location)
            }
            if case .structure(let value) = object, value.type.isMutating(name) {
                throw LabError("cannot use mutating member '\(name)' on a value that is not a variable", at: location,
                               hint: "store it in a var first: var v = \(receiver); v.\(name)(…)")
            }
            let result = try Members.call(&object, name, values, receiver: receiver, at: location)
            try runtime.tickAfterNativeCall(at: location)
            return result
        }
    }

    private func isAssignable(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .name: return true
        case .member(let base, _), .subscriptAccess(let base, _): return isAssignable(base)
        default: return false
        }
    }
}

/// `X[:, 0]`: everything the read needs in one object, so its closure (capturing only this) is a
/// jump to `run` (as `GlobalCall`).
final class ConstantSubscriptRead {
    let base: ExpressionCode
    /// Where the base lives when it is a plain name: a native there is read in place.
    let place: NamePlace?
    let constant: ConstantSubscript
    let location: SourceLocation

    init(base: @escaping ExpressionCode, place: NamePlace?, constant: ConstantSubscript, location: SourceLocation) {
        self.base = base
        self.place = place
        self.constant = constant
        self.location = location
    }

    func run(_ frame: CallFrame) throws -> Value {
        if let value = place?.pointer(frame), case .native(let native) = value.pointee {
            return try relocating(location) { try native.subscriptGet(constant: constant) }
        }
        return try Subscripts.get(try base(frame), constant: constant, at: location)
    }
}
