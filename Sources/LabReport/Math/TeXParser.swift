/// Reads TeX math into `MathNode`s: one small method per construct over a character cursor.
///
/// Every loop consumes at least one character, nesting is capped at `maxDepth`, and bad input
/// becomes an `.error` node plus a warning, so no input can hang, crash or vanish.
struct TeXParser {
    let chars: [Character]
    var pos = 0
    let display: Bool
    var warnings: [MathWarning] = []
    var depth = 0
    static let maxDepth = 50

    /// What a parsed atom is, which decides how its scripts are placed and what follows it.
    enum AtomKind { case ordinary, bigOperator, integral, function, functionWithLimits }

    struct Atom {
        var node: MathNode
        var kind: AtomKind = .ordinary
    }

    init(_ tex: String, display: Bool) {
        chars = Array(tex)
        self.display = display
    }

    // MARK: cursor verbs

    var atEnd: Bool { pos >= chars.count }
    var peek: Character? { atEnd ? nil : chars[pos] }
    func peek(at offset: Int) -> Character? { pos + offset < chars.count ? chars[pos + offset] : nil }

    mutating func advance() -> Character? {
        guard let c = peek else { return nil }
        pos += 1
        return c
    }

    mutating func skipSpaces() {
        while let c = peek, c.isWhitespace { pos += 1 }
    }

    mutating func warn(_ message: String, at offset: Int? = nil) {
        warnings.append(MathWarning(message: message, offset: offset ?? pos))
    }

    /// True when the cursor is at `\name` followed by a non-letter (so `\right` does not match `\rightarrow`).
    func atCommand(_ name: String) -> Bool {
        guard peek == "\\" else { return false }
        let letters = Array(name)
        for (i, c) in letters.enumerated() where peek(at: 1 + i) != c { return false }
        guard let after = peek(at: 1 + letters.count) else { return true }
        return !(after.isLetter && after.isASCII)
    }

    /// Reads `\name` (letters) or `\c` (one other character); the cursor must be at the backslash.
    mutating func readCommandName() -> String {
        pos += 1
        guard let first = peek else { return "" }
        guard first.isASCII, first.isLetter else {
            pos += 1
            return String(first)
        }
        var name = ""
        while let c = peek, c.isASCII, c.isLetter {
            name.append(c)
            pos += 1
        }
        return name
    }

    // MARK: lists and groups

    /// The whole formula; closers with nothing to close are shown as errors.
    mutating func parseFormula() -> [MathNode] {
        var nodes: [MathNode] = []
        while !atEnd {
            nodes += parseList()
            if !atEnd { nodes.append(strayCloser()) }
        }
        return nodes
    }

    /// True at anything that ends a list: `}`, `&`, `\\`, `\right`, `\middle`, `\end`.
    var atListEnd: Bool {
        guard let c = peek else { return true }
        if c == "}" || c == "&" { return true }
        if c == "\\", peek(at: 1) == "\\" { return true }
        return atCommand("right") || atCommand("middle") || atCommand("end")
    }

    /// Atoms with their scripts up to the end of the current list; the caller handles the ending token.
    mutating func parseList() -> [MathNode] {
        guard enterNesting() else { return [tooDeep()] }
        defer { depth -= 1 }
        var nodes: [MathNode] = []
        while true {
            skipSpaces()
            if atListEnd { break }
            let start = pos
            guard let atom = parseAtom() else { continue }
            nodes.append(attachScripts(to: atom))
            if atom.kind == .function || atom.kind == .functionWithLimits { nodes.append(functionApplication()) }
            if pos == start { pos += 1 }  // cannot happen by construction; guarantees progress regardless
        }
        return nodes
    }

    /// The body of a `{…}` group whose `{` was just read, through its `}`.
    mutating func parseGroupBody() -> [MathNode] {
        let open = pos - 1
        var nodes: [MathNode] = []
        while true {
            nodes += parseList()
            if atEnd {
                warn("missing } for the { here", at: open)
                return nodes
            }
            if peek == "}" {
                pos += 1
                return nodes
            }
            nodes.append(strayCloser())
        }
    }

    /// A list ender in the wrong place (`}` at top level, `&` outside a table…), shown as an error.
    mutating func strayCloser() -> MathNode {
        let start = pos
        if peek == "\\", peek(at: 1) == "\\" {
            pos += 2
            warn("\\\\ outside an environment such as aligned", at: start)
            return .error("\\\\")
        }
        if peek == "\\" {
            let name = readCommandName()
            var source = "\\" + name
            if name == "right" || name == "middle" { source += readDelimiterSource() }
            if name == "end", let env = readRawArgument() { source += "{\(env)}" }
            warn("\\\(name) without a matching \(name == "end" ? "\\begin" : "\\left")", at: start)
            return .error(source)
        }
        let c = advance().map(String.init) ?? ""
        warn("unexpected \(c)", at: start)
        return .error(c)
    }

    /// Counts one level of nesting; false when the formula nests deeper than `maxDepth`.
    mutating func enterNesting() -> Bool {
        guard depth < Self.maxDepth else { return false }
        depth += 1
        return true
    }

    /// Gives up on the rest of a formula that nests too deeply, showing it as source.
    mutating func tooDeep() -> MathNode {
        warn("formula nested more than \(Self.maxDepth) levels deep; the rest is shown as TeX")
        let rest = String(chars[pos...])
        pos = chars.count
        return .error(rest)
    }

    // MARK: atoms

    /// One atom: a character, a number, a command or a group; nil for input that produces nothing (comments).
    mutating func parseAtom() -> Atom? {
        guard let c = peek else { return nil }
        switch c {
        case "{":
            pos += 1
            return Atom(node: .group(parseGroupBody()))
        case "\\":
            return parseCommand()
        case "^", "_", "'":
            return Atom(node: .row([]))  // a script with no base, as in `{}^2` or `^2`
        case "%":
            while let next = peek, next != "\n" { pos += 1 }
            return nil
        case "~":
            pos += 1
            return Atom(node: .space(width: "0.25em"))
        default:
            if c.isASCII, c.isNumber { return Atom(node: .number(readNumber())) }
            pos += 1
            return Atom(node: characterNode(c))
        }
    }

    /// A letter, digit or operator typed as itself.
    func characterNode(_ c: Character) -> MathNode {
        if let op = TeXSymbols.operatorCharacters[c] { return .symbol(op) }
        if c.isNumber { return .number(String(c)) }
        if c.isLetter { return .identifier(String(c)) }
        return .op(String(c))
    }

    /// Digits with at most one decimal point followed by a digit: `3`, `0.25`.
    mutating func readNumber() -> String {
        var text = ""
        var seenPoint = false
        while let c = peek {
            if c.isASCII, c.isNumber {
                text.append(c)
            } else if c == ".", !seenPoint, let next = peek(at: 1), next.isASCII, next.isNumber {
                seenPoint = true
                text.append(c)
            } else {
                break
            }
            pos += 1
        }
        return text
    }

    /// The invisible function-application operator after `\sin` and friends, with TeX's thin space
    /// unless an opening delimiter follows.
    mutating func functionApplication() -> MathNode {
        skipSpaces()
        let tight = peek == "(" || peek == "[" || atCommand("left") || atListEnd
        return .op("\u{2061}", attributes: tight ? "" : " rspace=\"0.1667em\"")
    }
}
