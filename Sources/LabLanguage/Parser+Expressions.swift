extension Parser {
    mutating func expression() throws -> Expr {
        try enterNesting()
        defer { nesting -= 1 }
        return try ternary()
    }

    mutating func ternary() throws -> Expr {
        let condition = try logicalOr()
        guard match("?") else { return condition }
        let question = previous
        let then = try expression()
        guard match(":") else {
            throw LabError("expected ':' after the '?' branch of the ternary, found \(describe(peek()))",
                           at: peek().location)
        }
        return Expr(.ternary(condition, then, try expression()), at: question.location)
    }

    mutating func logicalOr() throws -> Expr {
        var left = try logicalAnd()
        while match("||") {
            let location = previous.location
            left = Expr(.logical(isAnd: false, left, try logicalAnd()), at: location)
        }
        return left
    }

    mutating func logicalAnd() throws -> Expr {
        var left = try comparison()
        while match("&&") {
            let location = previous.location
            left = Expr(.logical(isAnd: true, left, try comparison()), at: location)
        }
        return left
    }

    mutating func comparison() throws -> Expr {
        var left = try range()
        let operators: [String: BinaryOperator] = ["==": .equal, "!=": .notEqual, "<": .less, "<=": .lessEqual,
                                                   ">": .greater, ">=": .greaterEqual]
        while peek().kind == .symbol, let op = operators[peek().text] {
            let location = advance().location
            left = Expr(.binary(op, left, try range()), at: location)
        }
        return left
    }

    mutating func range() throws -> Expr {
        let left = try additive()
        guard check("...") || check("..<") else { return left }
        let operatorToken = advance()
        let isClosed = operatorToken.text == "..."
        if isClosed && endsRangeOperand { return Expr(.range(left, nil, isClosed: true), at: operatorToken.location) }
        return Expr(.range(left, try additive(), isClosed: isClosed), at: operatorToken.location)
    }

    /// True after `a...` when no upper bound follows (a partial range `a...`).
    var endsRangeOperand: Bool {
        check(",") || check("]") || check(")") || isAtEnd || peek().newlineBefore
    }

    mutating func additive() throws -> Expr {
        var left = try multiplicative()
        while check("+") || check("-") {
            let token = advance()
            left = Expr(.binary(token.text == "+" ? .add : .subtract, left, try multiplicative()), at: token.location)
        }
        return left
    }

    mutating func multiplicative() throws -> Expr {
        var left = try unary()
        while check("*") || check("/") || check("%") {
            let token = advance()
            let op: BinaryOperator = token.text == "*" ? .multiply : token.text == "/" ? .divide : .remainder
            left = Expr(.binary(op, left, try unary()), at: token.location)
        }
        return left
    }

    mutating func unary() throws -> Expr {
        guard check("-") || check("!") || check("..<") || check("...") else { return try postfix() }
        let token = advance()
        try enterNesting()
        defer { nesting -= 1 }
        if token.text == "..<" || token.text == "..." {
            return Expr(.range(nil, try additive(), isClosed: token.text == "..."), at: token.location)
        }
        if token.text == "-", peek().kind == .integer || peek().kind == .float, !peek().newlineBefore {
            return try negativeLiteral(token)
        }
        let operand = try unary()
        return Expr(.unary(token.text == "-" ? .negate : .not, operand), at: token.location)
    }

    /// `-9223372036854775808` is a valid Int although its digits alone overflow.
    private mutating func negativeLiteral(_ minus: Token) throws -> Expr {
        let number = peek()
        if number.kind == .integer, number.text == "9223372036854775808" {
            errors.removeAll { $0.location == number.location }
            advance()
            return try postfixOperators(Expr(.literal(.int(Int.min)), at: minus.location))
        }
        let operand = try postfix()
        return Expr(.unary(.negate, operand), at: minus.location)
    }

    mutating func postfix() throws -> Expr {
        try postfixOperators(try primary())
    }

    mutating func postfixOperators(_ base: Expr) throws -> Expr {
        var expr = base
        while true {
            if match(".") {
                expr = try member(of: expr)
            } else if check("("), !peek().newlineBefore {
                let opening = advance()
                expr = Expr(.call(expr, try callArguments(opening)), at: opening.location)
            } else if check("["), !peek().newlineBefore {
                let opening = advance()
                expr = Expr(.subscriptAccess(expr, try subscriptArguments(opening)), at: opening.location)
            } else if check("{"), allowTrailingClosure, !peek().newlineBefore {
                expr = try trailingClosure(after: expr)
            } else {
                return expr
            }
        }
    }

    private mutating func member(of base: Expr) throws -> Expr {
        let dot = previous
        let name = peek()
        guard name.kind == .identifier || name.kind == .integer || name.kind == .keyword else {
            throw LabError("expected a member name after '.', found \(describe(name))", at: name.location)
        }
        advance()
        return Expr(.member(base, name.text), at: dot.location)
    }

    private mutating func trailingClosure(after callee: Expr) throws -> Expr {
        advance()
        let closure = try self.closure()
        let argument = CallArgument(label: nil, value: closure, location: closure.location)
        if case .call(let function, let arguments) = callee.kind {
            return Expr(.call(function, arguments + [argument]), at: callee.location)
        }
        return Expr(.call(callee, [argument]), at: closure.location)
    }

    mutating func callArguments(_ opening: Token) throws -> [CallArgument] {
        let saved = allowTrailingClosure
        allowTrailingClosure = true
        defer { allowTrailingClosure = saved }
        var arguments: [CallArgument] = []
        if match(")") { return arguments }
        repeat {
            if check(")") { break }
            let start = peek()
            var label: String?
            if start.kind == .identifier || start.kind == .keyword, peek(1).isSymbol(":") {
                label = start.text
                advance()
                advance()
            }
            arguments.append(CallArgument(label: label, value: try expression(), location: start.location))
        } while match(",")
        try consume(")", "')'", opening: opening)
        return arguments
    }

    mutating func subscriptArguments(_ opening: Token) throws -> [SubscriptSyntax] {
        let saved = allowTrailingClosure
        allowTrailingClosure = true
        defer { allowTrailingClosure = saved }
        var arguments: [SubscriptSyntax] = []
        repeat {
            if check(":") && (peek(1).isSymbol(",") || peek(1).isSymbol("]")) {
                advance()
                arguments.append(.all)
            } else if check("...") && (peek(1).isSymbol(",") || peek(1).isSymbol("]")) {
                advance()
                arguments.append(.ellipsis)
            } else if check(":") {
                throw LabError("':' in a subscript: slices are written as ranges", at: peek().location,
                               hint: "write X[..<b] for the first b elements, X[a..<b] for a slice")
            } else {
                let value = try expression()
                if check(":") { throw sliceError(value) }
                arguments.append(.expression(value))
            }
        } while match(",")
        try consume("]", "']'", opening: opening)
        return arguments
    }

    /// `X[1:3]` is Python's slice; the language writes ranges.
    private func sliceError(_ start: Expr) -> LabError {
        var hint = "write a range: X[a..<b] for a slice, X[a...] from a to the end"
        if case .literal(.int(let low)) = start.kind, peek(1).kind == .integer {
            hint = "write X[\(low)..<\(peek(1).integer)]"
        }
        return LabError("':' in a subscript: slices are written as ranges", at: peek().location, hint: hint)
    }
}
