extension Parser {
    mutating func primary() throws -> Expr {
        let token = peek()
        switch token.kind {
        case .integer:
            advance()
            return Expr(.literal(.int(token.integer)), at: token.location)
        case .float:
            advance()
            return Expr(.literal(.double(token.float)), at: token.location)
        case .string:
            advance()
            return try stringLiteral(token)
        case .dollar:
            advance()
            implicitParameters.append(token.integer)
            return Expr(.dollar(token.integer), at: token.location)
        case .identifier:
            advance()
            return Expr(.name(token.text), at: token.location)
        case .keyword:
            return try keywordPrimary(token)
        case .symbol:
            return try symbolPrimary(token)
        case .endOfFile:
            throw LabError("expected an expression, found end of cell", at: token.location)
        }
    }

    private mutating func keywordPrimary(_ token: Token) throws -> Expr {
        switch token.text {
        case "true", "false":
            advance()
            return Expr(.literal(.bool(token.text == "true")), at: token.location)
        case "nil":
            advance()
            return Expr(.literal(.nil), at: token.location)
        case "_":
            advance()
            return Expr(.discard, at: token.location)
        default:
            throw LabError("expected an expression, found keyword '\(token.text)'", at: token.location)
        }
    }

    private mutating func symbolPrimary(_ token: Token) throws -> Expr {
        if match("(") { return try parenthesized(token) }
        if match("[") { return try arrayLiteral(token) }
        if match("{") { return try closure() }
        throw LabError("expected an expression, found \(describe(token))", at: token.location)
    }

    /// `(e)` is grouping, `(a, b)` a tuple, `()` the empty tuple.
    private mutating func parenthesized(_ opening: Token) throws -> Expr {
        let items = try insideBrackets { parser in
            try parser.commaSeparated(closing: ")", opening: opening) { parser in try parser.tupleElement() }
        }
        if items.count == 1 { return items[0] }
        return Expr(.tuple(items), at: opening.location)
    }

    /// One element of a tuple; `(x: 1, y: 2)` is Swift but not this language, so it gets its own error.
    private mutating func tupleElement() throws -> Expr {
        if peek().kind == .identifier, peek(1).isSymbol(":") {
            throw LabError("labeled tuple elements are not supported", at: peek().location,
                           hint: "write (a, b) and use .0 and .1")
        }
        return try expression()
    }

    /// `[a, b]`, or `[key: value, …]` when the first element is followed by `:`, or `[:]`.
    private mutating func arrayLiteral(_ opening: Token) throws -> Expr {
        if check(":"), peek(1).isSymbol("]") {
            _ = advance()
            _ = advance()
            return Expr(.dictionary([]), at: opening.location)
        }
        return try insideBrackets { parser in
            if parser.check("]") {
                try parser.consume("]", "']'", opening: opening)
                return Expr(.array([]), at: opening.location)
            }
            // The first element is parsed once, whichever literal it starts: trying one kind and
            // then the other would parse nested brackets again at every level.
            let first = try parser.expression()
            if parser.match(":") {
                var entries = [(key: first, value: try parser.expression())]
                if parser.match(",") {
                    entries += try parser.commaSeparated(closing: "]", opening: opening) { parser in
                        let key = try parser.expression()
                        try parser.consume(":", "':' between a dictionary key and its value")
                        return (key: key, value: try parser.expression())
                    }
                } else {
                    try parser.consume("]", "']'", opening: opening)
                }
                return Expr(.dictionary(entries), at: opening.location)
            }
            var items = [first]
            if parser.match(",") {
                items += try parser.commaSeparated(closing: "]", opening: opening) { parser in try parser.expression() }
            } else {
                try parser.consume("]", "']'", opening: opening)
            }
            return Expr(.array(items), at: opening.location)
        }
    }

    /// Interpolated code is parsed with its own parser from the tokens the lexer read in place.
    private mutating func stringLiteral(_ token: Token) throws -> Expr {
        if token.parts.count == 1, case .text(let text) = token.parts[0] {
            return Expr(.literal(.string(text)), at: token.location)
        }
        var parts: [InterpolationPart] = []
        for part in token.parts {
            switch part {
            case .text(let text):
                parts.append(.text(text))
            case .code(let tokens, let location):
                parts.append(.expression(try interpolatedExpression(tokens, at: location)))
            }
        }
        return Expr(.interpolated(parts), at: token.location)
    }

    private mutating func interpolatedExpression(_ tokens: [Token], at location: SourceLocation) throws -> Expr {
        var inner = Parser(tokens: tokens, budget: budget)
        inner.nesting = nesting
        inner.chainLinks = chainLinks
        inner.implicitParameters = []
        let expr = try inner.expression()
        implicitParameters += inner.implicitParameters
        guard inner.isAtEnd else {
            throw LabError("expected ')' to end the interpolation, found \(inner.describe(inner.peek()))",
                           at: inner.peek().location)
        }
        return expr
    }
}
