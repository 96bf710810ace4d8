extension Parser {
    mutating func program() -> [Stmt] {
        var statements: [Stmt] = []
        while !isAtEnd {
            if match(";") { continue }
            if check("}") {
                if skippedOpenBraces > 0 {
                    skippedOpenBraces -= 1
                } else {
                    errors.append(LabError("unexpected '}' with no '{' to close", at: peek().location))
                }
                advance()
                continue
            }
            statements += recoveringStatement()
        }
        return statements
    }

    /// One statement (a `guard let` is three); on an error, records it and skips to the next statement.
    mutating func recoveringStatement() -> [Stmt] {
        let savedNesting = nesting, savedLinks = chainLinks
        let start = current
        do {
            let result = isContextualKeyword("guard") ? try guardStatement() : [try statement()]
            try endOfStatement()
            return result
        } catch let error as LabError {
            errors.append(error)
            nesting = savedNesting
            chainLinks = savedLinks
            allowTrailingClosure = true
            synchronize(from: start)
            return []
        } catch {
            return []
        }
    }

    /// A statement ends at a newline, `;`, `}` or the end of the cell.
    mutating func endOfStatement() throws {
        if match(";") || check("}") || isAtEnd || peek().newlineBefore { return }
        throw LabError("consecutive statements on a line must be separated by ';'", at: peek().location)
    }

    mutating func statement() throws -> Stmt {
        if matchKeyword("let") { return try declaration(isLet: true) }
        if matchKeyword("var") { return try declaration(isLet: false) }
        if matchKeyword("func") { return .function(try functionDeclaration()) }
        if matchKeyword("if") { return try ifStatement() }
        if matchKeyword("while") { return try whileStatement() }
        if matchKeyword("for") { return try forStatement() }
        if matchKeyword("break") { return .breakStatement(previous.location) }
        if matchKeyword("continue") { return .continueStatement(previous.location) }
        if matchKeyword("return") { return try returnStatement() }
        if isContextualKeyword("switch") {
            advance()
            return try switchStatement()
        }
        if isContextualKeyword("struct") {
            advance()
            return try structDeclaration()
        }
        return try expressionStatement()
    }

    mutating func declaration(isLet: Bool) throws -> Stmt {
        let keyword = previous
        let target = try pattern()
        var type: TypeSyntax?
        if match(":") { type = try typeAnnotation() }
        var initial: Expr?
        if match("=") {
            initial = try expression()
        } else if isLet || type == nil {
            throw LabError("expected '=' and an initial value in '\(keyword.text)' declaration", at: peek().location)
        }
        return .declaration(isLet: isLet, target, type, initial, keyword.location)
    }

    /// `name`, `_` or a tuple of patterns `(a, (b, _))`; tuples count as nesting, so a pattern
    /// nested thousands deep is an error rather than a stack overflow.
    mutating func pattern() throws -> Pattern {
        if matchKeyword("_") { return .wildcard }
        if match("(") {
            let opening = previous
            return .tuple(try nested { parser in
                try parser.commaSeparated(closing: ")", opening: opening) { parser in try parser.pattern() }
            })
        }
        let name = try identifier("a name")
        return .name(name.text, name.location)
    }

    /// `{ statements }`; an error in one statement is recorded and parsing goes on after it.
    mutating func block() throws -> [Stmt] {
        let opening = try consume("{", "'{'")
        return try insideBrackets { parser in try parser.statements(closing: opening) }
    }

    /// The statements of a block or closure up to the `}` that closes `opening`, and that `}`.
    mutating func statements(closing opening: Token) throws -> [Stmt] {
        var statements: [Stmt] = []
        while !check("}") && !isAtEnd {
            if match(";") { continue }
            statements += recoveringStatement()
        }
        try consume("}", "'}'", opening: opening)
        return statements
    }

    mutating func ifStatement() throws -> Stmt {
        if peek().isKeyword("let") || peek().isKeyword("var") { return try ifLetStatement() }
        let condition = try headerExpression()
        let then = try block()
        guard matchKeyword("else") else { return .ifStatement(condition: condition, then: then, otherwise: nil) }
        if matchKeyword("if") {
            // Each `else if` is nested in the one before, for this parser and for every later pass
            // that walks the tree, so a chain counts against the nesting limit like brackets do.
            let chained = try nested { parser in try parser.ifStatement() }
            return .ifStatement(condition: condition, then: then, otherwise: [chained])
        }
        return .ifStatement(condition: condition, then: then, otherwise: try block())
    }

    /// The condition of `if`/`while` or the sequence of `for`: a `{` there opens the body.
    mutating func headerExpression() throws -> Expr {
        if check("{") { throw LabError("expected a condition before '{'", at: peek().location) }
        return try withTrailingClosures(allowed: false) { parser in try parser.expression() }
    }

    mutating func whileStatement() throws -> Stmt {
        let condition = try headerExpression()
        return .whileLoop(condition: condition, body: try block())
    }

    mutating func forStatement() throws -> Stmt {
        let location = previous.location
        let target = try pattern()
        guard matchKeyword("in") else {
            throw LabError("expected 'in' after the loop variable, found \(describe(peek()))", at: peek().location)
        }
        let sequence = try headerExpression()
        // `for x in xs where condition { … }` runs the body only where the condition holds.
        if peek().kind == .identifier, peek().text == "where" {
            _ = advance()
            let condition = try headerExpression()
            let body = try block()
            let filtered = Stmt.ifStatement(condition: condition, then: body, otherwise: nil)
            return .forLoop(target, sequence: sequence, body: [filtered], location)
        }
        return .forLoop(target, sequence: sequence, body: try block(), location)
    }

    mutating func returnStatement() throws -> Stmt {
        let location = previous.location
        if check("}") || check(";") || isAtEnd || peek().newlineBefore { return .returnStatement(nil, location) }
        return .returnStatement(try expression(), location)
    }

    mutating func expressionStatement() throws -> Stmt {
        let target = try expression()
        if match("=") {
            let location = previous.location
            return .assignment(target: target, value: try expression(), location)
        }
        let compound: [String: BinaryOperator] = ["+=": .add, "-=": .subtract, "*=": .multiply, "/=": .divide,
                                                  "%=": .remainder]
        if peek().kind == .symbol, let op = compound[peek().text] {
            let location = advance().location
            return .compoundAssignment(op, target: target, value: try expression(), location)
        }
        return .expression(target)
    }
}
