/// Finds the names that closures and nested functions mention, before a loop is compiled.
///
/// A loop whose own names (the loop variable, the body's declarations) are mentioned by a closure in
/// its body runs each iteration in a fresh frame, so every closure keeps the values of its iteration,
/// as in Swift. Other loops reuse their enclosing frame and allocate nothing per iteration. The scan
/// is by spelling, so a closure that mentions an outer variable of the same name also gets fresh
/// frames: harmless, only slower.
struct CaptureScan {
    /// Block built-ins (`noGrad`): their trailing closure runs at once, in place, so it captures nothing.
    let blockNames: Set<String>
    private(set) var names: Set<String> = []

    /// The names mentioned inside closures and `func`s nested in `statements`.
    static func namesCapturedInside(_ statements: [Stmt], blockNames: Set<String>) -> Set<String> {
        var scan = CaptureScan(blockNames: blockNames)
        for statement in statements { scan.statement(statement, inClosure: false) }
        return scan.names
    }

    /// True when a loop over `pattern` with this body needs a fresh frame per iteration.
    static func loopNeedsFreshFrames(pattern: Pattern?, body: [Stmt], blockNames: Set<String>) -> Bool {
        let captured = namesCapturedInside(body, blockNames: blockNames)
        if captured.isEmpty { return false }
        var own = Compiler.declaredNames(body)
        if let pattern { own.formUnion(pattern.names.map(\.0)) }
        return !captured.isDisjoint(with: own)
    }

    private mutating func statement(_ statement: Stmt, inClosure: Bool) {
        switch statement {
        case .expression(let expr):
            expression(expr, inClosure)
        case .declaration(_, _, _, let initial, _):
            if let initial { expression(initial, inClosure) }
        case .assignment(let target, let value, _), .compoundAssignment(_, let target, let value, _):
            expression(target, inClosure)
            expression(value, inClosure)
        case .ifStatement(let condition, let then, let otherwise):
            expression(condition, inClosure)
            block(then, inClosure)
            block(otherwise ?? [], inClosure)
        case .whileLoop(let condition, let body):
            expression(condition, inClosure)
            block(body, inClosure)
        case .forLoop(_, let sequence, let body, _):
            expression(sequence, inClosure)
            block(body, inClosure)
        case .returnStatement(let value, _):
            if let value { expression(value, inClosure) }
        case .function(let syntax):
            function(syntax)
        case .structDeclaration(let syntax):
            for method in syntax.methods { function(method.function) }
            for field in syntax.fields { if let value = field.defaultValue { expression(value, true) } }
        case .breakStatement, .continueStatement:
            break
        case .switchStatement(let subject, let cases, _):
            expression(subject, inClosure)
            for item in cases {
                for pattern in item.patterns { expression(pattern, inClosure) }
                block(item.body, inClosure)
            }
        }
    }

    private mutating func block(_ statements: [Stmt], _ inClosure: Bool) {
        for item in statements { statement(item, inClosure: inClosure) }
    }

    private mutating func function(_ syntax: FunctionSyntax) {
        for parameter in syntax.parameters {
            if let value = parameter.defaultValue { expression(value, true) }
        }
        block(syntax.body, true)
    }

    private mutating func expression(_ expr: Expr, _ inClosure: Bool) {
        switch expr.kind {
        case .name(let name):
            if inClosure { names.insert(name) }
        case .literal, .dollar, .discard:
            break
        case .interpolated(let parts):
            for case .expression(let inner) in parts { expression(inner, inClosure) }
        case .array(let items), .tuple(let items):
            for item in items { expression(item, inClosure) }
        case .dictionary(let entries):
            for entry in entries {
                expression(entry.key, inClosure)
                expression(entry.value, inClosure)
            }
        case .unary(_, let operand):
            expression(operand, inClosure)
        case .binary(_, let left, let right), .logical(_, let left, let right):
            expression(left, inClosure)
            expression(right, inClosure)
        case .range(let lower, let upper, _):
            if let lower { expression(lower, inClosure) }
            if let upper { expression(upper, inClosure) }
        case .ternary(let condition, let then, let otherwise):
            expression(condition, inClosure)
            expression(then, inClosure)
            expression(otherwise, inClosure)
        case .coalesce(let value, let fallback):
            expression(value, inClosure)
            expression(fallback, inClosure)
        case .call(let callee, let arguments):
            if case .name(let name) = callee.kind, blockNames.contains(name), arguments.count == 1,
               case .closure(let syntax) = arguments[0].value.kind, syntax.parameters.isEmpty {
                block(syntax.body, inClosure)
                return
            }
            expression(callee, inClosure)
            for argument in arguments { expression(argument.value, inClosure) }
        case .member(let base, _):
            expression(base, inClosure)
        case .subscriptAccess(let base, let arguments):
            expression(base, inClosure)
            for argument in arguments {
                switch argument {
                case .expression(let inner), .labeled(_, let inner): expression(inner, inClosure)
                case .all, .ellipsis: break
                }
            }
        case .closure(let syntax):
            function(syntax)
        }
    }
}
