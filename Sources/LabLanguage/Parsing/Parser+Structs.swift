extension Parser {
    /// `struct Name: Equatable { members }`, after the `struct` keyword. Conformances are accepted and
    /// change nothing: every struct compares and prints as Swift's synthesised ones would.
    mutating func structDeclaration() throws -> Stmt {
        let name = try identifier("a struct name after 'struct'")
        let syntax = StructSyntax(name: name.text, location: name.location)
        if match(":") {
            repeat { _ = try identifier("a protocol name after ':'") } while match(",")
        }
        let opening = try consume("{", "'{' after the struct's name")
        try nested { parser in
            while !parser.check("}") && !parser.isAtEnd {
                if parser.match(";") { continue }
                parser.recoveringMember(into: syntax)
            }
        }
        try consume("}", "'}'", opening: opening)
        return .structDeclaration(syntax)
    }

    /// One member; on an error, records it and skips to the next member (as `recoveringStatement`).
    private mutating func recoveringMember(into syntax: StructSyntax) {
        let savedNesting = nesting, savedLinks = chainLinks
        let start = current
        do {
            try structMember(into: syntax)
            try endOfStatement()
        } catch {
            if let error = error as? LabError { errors.append(error) }
            nesting = savedNesting
            chainLinks = savedLinks
            allowTrailingClosure = true
            synchronize(from: start)
        }
    }

    /// One member: a stored or computed property, or a method.
    private mutating func structMember(into syntax: StructSyntax) throws {
        if isContextualKeyword("mutating") {
            advance()
            advance()
            syntax.methods.append(MethodSyntax(function: try functionDeclaration(), isMutating: true, isProperty: false))
        } else if matchKeyword("func") {
            syntax.methods.append(MethodSyntax(function: try functionDeclaration(), isMutating: false, isProperty: false))
        } else if matchKeyword("var") || matchKeyword("let") {
            try property(isLet: previous.isKeyword("let"), into: syntax)
        } else if peek().text == "init" || peek().text == "static" {
            let word = peek()
            throw LabError(
                "'\(word.text)' in a struct is not supported", at: word.location,
                hint: word.text == "init"
                    ? "every struct has Swift's memberwise initialiser: \(syntax.name)(\(syntax.fields.map { "\($0.name): …" }.joined(separator: ", ")))"
                    : "declare the function outside the struct")
        } else {
            throw LabError("expected a property (var, let) or a method (func) in struct '\(syntax.name)', found \(describe(peek()))",
                           at: peek().location)
        }
    }

    /// `var x: Double = 0`, `let name: String`, or a computed property `var area: Double { w * h }`.
    private mutating func property(isLet: Bool, into syntax: StructSyntax) throws {
        let keyword = previous
        let name = try identifier("a property name after '\(keyword.text)'")
        var type: TypeSyntax?
        if match(":") { type = try typeAnnotation() }
        if check("{") {
            guard !isLet, let type else {
                throw LabError("a computed property is declared with 'var' and a type: var \(name.text): Double { … }",
                               at: peek().location)
            }
            let savedImplicit = implicitParameters
            implicitParameters = []
            defer { implicitParameters = savedImplicit }
            let getter = FunctionSyntax(name: name.text, parameters: [], result: type, body: try block(),
                                        location: name.location, isClosure: false)
            syntax.methods.append(MethodSyntax(function: getter, isMutating: false, isProperty: true))
            return
        }
        var defaultValue: Expr?
        if match("=") { defaultValue = try expression() }
        if type == nil && defaultValue == nil {
            throw LabError("property '\(name.text)' needs a type or a value", at: name.location,
                           hint: "\(keyword.text) \(name.text): Double, or \(keyword.text) \(name.text) = 0.0")
        }
        syntax.fields.append(FieldSyntax(name: name.text, isLet: isLet, type: type, defaultValue: defaultValue,
                                         location: name.location))
    }
}
