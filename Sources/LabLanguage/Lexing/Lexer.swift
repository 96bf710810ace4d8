/// Turns source text into tokens with line and column; errors are collected, never thrown, so the
/// parser can report several and highlighting never fails.
struct Lexer {
    let chars: [Character]
    var index = 0
    var line: Int
    var column: Int
    /// The code's number, carried into every location (see `SourceLocation.source`).
    let source: Int
    var sawNewline = true
    var tokens: [Token] = []
    var errors: [LabError] = []
    /// Comment spans, kept for highlighting.
    var comments: [TokenSpan] = []
    /// How many string interpolations enclose the token being read (see `maxInterpolationDepth`).
    var interpolationDepth = 0
    /// Interpolations nested deeper are an error: each level recurses once in the lexer and the parser.
    static let maxInterpolationDepth = 1000

    init(_ source: String, start: SourceLocation = SourceLocation(line: 1, column: 1)) {
        chars = Array(source)
        line = start.line
        column = start.column
        self.source = start.source
    }

    /// Reads `source` into tokens; a stopped `budget` (the cell was cancelled) ends the tokens early.
    static func tokenize(_ source: String, start: SourceLocation = SourceLocation(line: 1, column: 1),
                         budget: ParseBudget? = nil)
        -> (tokens: [Token], errors: [LabError], comments: [TokenSpan])
    {
        var lexer = Lexer(source, start: start)
        lexer.run(budget: budget)
        return (lexer.tokens, lexer.errors, lexer.comments)
    }

    var here: SourceLocation { SourceLocation(line: line, column: column, source: source) }
    func peek(_ ahead: Int = 0) -> Character? {
        index + ahead < chars.count ? chars[index + ahead] : nil
    }

    mutating func advance() -> Character {
        let character = chars[index]
        index += 1
        if character.isNewline {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return character
    }

    mutating func run(budget: ParseBudget? = nil) {
        while budget?.spend() != true {
            skipTrivia()
            guard let character = peek() else { break }
            lexToken(character)
        }
        tokens.append(Token(kind: .endOfFile, text: "", location: here, offset: index, length: 0,
                            newlineBefore: true))
    }

    /// One token starting at `character` (the next one, not whitespace or a comment).
    mutating func lexToken(_ character: Character) {
        let start = (index, here)
        if character.isLetter || character == "_" {
            lexWord(start)
        } else if character.isASCII && character.isNumber {
            lexNumber(start)
        } else if character == "\"" {
            lexString(start)
        } else if character == "$" {
            lexDollar(start)
        } else if !lexSymbol(start) {
            _ = advance()
            errors.append(LabError("unexpected character '\(character)'", at: start.1))
        }
    }

    mutating func emit(_ kind: TokenKind, _ start: (Int, SourceLocation), text: String? = nil) -> Int {
        let spelling = text ?? String(chars[start.0..<index])
        tokens.append(Token(kind: kind, text: spelling, location: start.1, offset: start.0,
                            length: index - start.0, newlineBefore: sawNewline))
        sawNewline = false
        return tokens.count - 1
    }

    private mutating func skipTrivia() {
        while let character = peek() {
            if character.isNewline {
                sawNewline = true
                _ = advance()
            } else if character.isWhitespace {
                _ = advance()
            } else if character == "/" && peek(1) == "/" {
                let start = index
                while let next = peek(), !next.isNewline { _ = advance() }
                comments.append(TokenSpan(kind: .comment, offset: start, length: index - start))
            } else if character == "/" && peek(1) == "*" {
                skipBlockComment()
            } else {
                return
            }
        }
    }

    /// Block comments nest, as in Swift.
    private mutating func skipBlockComment() {
        let start = (index, here)
        var depth = 0
        while let character = peek() {
            if character == "/" && peek(1) == "*" {
                depth += 1
                _ = advance(); _ = advance()
            } else if character == "*" && peek(1) == "/" {
                depth -= 1
                _ = advance(); _ = advance()
                if depth == 0 { break }
            } else {
                _ = advance()
            }
        }
        if depth > 0 { errors.append(LabError("unterminated comment: '/*' is never closed with '*/'", at: start.1)) }
        comments.append(TokenSpan(kind: .comment, offset: start.0, length: index - start.0))
    }

    private mutating func lexWord(_ start: (Int, SourceLocation)) {
        while let character = peek(), character.isLetter || character.isNumber || character == "_" {
            _ = advance()
        }
        let word = String(chars[start.0..<index])
        _ = emit(keywords.contains(word) ? .keyword : .identifier, start)
    }

    private mutating func lexDollar(_ start: (Int, SourceLocation)) {
        _ = advance()
        var digits = ""
        while let character = peek(), character.isASCII && character.isNumber {
            digits.append(advance())
        }
        guard let number = Int(digits), number < 100 else {
            errors.append(LabError("expected a number after '$', as in $0", at: start.1))
            return
        }
        let position = emit(.dollar, start)
        tokens[position].integer = number
    }

    private mutating func lexSymbol(_ start: (Int, SourceLocation)) -> Bool {
        for symbol in symbols where matches(symbol) {
            for _ in 0..<symbol.count { _ = advance() }
            _ = emit(.symbol, start)
            return true
        }
        return false
    }

    private func matches(_ text: String) -> Bool {
        var offset = 0
        for character in text {
            guard peek(offset) == character else { return false }
            offset += 1
        }
        return true
    }
}

extension Lexer {
    /// After a `.`, digits are a tuple index (`pair.0.1`), never a fraction.
    private var afterDot: Bool {
        guard let last = tokens.last else { return false }
        return last.isSymbol(".") && !sawNewline && last.offset + 1 == index
    }

