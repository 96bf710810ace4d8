/// A recursive-descent parser, one small function per grammar rule (jlox style), that recovers at
/// statement boundaries so one cell can report several errors.
struct Parser {
    var tokens: [Token]
    var current = 0
    var errors: [LabError] = []
    /// Expression nesting depth; past `maxNesting` the parser reports "nesting too deep" instead of
    /// risking the stack.
    var nesting = 0
    static let maxNesting = 3000
    /// Blocks whose `{` was skipped while recovering from an error (`if not x {`): their `}` closes
    /// them quietly, instead of a second error "unexpected '}'".
    var skippedOpenBraces = 0
    /// Links of operator and postfix chains in the expression being parsed (see `enterChainLink`).
    var chainLinks = 0
    /// Counts the hidden names `if let`, `guard let` and `switch` introduce (their spelling, with
    /// a space, cannot clash with a name in lab code).
    var hiddenNames = 0
    static let maxChainLinks = 100_000
    /// False while parsing an `if`/`while`/`for` header, where `{` opens the body, not a trailing closure.
    var allowTrailingClosure = true
    /// Counts `$n` uses inside the closure being parsed.
    var implicitParameters: [Int] = []
    /// Shared by the probes and interpolations this parser starts, so their tokens count too.
    let budget: ParseBudget

    init(tokens: [Token], budget: ParseBudget = ParseBudget(cancellation: nil)) {
        self.tokens = tokens
        self.budget = budget
    }

    /// Parses a whole cell (or an interpolation's code) into statements and collected errors.
    ///
    /// When `cancellation` is set (the cell's time limit ran out, or the user interrupted), the
    /// parse stops within a few thousand tokens and says so in one error.
    static func parse(_ source: String, start: SourceLocation = SourceLocation(line: 1, column: 1),
                      cancellation: CancellationFlag? = nil)
        -> (statements: [Stmt], errors: [LabError])
    {
        let budget = ParseBudget(cancellation: cancellation)
        let lexed = Lexer.tokenize(source, start: start, budget: budget)
        var parser = Parser(tokens: lexed.tokens, budget: budget)
        parser.errors = lexed.errors
        let statements = parser.program()
        if parser.budget.stopped {
            var error = LabError("cancelled: the cell ran out of time or was interrupted while it was being read",
                                 at: start)
            error.isCancellation = true
            return ([], [error])
        }
        // The parser may withdraw a lexical error (`-9223372036854775808`); of those that stay, an
        // unterminated string, say, makes the parser stumble on the same line, and those follow-on
        // errors would only hide the real one.
        let lexical = parser.errors.prefix { error in
            lexed.errors.contains { $0.location == error.location && $0.message == error.message }
        }
        let badLines = Set(lexical.map(\.location.line))
        let followOn = parser.errors.dropFirst(lexical.count).filter { !badLines.contains($0.location.line) }
        return (statements, Array(lexical) + followOn)
    }

    // MARK: cursor verbs

    func peek(_ ahead: Int = 0) -> Token { tokens[min(current + ahead, tokens.count - 1)] }
    var previous: Token { tokens[max(current - 1, 0)] }
    var isAtEnd: Bool { peek().kind == .endOfFile }

    @discardableResult
    mutating func advance() -> Token {
        if budget.spend() {
            // Out of time: jump to the end, where every rule stops.
            current = tokens.count - 1
        } else if !isAtEnd {
            current += 1
        }
        return previous
    }

    func check(_ symbol: String) -> Bool { peek().isSymbol(symbol) }
    func checkKeyword(_ word: String) -> Bool { peek().isKeyword(word) }

    mutating func match(_ symbol: String) -> Bool {
        guard check(symbol) else { return false }
        advance()
        return true
    }

    mutating func matchKeyword(_ word: String) -> Bool {
        guard checkKeyword(word) else { return false }
        advance()
        return true
    }

    /// Consumes `symbol` or throws "expected ...", naming the opening token when there is one.
    @discardableResult
    mutating func consume(_ symbol: String, _ what: String, opening: Token? = nil) throws -> Token {
        if check(symbol) { return advance() }
        // An unclosed bracket is reported at the bracket itself: that is where the student must look,
        // and a position inside the message would not survive mapping cell lines to lab-file lines.
        guard let opening else {
            throw LabError("expected \(what), found \(describe(peek()))", at: peek().location)
        }
        throw LabError(
            "expected \(what) to close this '\(opening.text)', found \(describe(peek()))", at: opening.location)
    }

