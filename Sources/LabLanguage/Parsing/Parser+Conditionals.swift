/// `if let`, `guard`, `switch` and the contextual keywords they use. `if let` and `guard` are
/// rewritten into plain declarations and `if`s around a hidden name (evaluated once); `switch` is a
/// statement of its own, since its `break` leaves the switch, not a loop.
extension Parser {
    /// `word` (`guard`, `switch`) used as a keyword: spelled as an identifier, so lab code may
    /// still name things so (`Token.readsAsContextualKeyword` decides).
    func isContextualKeyword(_ word: String) -> Bool {
        peek().text == word && peek().readsAsContextualKeyword(next: peek(1))
    }

    private mutating func hiddenName(_ what: String) -> String {
        hiddenNames += 1
        return "\(what) \(hiddenNames)"
    }

    /// `let name = value` (or `var`) after `if`/`guard`: the pattern's name, its keyword and value.
    private mutating func optionalBinding() throws -> (isLet: Bool, name: Token, value: Expr) {
        let isLet = advance().text == "let"
        let name = try identifier("a name")
        if match("=") {
            return (isLet, name, try withTrailingClosures(allowed: false) { parser in try parser.expression() })
        }
        // `if let x { … }` unwraps the variable of the same name, as Swift 5.7 allows.
        return (isLet, name, Expr(.name(name.text), at: name.location))
    }

    /// `if let x = value { then } else { otherwise }` becomes
    /// `if true { let hidden = value; if hidden != nil { let x = hidden; then } else { otherwise } }`.
    mutating func ifLetStatement() throws -> Stmt {
        let binding = try optionalBinding()
        let then = try block()
        var otherwise: [Stmt]?
        if matchKeyword("else") {
            otherwise = matchKeyword("if") ? [try nested { parser in try parser.ifStatement() }] : try block()
        }
        let location = binding.name.location
        let hidden = hiddenName("if-let value")
        let reference = Expr(.name(hidden), at: location)
        let test = Expr(.binary(.notEqual, reference, Expr(.literal(.nil), at: location)), at: location)
        let unwrap = Stmt.declaration(isLet: binding.isLet, .name(binding.name.text, location), nil, reference, location)
        return .ifStatement(condition: Expr(.literal(.bool(true)), at: location), then: [
            .declaration(isLet: true, .name(hidden, location), nil, binding.value, location),
            .ifStatement(condition: test, then: [unwrap] + then, otherwise: otherwise),
        ], otherwise: nil)
    }

    /// `guard condition else { … }` or `guard let x = value else { … }`; the else block must leave
    /// (end in return, break or continue), and `x` is declared for the code after the guard.
    mutating func guardStatement() throws -> [Stmt] {
        let keyword = advance()
        let binding: (isLet: Bool, name: Token, value: Expr)?
        let condition: Expr?
        if peek().isKeyword("let") || peek().isKeyword("var") {
            binding = try optionalBinding()
            condition = nil
        } else {
            binding = nil
            condition = try withTrailingClosures(allowed: false) { parser in try parser.expression() }
        }
        guard matchKeyword("else") else {
            throw LabError("expected 'else' after the guard's condition, found \(describe(peek()))", at: peek().location)
        }
        let body = try block()
        switch body.last {
        case .returnStatement?, .breakStatement?, .continueStatement?: break
        default:
            throw LabError("the else block of a guard must leave: end it with return, break or continue",
                           at: keyword.location)
        }
        let location = keyword.location
        guard let binding else {
            let negated = Expr(.unary(.not, condition!), at: location)
            return [.ifStatement(condition: negated, then: body, otherwise: nil)]
        }
        let hidden = hiddenName("guard-let value")
        let reference = Expr(.name(hidden), at: binding.name.location)
        let test = Expr(.binary(.equal, reference, Expr(.literal(.nil), at: location)), at: location)
        return [
            .declaration(isLet: true, .name(hidden, location), nil, binding.value, location),
            .ifStatement(condition: test, then: body, otherwise: nil),
            .declaration(isLet: binding.isLet, .name(binding.name.text, binding.name.location), nil, reference,
                         binding.name.location),
        ]
    }

    /// `switch subject { case 1, 2: … case 3...5: … default: … }`.
    mutating func switchStatement() throws -> Stmt {
        let location = previous.location
        let subject = try headerExpression()
        let opening = try consume("{", "'{' after the switch's subject")
        let cases = try insideBrackets { parser -> [SwitchCase] in
            var cases: [SwitchCase] = []
            while !parser.check("}") && !parser.isAtEnd {
                if parser.match(";") { continue }
                cases.append(try parser.switchCase(after: cases))
            }
            try parser.consume("}", "'}'", opening: opening)
            return cases
        }
        guard !cases.isEmpty else { throw LabError("a switch needs at least one case", at: location) }
        guard cases.last?.patterns.isEmpty == true else {
            throw LabError("a switch must be exhaustive: add a 'default:' case at the end", at: location,
                           hint: "default: break does nothing for the values no case matches")
        }
        return .switchStatement(subject: subject, cases: cases, location)
    }

    /// One `case p1, p2:` or `default:` with the statements up to the next case or the `}`.
    private mutating func switchCase(after earlier: [SwitchCase]) throws -> SwitchCase {
        let start = peek()
        var patterns: [Expr] = []
        // Inside a switch's braces `case` and `default` always start a case.
        if start.kind == .identifier, start.text == "default" {
            _ = advance()
        } else if start.kind == .identifier, start.text == "case" {
            _ = advance()
            repeat { patterns.append(try expression()) } while match(",")
        } else {
            throw LabError("expected 'case' or 'default' in the switch, found \(describe(start))", at: start.location)
        }
        if earlier.last?.patterns.isEmpty == true {
            throw LabError("'default' must be the last case of a switch", at: earlier.last!.location)
        }
        try consume(":", "':' after the case")
        var body: [Stmt] = []
        while !check("}") && !isAtEnd && !isCaseStart {
            if match(";") { continue }
            body += recoveringStatement()
        }
        if body.isEmpty {
            throw LabError("a case needs at least one statement (write break to do nothing)", at: start.location)
        }
        return SwitchCase(patterns: patterns, body: body, location: start.location)
    }

    /// The next token begins another `case` or the `default:` case.
    private var isCaseStart: Bool {
        let token = peek()
        return token.kind == .identifier && (token.text == "case" || token.text == "default") && token.newlineBefore
    }
}