    /// The base a prefix letter after `0` gives (`0x`, `0b`, `0o`), or nil.
    static func radix(_ letter: Character) -> Int? {
        switch letter {
        case "x": return 16
        case "b": return 2
        case "o": return 8
        default: return nil
        }
    }

    mutating func lexNumber(_ start: (Int, SourceLocation)) {
        if peek() == "0", let base = peek(1).flatMap(Self.radix) {
            lexRadixNumber(start, base: base)
            return
        }
        var isFloat = false
        let isTupleIndex = afterDot
        consumeDigits()
        if !isTupleIndex, peek() == ".", let next = peek(1), next.isASCII && next.isNumber {
            isFloat = true
            _ = advance()
            consumeDigits()
        }
        if !isTupleIndex, peek() == "e" || peek() == "E" {
            let sign = (peek(1) == "+" || peek(1) == "-") ? 1 : 0
            if let digit = peek(1 + sign), digit.isASCII && digit.isNumber {
                isFloat = true
                for _ in 0...sign { _ = advance() }
                consumeDigits()
            }
        }
        let spelling = String(chars[start.0..<index])
        // Most numbers have no `_`; Foundation's replacing was a third of lexing a long sum.
        let digits = spelling.contains("_") ? spelling.filter { $0 != "_" } : spelling
        let position = emit(isFloat ? .float : .integer, start)
        if isFloat {
            let value = Double(digits) ?? .infinity
            if !value.isFinite {
                errors.append(LabError("floating-point literal '\(spelling)' overflows Double", at: start.1))
            }
            tokens[position].float = value.isFinite ? value : 0
        } else if let value = Int(digits) {
            tokens[position].integer = value
        } else {
            errors.append(LabError("integer literal '\(spelling)' overflows Int", at: start.1,
                                   hint: "Int holds -9223372036854775808...9223372036854775807; write a Double such as \(digits).0"))
        }
        if let next = peek(), next.isLetter {
            errors.append(LabError("'\(next)' is not a valid digit in a number", at: here))
        }
    }

    private mutating func consumeDigits() {
        while let character = peek(), (character.isASCII && character.isNumber) || character == "_" {
            _ = advance()
        }
    }

    private mutating func lexRadixNumber(_ start: (Int, SourceLocation), base: Int) {
        _ = advance(); _ = advance()
        var digits = ""
        while let character = peek(), character.isHexDigit || character == "_" {
            let taken = advance()
            if taken != "_" { digits.append(taken) }
        }
        let position = emit(.integer, start)
        if let value = Int(digits, radix: base) {
            tokens[position].integer = value
        } else {
            errors.append(LabError("invalid or overflowing integer literal '\(tokens[position].text)'", at: start.1))
        }
    }
}