    mutating func identifier(_ what: String) throws -> Token {
        if peek().kind == .identifier { return advance() }
        throw LabError("expected \(what), found \(describe(peek()))", at: peek().location)
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .endOfFile: return "end of cell"
        case .string: return "a string"
        default: return token.newlineBefore && current > 0 && token.location != tokens[0].location
            ? "'\(token.text)' on the next line" : "'\(token.text)'"
        }
    }

    /// Skips to the start of the next statement after an error.
    mutating func synchronize(from start: Int) {
        if current > start && peek().newlineBefore && !isAtEnd { return }
        let errorLine = peek().location.line
        var opened = 0
        defer { skippedOpenBraces += opened }
        while !isAtEnd {
            if check(";") { advance(); return }
            if peek().newlineBefore && peek().location.line > errorLine { return }
            if check("}") {
                guard opened > 0 else { return }
                opened -= 1
            } else if check("{") {
                opened += 1
            }
            advance()
        }
    }

    /// Counts one more level of nesting; on an error the caller's state is restored by
    /// `recoveringStatement`, so only the success path needs to undo it (`defer { nesting -= 1 }`).
    mutating func enterNesting() throws {
        nesting += 1
        if nesting > Parser.maxNesting {
            throw LabError("nesting too deep (more than \(Parser.maxNesting) levels)", at: peek().location)
        }
    }

    /// Counts one more link of an operator or postfix chain (`a + b + …`, `f()()…`, `a.b.c…`): the
    /// syntax tree gets one level deeper per link, and compiling and freeing it recurse that deep
    /// (on the cells' 512 MB stack: 100,000 links are fine, 2,000,000 were not). The parser itself
    /// loops, so links are counted apart from `nesting`. The caller undoes `links`.
    mutating func enterChainLink(_ links: inout Int) throws {
        chainLinks += 1
        links += 1
        if chainLinks > Parser.maxChainLinks {
            throw LabError(
                "expression too long: more than \(Parser.maxChainLinks) operators, calls or members in one chain",
                at: peek().location, hint: "split it over several statements, or sum an array with reduce")
        }
    }

    /// Runs `body` one nesting level deeper, undoing the level on every exit, errors included.
    mutating func nested<Result>(_ body: (inout Parser) throws -> Result) throws -> Result {
        try enterNesting()
        defer { nesting -= 1 }
        return try body(&self)
    }

    /// Runs `body` with trailing closures allowed or not, restoring the previous setting on every
    /// exit, errors included.
    mutating func withTrailingClosures<Result>(allowed: Bool, _ body: (inout Parser) throws -> Result)
        rethrows -> Result
    {
        let saved = allowTrailingClosure
        allowTrailingClosure = allowed
        defer { allowTrailingClosure = saved }
        return try body(&self)
    }

    /// Runs `body` between a pair of brackets: one nesting level deeper, and with trailing closures
    /// allowed again, since inside brackets a `{` cannot open an `if` or `while` body.
    mutating func insideBrackets<Result>(_ body: (inout Parser) throws -> Result) throws -> Result {
        try nested { parser in try parser.withTrailingClosures(allowed: true, body) }
    }

    /// Items separated by commas up to the bracket `closing` (a trailing comma is allowed, so is an
    /// empty list), then `closing` itself, which must close `opening`.
    mutating func commaSeparated<Item>(closing: String, opening: Token, _ item: (inout Parser) throws -> Item)
        throws -> [Item]
    {
        var items: [Item] = []
        repeat {
            if check(closing) { break }
            items.append(try item(&self))
        } while match(",")
        try consume(closing, "'\(closing)'", opening: opening)
        return items
    }
}

/// Lets a parse be stopped from another thread: every token read by the lexer and taken by the
/// parser (its probes and interpolations alike, so backtracking counts) is counted, and every `interval` tokens the
/// cell's cancellation flag is read.
final class ParseBudget {
    private let cancellation: CancellationFlag?
    private var sinceCheck = 0
    /// Set once the flag was seen; the parse then runs to the end without reading more tokens.
    private(set) var stopped = false
    static let interval = 2048

    init(cancellation: CancellationFlag?) {
        self.cancellation = cancellation
    }

    /// Counts one token; true when the parse must stop.
    func spend() -> Bool {
        sinceCheck += 1
        if sinceCheck >= ParseBudget.interval {
            sinceCheck = 0
            if cancellation?.isCancelled == true { stopped = true }
        }
        return stopped
    }
}
