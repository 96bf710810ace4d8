/// Sub- and superscripts, primes and command arguments.
extension TeXParser {
    /// The atom with any `_`, `^` and primes that follow it.
    mutating func attachScripts(to atom: Atom) -> MathNode {
        var sub: MathNode?
        var sup: [MathNode] = []
        var primesOnly = true
        while true {
            skipSpaces()
            let start = pos
            if peek == "'" {
                if !sup.isEmpty && !primesOnly { warn("prime after a superscript", at: start) }
                sup.insert(readPrimes(), at: 0)
            } else if peek == "^" {
                pos += 1
                let arg = TeXParser.primeMarked(parseArgument(for: "^"))
                if !primesOnly { warn("double superscript", at: start) }
                sup.append(arg)
                primesOnly = false
            } else if peek == "_" {
                pos += 1
                let arg = parseArgument(for: "_")
                if sub != nil { warn("double subscript", at: start) }
                sub = sub.map { .row([$0, arg]) } ?? arg
            } else {
                break
            }
        }
        if sub == nil && sup.isEmpty { return atom.node }
        let limits = display && (atom.kind == .bigOperator || atom.kind == .functionWithLimits)
        return .scripts(base: atom.node, sub: sub, sup: sup.isEmpty ? nil : .group(sup), limits: limits)
    }

    /// `'`, `''`, `'''`: one prime sign for the lot, as TeX sets them.
    mutating func readPrimes() -> MathNode {
        var count = 0
        while peek == "'" {
            count += 1
            pos += 1
        }
        let signs = ["′", "″", "‴", "⁗"]
        let text = count <= signs.count ? signs[count - 1] : String(repeating: "′", count: count)
        return .op(text, attributes: TeXParser.primeAttributes)
    }

    /// A prime is a superscript, as MathML writes it (`<msup><mi>f</mi><mo>′</mo></msup>`). The
    /// font's ′ sits raised for use on the baseline; in a superscript it would be raised again and
    /// shrunk to a speck, so the class turns on the font's script-style form (the handout's CSS sets
    /// `font-feature-settings: "ssty"` for it), which is drawn for exactly that place.
    static let primeAttributes = " lspace=\"0\" rspace=\"0\" class=\"prime\""

    /// `f^\prime` and `f^{\prime\prime}` set as `f'` and `f''` are.
    static func primeMarked(_ node: MathNode) -> MathNode {
        switch node {
        case .op(let text, attributes: "") where !text.isEmpty && text.allSatisfy({ "′″‴⁗".contains($0) }):
            return .op(text, attributes: primeAttributes)
        case .row(let nodes): return .row(nodes.map(primeMarked))
        default: return node
        }
    }

    /// The argument of a command or script: a `{group}`, one command, or one character.
    mutating func parseArgument(for command: String) -> MathNode {
        skipSpaces()
        guard enterNesting() else { return tooDeep() }
        defer { depth -= 1 }
        guard let c = peek, c != "}", c != "&", c != "^", c != "_", !atListEnd else {
            warn("missing argument for \(command)")
            return .row([])
        }
        if c == "{" {
            pos += 1
            return .group(parseGroupBody())
        }
        if c == "\\" { return parseAtom()?.node ?? .row([]) }
        pos += 1
        return characterNode(c)
    }

    /// The raw text of a `{…}` argument (nested braces kept, `\{` skipped over), or one character.
    mutating func readRawArgument() -> String? {
        skipSpaces()
        guard let c = peek else { return nil }
        guard c == "{" else {
            if c == "\\" {
                let start = pos
                _ = readCommandName()
                return String(chars[start..<pos])
            }
            pos += 1
            return String(c)
        }
        let open = pos
        pos += 1
        var level = 1
        var text = ""
        while let c = advance() {
            if c == "\\", let next = advance() {
                text.append(c)
                text.append(next)
                continue
            }
            if c == "{" { level += 1 }
            if c == "}" {
                level -= 1
                if level == 0 { return text }
            }
            text.append(c)
        }
        warn("missing } for the { here", at: open)
        return text
    }
}
