/// What compiling a `struct` declaration makes: its stored properties (with their annotations and
/// the compiled code of their defaults) and its compiled methods. Each time the declaration's block
/// starts, `makeType` turns it into a `StructType` whose methods are function values of that frame.
final class StructTemplate {
    let name: String
    let location: SourceLocation
    var fields: [(syntax: FieldSyntax, check: TypeCheck?, defaultValue: FunctionDefinition?)] = []
    var methods: [(name: String, definition: FunctionDefinition, isMutating: Bool, isProperty: Bool)] = []

    init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }

    func makeType(in frame: CallFrame) -> StructType {
        func value(of definition: FunctionDefinition) -> Function {
            Function(template: definition, captured: definition.capturesFrame ? frame : nil)
        }
        let type = StructType(name: name, fields: fields.map { field in
            StructType.Field(name: field.syntax.name, isLet: field.syntax.isLet, check: field.check,
                             defaultValue: field.defaultValue.map(value(of:)))
        })
        type.bind(Dictionary(methods.map { method in
            (method.name, StructType.Method(definition: method.definition, function: value(of: method.definition),
                                            isMutating: method.isMutating, isProperty: method.isProperty))
        }, uniquingKeysWith: { first, _ in first }))
        return type
    }
}

extension Compiler {
    /// Declares the struct's name in the current block (hoisted, like functions, so code anywhere in
    /// the cell may use it) and makes its template; the bodies are compiled at the declaration.
    func declareStruct(_ syntax: StructSyntax) -> (Binding, StructTemplate)? {
        guard atGlobalLevel else {
            errors.append(LabError("struct '\(syntax.name)' must be declared at the top level of a cell", at: syntax.location))
            return nil
        }
        var seen: Set<String> = []
        for (name, location) in syntax.fields.map({ ($0.name, $0.location) }) + syntax.methods.map({ ($0.function.name, $0.function.location) })
        where !seen.insert(name).inserted {
            errors.append(LabError("invalid redeclaration of '\(name)' in struct '\(syntax.name)'", at: location))
        }
        for method in syntax.methods where method.isMutating { interpreter.structMutatingMethods.insert(method.function.name) }
        let binding = declare(syntax.name, isLet: true, at: syntax.location)
        return (binding, StructTemplate(name: syntax.name, location: syntax.location))
    }

    /// Compiles the properties' defaults (in the cell's scope, as closures of no arguments) and the
    /// methods, each a function whose first parameter is `self`.
    func compileStructBodies(_ syntax: StructSyntax, into template: StructTemplate) {
        template.fields = syntax.fields.map { field in
            let check = field.type.map(TypeCheck.init)
            guard let defaultValue = field.defaultValue else { return (field, check, nil) }
            let closure = FunctionSyntax(name: "default of \(field.name)", parameters: [], result: field.type,
                                         body: [.expression(defaultValue)], location: field.location, isClosure: true)
            let definition = makeTemplate(closure)
            compileFunctionBody(closure, into: definition)
            return (field, check, definition)
        }
        let members = Set(syntax.fields.map(\.name) + syntax.methods.map(\.function.name))
        template.methods = syntax.methods.map { method in
            let function = method.function
            let selfParameter = Parameter(label: nil, name: "self", type: nil, defaultValue: nil, location: function.location)
            let withSelf = FunctionSyntax(name: function.name, parameters: [selfParameter] + function.parameters,
                                          result: function.result, body: function.body, location: function.location,
                                          isClosure: false)
            templatesMade += 1
            let definition = FunctionDefinition(
                name: function.name, signature: method.isProperty ? "\(syntax.name).\(function.name)" : "\(syntax.name).\(function.signature)",
                location: function.location, runtime: runtime, isClosure: false)
            compileFunctionBody(withSelf, into: definition, method: (members, method.isMutating))
            return (function.name, definition, method.isMutating, method.isProperty)
        }
    }

    /// Stores each struct's memberwise initialiser in its name when the block starts.
    func structPrologue(_ hoisted: [(Binding, StructTemplate)]) -> StatementCode {
        let stores = hoisted.map { binding, template in (storer(binding), template) }
        return { frame in
            for (store, template) in stores {
                let type = template.makeType(in: frame)
                store(frame, .function(Function(name: type.name) { arguments in try type.initialise(arguments) }))
            }
            return .normal
        }
    }

    /// `x` inside a method, when it names a member of the struct and no local of that name hides it,
    /// is `self.x` (as in Swift); nil for any other expression.
    func implicitSelf(_ expr: Expr) -> Expr? {
        guard case .name(let name) = expr.kind, isImplicitSelfMember(name) else { return nil }
        return Expr(.member(Expr(.name("self"), at: expr.location), name), at: expr.location)
    }

    private func isImplicitSelfMember(_ name: String) -> Bool {
        var current: FunctionScope? = scope
        while let function = current {
            let lowest = function.isCell ? 1 : 0
            for index in stride(from: function.blocks.count - 1, through: lowest, by: -1) where function.blocks[index][name] != nil {
                return false
            }
            if let members = function.selfMembers { return members.contains(name) }
            if function.isCell { return false }
            current = function.parent
        }
        return false
    }
}
