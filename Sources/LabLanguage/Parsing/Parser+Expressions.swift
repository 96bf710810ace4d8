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
        var links = 0
        defer { chainLinks -= links }
        while match("||") {
            try enterChainLink(&links)
            let location = previous.location
            left = Expr(.logical(isAnd: false, left, try logicalAnd()), at: location)
        }
        return left
    }

    mutating func logicalAnd() throws -> Expr {
        var left = try comparison()
        var links = 0
        defer { chainLinks -= links }
        while match("&&") {
            try enterChainLink(&links)
            let location = previous.location
            left = Expr(.logical(isAnd: true, left, try comparison()), at: location)
        }
        return left
    }

    mutating func comparison() throws -> Expr {
        var left = try coalescing()
        let operators: [String: BinaryOperator] = ["==": .equal, "!=": .notEqual, "<": .less, "<=": .lessEqual,
                                                   ">": .greater, ">=": .greaterEqual]
        var links = 0
        defer { chainLinks -= links }
        while peek().kind == .symbol, let op = operators[peek().text] {
            try enterChainLink(&links)
            let location = advance().location
            left = Expr(.binary(op, left, try coalescing()), at: location)
        }
        return left
    }

    /// `a ?? b ?? c`, right-associative, binding tighter than comparisons (Swift's precedence).
    mutating func coalescing() throws -> Expr {
        let left = try range()
        guard match("??") else { return left }
        let location = previous.location
        try enterNesting()
        defer { nesting -= 1 }
        return Expr(.coalesce(left, try coalescing()), at: location)
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
        var links = 0
        defer { chainLinks -= links }
        while check("+") || check("-") {
            try enterChainLink(&links)
            let token = advance()
            left = Expr(.binary(token.text == "+" ? .add : .subtract, left, try multiplicative()), at: token.location)
        }
        return left
    }

    mutating func multiplicative() throws -> Expr {
        var left = try unary()
        var links = 0
        defer { chainLinks -= links }
        while check("*") || check("/") || check("%") {
            try enterChainLink(&links)
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

    /// Applies postfix operators to `base` for as long as they follow (a loop, not recursion, so a
    /// long chain `a.b.c(1)[2]...` costs no stack).
    mutating func postfixOperators(_ base: Expr) throws -> Expr {
        var expr = base
        var links = 0
        defer { chainLinks -= links }
        while let applied = try postfixOperator(after: expr) {
            try enterChainLink(&links)
            expr = applied
        }
        return expr
    }

    /// One `.member`, call, subscript or trailing closure applied to `base`, or nil when none follows.
    /// Only `.` may start the next line: a `(`, `[` or `{` there begins a new statement, as in Swift.
    private mutating func postfixOperator(after base: Expr) throws -> Expr? {
        if match(".") { return try member(of: base) }
        guard !peek().newlineBefore else { return nil }
        if check("(") {
            let opening = advance()
            return Expr(.call(base, try callArguments(opening)), at: opening.location)
        }
        if check("[") {
            let opening = advance()
            return Expr(.subscriptAccess(base, try subscriptArguments(opening)), at: opening.location)
        }
        if check("{"), allowTrailingClosure { return try trailingClosure(after: base) }
        return nil
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

    /// The arguments of a call after its `(`, and the `)`.
    mutating func callArguments(_ opening: Token) throws -> [CallArgument] {
        try withTrailingClosures(allowed: true) { parser in
            try parser.commaSeparated(closing: ")", opening: opening) { parser in try parser.callArgument() }
        }
    }

    /// `value` or `label: value`; a keyword may be a label too (`in: x`).
    private mutating func callArgument() throws -> CallArgument {
        let start = peek()
        var label: String?
        if start.kind == .identifier || start.kind == .keyword, peek(1).isSymbol(":") {
            label = start.text
            advance()
            advance()
        }
        return CallArgument(label: label, value: try expression(), location: start.location)
    }

    /// The subscripts of `X[...]` after its `[`, and the `]`; unlike a call, `X[]` is an error.
    mutating func subscriptArguments(_ opening: Token) throws -> [SubscriptSyntax] {
        try withTrailingClosures(allowed: true) { parser in
            var arguments: [SubscriptSyntax] = []
            repeat { arguments.append(try parser.subscriptArgument()) } while parser.match(",")
            try parser.consume("]", "']'", opening: opening)
            return arguments
        }
    }

    /// `:` (all of an axis), `...` (all remaining axes) or an index or range expression.
    private mutating func subscriptArgument() throws -> SubscriptSyntax {
        if peek().kind == .identifier, peek().text == "default", peek(1).isSymbol(":") {
            _ = advance()
            _ = advance()
            return .labeled("default", try expression())
        }
        let standsAlone = peek(1).isSymbol(",") || peek(1).isSymbol("]")
        if check(":") && standsAlone {
            advance()
            return .all
        }
        if check("...") && standsAlone {
            advance()
            return .ellipsis
        }
        if check(":") {
            throw LabError("':' in a subscript: slices are written as ranges", at: peek().location,
                           hint: "write X[..<b] for the first b elements, X[a..<b] for a slice")
        }
        let value = try expression()
        if check(":") { throw sliceError(value) }
        return .expression(value)
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
