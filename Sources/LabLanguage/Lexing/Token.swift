/// What a token is; symbols and names keep their spelling in `Token.text`.
enum TokenKind: Equatable {
    case identifier
    case keyword
    case integer
    case float
    case string
    /// `$0`, `$1`: an implicit closure parameter; the index is in `Token.integer`.
    case dollar
    case symbol
    case endOfFile
}

/// A piece of a string literal: plain text or the tokens of an interpolation `\(...)`, ending in an
/// end-of-file token at its closing parenthesis, and where its code starts.
enum StringPart {
    case text(String)
    case code([Token], SourceLocation)
}

/// One token with its position; `newlineBefore` drives the line rules of the parser. A string
/// token's `text` is empty (its content is in `parts`): its spelling holds every nested string's
/// again, so copying it would make nested interpolations quadratic.
struct Token {
    var kind: TokenKind
    var text: String
    var location: SourceLocation
    /// Offset and length in Characters from the start of the source (for highlighting).
    var offset: Int
    var length: Int
    var newlineBefore: Bool
    var integer: Int = 0
    var float: Double = 0
    var parts: [StringPart] = []

    func isSymbol(_ spelling: String) -> Bool { kind == .symbol && text == spelling }
    func isKeyword(_ spelling: String) -> Bool { kind == .keyword && text == spelling }
}

/// A highlighted span of source text.
public struct TokenSpan: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case keyword, identifier, number, string, comment, `operator`, punctuation
        /// The name of a declared built-in (`print`, `zeros`, `Linear`), not after a `.`.
        case builtin
    }

    public var kind: Kind
    /// Offset and length in Characters from the start of the source.
    public var offset: Int
    public var length: Int

    public init(kind: Kind, offset: Int, length: Int) {
        self.kind = kind
        self.offset = offset
        self.length = length
    }
}

let keywords: Set<String> = [
    "let", "var", "func", "if", "else", "for", "in", "while", "break", "continue", "return", "true",
    "false", "nil", "_",
]

/// Symbols in order of decreasing length, so the lexer takes the longest match.
let symbols: [String] = [
    "...", "..<", "->", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "??",
    "+", "-", "*", "/", "%", "=", "<", ">", "!", "?", ":", ".", ",", ";", "(", ")", "[", "]", "{", "}",
]

let punctuationSymbols: Set<String> = ["(", ")", "[", "]", "{", "}", ",", ";", ":", "."]

extension Token {
    /// Whether this identifier is the keyword of a `switch`, `case`, `default`, `guard`, `where`,
    /// `struct` or `mutating` rather than a name, judged by the token after it: one rule for the
    /// parser and highlighting.
    /// (In a `for` header the parser takes `where` as the clause whatever follows.)
    func readsAsContextualKeyword(next: Token) -> Bool {
        guard kind == .identifier else { return false }
        switch text {
        case "case": return true
        // `struct Point {`, `mutating func`: only before what the declaration needs.
        case "struct": return next.kind == .identifier && !next.newlineBefore
        case "mutating": return next.isKeyword("func") && !next.newlineBefore
        case "default": return next.isSymbol(":")
        case "switch", "guard", "where":
            if next.newlineBefore || next.kind == .endOfFile { return false }
            // `where(c, a, b)` is the tensor function; `switch (x) {` and `guard (ok) else` are statements.
            if text == "where" && next.isSymbol("(") { return false }
            let asName: Set<String> = ["=", ".", "+=", "-=", "*=", "/=", "%=", "[", ",", ")", "]", "?", "??"]
            return !(next.kind == .symbol && asName.contains(next.text))
        default: return false
        }
    }
}
