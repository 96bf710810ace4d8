/// Compiles a `func` a second time into typed code (see `TypedCode`) when it fits the Int subset:
///
/// - every parameter is annotated `Int` (without a default) and the result is `Int`;
/// - the body is one expression, or statements that return on every path;
/// - statements are `let`/`var` with an Int initialiser (annotated `Int` or not), `=` and `+=`-style
///   assignments to those `var`s, `if`/`else`, `while`, `for` over `a..<b` or `a...b`, `break`,
///   `continue`, and `return` of an Int;
/// - Int expressions are Int literals, parameters and locals, `+ - * / %`, unary minus, `c ? a : b`,
///   and calls by name of a global `let` (a `func`), to be checked as typed when linking;
/// - conditions are comparisons of Ints, `&&`, `||`, `!` and Bool literals.
///
/// Anything else (another type, a global variable, a captured local, a closure, a built-in)
/// leaves the function with its general code only. The compiler resolves its own locals, mirroring
/// the general resolver's block scopes; any other name goes to that resolver, which gives the same
/// answer the general code got.
final class TypedCompiler {
    unowned let compiler: Compiler
    private var blocks: [[String: TypedLocal]] = [[:]]
    private(set) var slotCount = 0
    /// Where a `return` that is not the last word of a path puts its value.
    let resultSlot: Int
    /// Where the activation of the next call compiled starts (past the locals and result slot).
    var outgoing: Int
    /// The slots an activation uses, calls' arguments included.
    var extent: Int
    var calls: [TypedCall] = []
    /// How many loops enclose the statement being compiled (`break` and `continue` need one).
    var loopDepth = 0

    struct TypedLocal {
        var slot: Int
        var isLet: Bool
    }

    /// Thrown when the code leaves the subset.
    struct NotTyped: Error {}

    private init(compiler: Compiler, localCount: Int) {
        self.compiler = compiler
        resultSlot = localCount
        outgoing = localCount + 1
        extent = outgoing
    }

    /// The typed code of a `func`, or nil when it is outside the subset. Called with the general
    /// resolver inside the function's scope, its parameters declared and nothing else yet.
    static func compile(_ syntax: FunctionSyntax, _ template: FunctionDefinition, _ compiler: Compiler) -> TypedCode? {
        guard !syntax.isClosure, syntax.implicitParameterCount == 0, isInt(syntax.result),
              syntax.parameters.allSatisfy({ isInt($0.type) && $0.defaultValue == nil }) else { return nil }
        let singleExpression: Expr?
        if syntax.body.count == 1, case .expression(let expr) = syntax.body[0] { singleExpression = expr } else {
            singleExpression = nil
            guard Compiler.returnsOnEveryPath(syntax.body) else { return nil }
        }
        guard let declarations = declarationCount(syntax.body) else { return nil }
        let typed = TypedCompiler(compiler: compiler, localCount: syntax.parameters.count + declarations)
        for parameter in syntax.parameters { typed.declare(parameter.name, isLet: true) }
        let body: IntOperand
        do {
            body = try singleExpression.map { try typed.operand($0) } ?? typed.returning(syntax.body[...])
        } catch {
            return nil
        }
        guard typed.extent <= Runtime.typedFrameLimit else { return nil }
        return TypedCode(signature: template.signature, location: template.location, runtime: compiler.runtime,
                         body: body.code, arity: syntax.parameters.count, labelIDs: template.labelIDs,
                         calls: typed.calls)
    }

    static func isInt(_ type: TypeSyntax?) -> Bool {
        if case .named("Int")? = type { return true }
        return false
    }

    /// How many locals the statements declare (each declaration gets a slot of its own); nil when
    /// they declare a nested `func`, which general code hoists (its name would shadow a callee
    /// before the typed compiler reached it), so such a body is left general before any lookup.
    private static func declarationCount(_ statements: [Stmt]) -> Int? {
        var count = 0
        for statement in statements {
            var nested: Int? = 0
            switch statement {
            case .declaration: nested = 1
            case .function: return nil
            case .ifStatement(_, let then, let otherwise):
                nested = declarationCount(then).flatMap { a in declarationCount(otherwise ?? []).map { a + $0 } }
            case .whileLoop(_, let body): nested = declarationCount(body)
            case .forLoop(_, _, let body, _): nested = declarationCount(body).map { $0 + 1 }
            default: break
            }
            guard let nested else { return nil }
            count += nested
        }
        return count
    }

    // MARK: Names

    func declare(_ name: String, isLet: Bool) {
        let slot = slotCount
        slotCount += 1
        if name != "_" { blocks[blocks.count - 1][name] = TypedLocal(slot: slot, isLet: isLet) }
    }

    func local(_ name: String) -> TypedLocal? {
        for block in blocks.reversed() {
            if let found = block[name] { return found }
        }
        return nil
    }

    func openBlock() { blocks.append([:]) }
    func closeBlock() { blocks.removeLast() }
}
