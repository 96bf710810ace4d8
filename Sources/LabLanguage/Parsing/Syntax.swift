/// An expression node with its location (the operator for binary expressions, the `(` of a call).
final class Expr {
    let kind: ExprKind
    let location: SourceLocation

    init(_ kind: ExprKind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

indirect enum ExprKind {
    case literal(Value)
    case interpolated([InterpolationPart])
    case name(String)
    case dollar(Int)
    case array([Expr])
    /// `["a": 1, "b": 2]` and `[:]`: key and value expressions in order.
    case dictionary([(key: Expr, value: Expr)])
    case tuple([Expr])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case logical(isAnd: Bool, Expr, Expr)
    case range(Expr?, Expr?, isClosed: Bool)
    case ternary(Expr, Expr, Expr)
    /// `a ?? b`: `a` unless it is nil, else `b` (evaluated only then).
    case coalesce(Expr, Expr)
    case call(Expr, [CallArgument])
    case member(Expr, String)
    case subscriptAccess(Expr, [SubscriptSyntax])
    case closure(FunctionSyntax)
    /// `_` on the left of an assignment: the value is dropped.
    case discard
}

enum InterpolationPart {
    case text(String)
    case expression(Expr)
}

struct CallArgument {
    var label: String?
    var value: Expr
    var location: SourceLocation
}

enum SubscriptSyntax {
    case expression(Expr)
    case all
    case ellipsis
    /// `default: value` in a dictionary subscript.
    case labeled(String, Expr)
}

/// A type annotation: `Int`, `[Double]`, `Tensor?`, `(Tensor) -> Tensor`, `(Int, Int)`.
indirect enum TypeSyntax: CustomStringConvertible {
    case named(String)
    case array(TypeSyntax)
    case dictionary(TypeSyntax, TypeSyntax)
    case optional(TypeSyntax)
    case function([TypeSyntax], TypeSyntax)
    case tuple([TypeSyntax])

    var description: String {
        switch self {
        case .named(let name): return name
        case .array(let element): return "[\(element)]"
        case .dictionary(let key, let value): return "[\(key): \(value)]"
        case .optional(let wrapped): return "\(wrapped)?"
        case .function(let parameters, let result):
            return "(" + parameters.map(\.description).joined(separator: ", ") + ") -> \(result)"
        case .tuple(let items): return "(" + items.map(\.description).joined(separator: ", ") + ")"
        }
    }
}

/// A binding pattern: a name, `_`, or a tuple of patterns.
indirect enum Pattern {
    case name(String, SourceLocation)
    case wildcard
    case tuple([Pattern])

    var names: [(String, SourceLocation)] {
        switch self {
        case .name(let name, let location): return [(name, location)]
        case .wildcard: return []
        case .tuple(let items): return items.flatMap(\.names)
        }
    }
}

struct Parameter {
    /// The argument label callers write; nil for `_` (and for closure parameters).
    var label: String?
    var name: String
    var type: TypeSyntax?
    var defaultValue: Expr?
    var location: SourceLocation
}

/// A `func` declaration or a closure expression.
final class FunctionSyntax {
    let name: String
    let parameters: [Parameter]
    let result: TypeSyntax?
    let body: [Stmt]
    let location: SourceLocation
    /// For closures written with `$0`, `$1`: how many implicit parameters they take.
    var implicitParameterCount = 0
    let isClosure: Bool

    init(name: String, parameters: [Parameter], result: TypeSyntax?, body: [Stmt], location: SourceLocation,
         isClosure: Bool) {
        self.name = name
        self.parameters = parameters
        self.result = result
        self.body = body
        self.location = location
        self.isClosure = isClosure
    }

    /// Swift's spelling of the function's name with labels: `scale(_:by:)`.
    var signature: String {
        name + "(" + parameters.map { ($0.label ?? "_") + ":" }.joined() + ")"
    }
}

indirect enum Stmt {
    case expression(Expr)
    case declaration(isLet: Bool, Pattern, TypeSyntax?, Expr?, SourceLocation)
    case assignment(target: Expr, value: Expr, SourceLocation)
    case compoundAssignment(BinaryOperator, target: Expr, value: Expr, SourceLocation)
    case ifStatement(condition: Expr, then: [Stmt], otherwise: [Stmt]?)
    case whileLoop(condition: Expr, body: [Stmt])
    case forLoop(Pattern, sequence: Expr, body: [Stmt], SourceLocation)
    case breakStatement(SourceLocation)
    case continueStatement(SourceLocation)
    case returnStatement(Expr?, SourceLocation)
    case function(FunctionSyntax)
    /// `switch subject { case p1, p2: … default: … }`; the default, if any, is the last case.
    case switchStatement(subject: Expr, cases: [SwitchCase], SourceLocation)
    /// `struct Name { stored properties, computed properties, methods }`.
    case structDeclaration(StructSyntax)
}

/// One `case` of a switch: values or ranges to match (empty for `default`) and its body.
struct SwitchCase {
    var patterns: [Expr]
    var body: [Stmt]
    var location: SourceLocation
}

/// A `struct` declaration: stored properties in order (the memberwise initialiser's parameters),
/// computed properties and methods.
final class StructSyntax {
    let name: String
    let location: SourceLocation
    var fields: [FieldSyntax] = []
    /// Methods and computed properties (a getter is a method without parameters, `isProperty`).
    var methods: [MethodSyntax] = []

    init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

/// A stored property: `var x: Double = 0`, `let name: String`.
struct FieldSyntax {
    var name: String
    var isLet: Bool
    var type: TypeSyntax?
    var defaultValue: Expr?
    var location: SourceLocation
}

/// A method (`func`, `mutating func`) or a computed property's getter (`var area: Double { … }`).
struct MethodSyntax {
    var function: FunctionSyntax
    var isMutating: Bool
    var isProperty: Bool
}
