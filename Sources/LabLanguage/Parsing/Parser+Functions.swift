extension Parser {
    mutating func functionDeclaration() throws -> FunctionSyntax {
        let name = try identifier("a function name after 'func'")
        let opening = try consume("(", "'(' after the function name")
        var parameters: [Parameter] = []
        if !check(")") {
            repeat { parameters.append(try parameter()) } while match(",")
        }
        try consume(")", "')'", opening: opening)
        var result: TypeSyntax?
        if match("->") { result = try typeAnnotation() }
        let savedImplicit = implicitParameters
        implicitParameters = []
        defer { implicitParameters = savedImplicit }
        let body = try block()
        return FunctionSyntax(name: name.text, parameters: parameters, result: result, body: body,
                              location: name.location, isClosure: false)
    }

    /// `x: T`, `_ x: T`, `label x: T = default`.
    /// A parameter: `name`, `label name`, `_ name`, with an optional type and (unless
    /// `allowingDefault` is false, as in a closure header) a default value.
    mutating func parameter(allowingDefault: Bool = true) throws -> Parameter {
        let first = peek()
        guard first.kind == .identifier || first.isKeyword("_") else {
            throw LabError("expected a parameter name, found \(describe(first))", at: first.location)
        }
        advance()
        var label: String? = first.text == "_" ? nil : first.text
        var name = first
        if peek().kind == .identifier {
            name = advance()
        } else if first.text == "_" {
            throw LabError("expected a parameter name after '_'", at: peek().location)
        } else {
            label = first.text
        }
        var type: TypeSyntax?
        if match(":") { type = try typeAnnotation() }
        var defaultValue: Expr?
        if allowingDefault, match("=") { defaultValue = try expression() }
        return Parameter(label: label, name: name.text, type: type, defaultValue: defaultValue,
                         location: name.location)
    }

    mutating func typeAnnotation() throws -> TypeSyntax {
        try enterNesting()
        defer { nesting -= 1 }
        var type: TypeSyntax
        if match("[") {
            let opening = previous
            let element = try typeAnnotation()
            type = match(":") ? .dictionary(element, try typeAnnotation()) : .array(element)
            try consume("]", "']'", opening: opening)
        } else if match("(") {
            type = try parenthesizedType()
        } else {
            let name = try identifier("a type")
            type = .named(name.text)
        }
        while !peek().newlineBefore && match("?") { type = .optional(type) }
        return type
    }

    private mutating func parenthesizedType() throws -> TypeSyntax {
        let opening = previous
        var items: [TypeSyntax] = []
        if !check(")") {
            repeat { items.append(try typeAnnotation()) } while match(",")
        }
        try consume(")", "')'", opening: opening)
        if match("->") { return .function(items, try typeAnnotation()) }
        return items.count == 1 ? items[0] : .tuple(items)
    }

    /// `{ (t: Tensor) in ... }`, `{ a, b in ... }`, `{ $0 * $0 }`, `{ counter += 1 }`; `{` is consumed.
    mutating func closure() throws -> Expr {
        let opening = previous
        try enterNesting()
        defer { nesting -= 1 }
        let (parameters, result) = optionalClosureHeader()
        let savedImplicit = implicitParameters
        implicitParameters = []
        defer { implicitParameters = savedImplicit }
        let body = try withTrailingClosures(allowed: true) { parser in try parser.statements(closing: opening) }
        let function = FunctionSyntax(name: "closure", parameters: parameters, result: result, body: body,
                                      location: opening.location, isClosure: true)
        if let highest = implicitParameters.max() {
            if !parameters.isEmpty {
                throw LabError("anonymous closure arguments like $0 cannot be used in a closure that names its parameters",
                               at: opening.location)
            }
            function.implicitParameterCount = highest + 1
        }
        return Expr(.closure(function), at: opening.location)
    }

    /// The header `params -> T in` when there is one; otherwise nothing is consumed, since without
    /// an `in` the tokens are the start of the body (`{ a + b }`).
    private mutating func optionalClosureHeader() -> ([Parameter], TypeSyntax?) {
        var probe = self
        guard let found = try? probe.closureHeader() else { return ([], nil) }
        self = probe
        return found
    }

    /// The part before `in`; throws when there is none, so the caller backtracks.
    private mutating func closureHeader() throws -> ([Parameter], TypeSyntax?) {
        var parameters: [Parameter] = []
        if match("(") {
            // No default values: Swift's closures have none, and parsing one here (an expression,
            // possibly holding closures whose headers are probed in turn) made nested closures
            // take time exponential in their depth (a 7 KB cell ran for minutes).
            if !check(")") {
                repeat { parameters.append(try parameter(allowingDefault: false)) } while match(",")
            }
            try consume(")", "')'")
        } else {
            repeat {
                let name = advance()
                guard name.kind == .identifier || name.isKeyword("_") else { throw LabError("", at: name.location) }
                parameters.append(Parameter(label: nil, name: name.text, type: nil, defaultValue: nil,
                                            location: name.location))
            } while match(",")
        }
        var result: TypeSyntax?
        if match("->") { result = try typeAnnotation() }
        guard matchKeyword("in") else { throw LabError("", at: peek().location) }
        for index in parameters.indices { parameters[index].label = nil }
        return (parameters, result)
    }
}
