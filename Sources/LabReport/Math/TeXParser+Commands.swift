/// Backslash commands: symbols from the tables, then the commands that take arguments.
extension TeXParser {
    /// The command at the cursor (which is at its backslash).
    mutating func parseCommand() -> Atom {
        let start = pos
        let name = readCommandName()
        if let atom = symbolAtom(name) { return atom }
        if let node = parseStructure(name, start: start) { return Atom(node: node) }
        if let alphabet = MathAlphabet(command: name) {
            return Atom(node: alphabet.restyle(parseArgument(for: "\\" + name)))
        }
        if name.isEmpty {
            warn("a lone \\ at the end", at: start)
            return Atom(node: .error("\\"))
        }
        warn("unsupported command \\\(name)", at: start)
        return Atom(node: .error("\\" + name))
    }

    /// Commands that stand for one symbol, operator or function name.
    func symbolAtom(_ name: String) -> Atom? {
        if let s = TeXSymbols.greek[name] { return Atom(node: .identifier(s)) }
        if let s = TeXSymbols.capitalGreek[name] { return Atom(node: .identifier(s, upright: true)) }
        if let s = TeXSymbols.ordinary[name] { return Atom(node: .identifier(s, upright: s.count == 1 && name == "Re")) }
        if let s = TeXSymbols.operators[name] { return Atom(node: .symbol(s)) }
        if let s = TeXSymbols.bigOperatorsWithLimits[name] { return Atom(node: .op(s), kind: .bigOperator) }
        if let s = TeXSymbols.integrals[name] { return Atom(node: .op(s), kind: .integral) }
        if let width = TeXSymbols.spaces[name] { return Atom(node: .space(width: width)) }
        if TeXSymbols.functions.contains(name) { return Atom(node: .identifier(name), kind: .function) }
        if TeXSymbols.functionsWithLimits.contains(name) {
            return Atom(node: .identifier(name), kind: .functionWithLimits)
        }
        return nil
    }

    /// Commands with arguments or their own syntax; nil when `name` is none of them.
    mutating func parseStructure(_ name: String, start: Int) -> MathNode? {
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac": return parseFraction(name)
        case "binom": return parseBinomial()
        case "sqrt": return parseRoot()
        case "text", "textrm", "textnormal", "mbox": return parseText(name)
        case "operatorname": return parseOperatorName()
        case "left": return parseLeftRight(start: start)
        case "begin": return parseEnvironment(start: start)
        case "overline", "underline": return .ruled(parseArgument(for: "\\" + name), over: name == "overline")
        default:
            guard let accent = TeXSymbols.accents[name] else { return nil }
            let base = parseArgument(for: "\\" + name)
            return .accent(base: base, mark: accent.mark, over: accent.over, stretchy: accent.stretchy)
        }
    }

    /// `\frac{a}{b}`; `\dfrac` sets its parts in display style, `\tfrac` the whole in text style.
    mutating func parseFraction(_ name: String) -> MathNode {
        var numerator = parseArgument(for: "\\" + name)
        var denominator = parseArgument(for: "\\" + name)
        switch name {
        case "dfrac", "cfrac":
            numerator = .styled(numerator, displayStyle: true)
            denominator = .styled(denominator, displayStyle: true)
            return .fraction(numerator, denominator)
        case "tfrac": return .fraction(numerator, denominator, attributes: " displaystyle=\"false\"")
        default: return .fraction(numerator, denominator)
        }
    }

    /// `\binom{n}{k}`: a fraction without a bar, in parentheses.
    mutating func parseBinomial() -> MathNode {
        let top = parseArgument(for: "\\binom")
        let bottom = parseArgument(for: "\\binom")
        return .row([
            .op("(", attributes: " stretchy=\"true\""), .fraction(top, bottom, attributes: " linethickness=\"0\""),
            .op(")", attributes: " stretchy=\"true\""),
        ])
    }

    /// `\sqrt{x}` or `\sqrt[n]{x}`.
    mutating func parseRoot() -> MathNode {
        skipSpaces()
        guard peek == "[" else { return .squareRoot(parseArgument(for: "\\sqrt")) }
        pos += 1
        var index: [MathNode] = []
        while let c = peek, c != "]", !atListEnd {
            let before = pos
            if let atom = parseAtom() { index.append(attachScripts(to: atom)) }
            if pos == before { pos += 1 }
        }
        if peek == "]" { pos += 1 } else { warn("missing ] after the root's index") }
        return .root(parseArgument(for: "\\sqrt"), index: .group(index))
    }

    /// `\text{…}`: the words as written, with TeX's escapes undone.
    mutating func parseText(_ name: String) -> MathNode {
        let start = pos
        guard let raw = readRawArgument() else {
            warn("missing argument for \\\(name)", at: start)
            return .row([])
        }
        var text = ""
        var chars = raw.makeIterator()
        while let c = chars.next() {
            guard c == "\\" else {
                text.append(c == "~" ? "\u{A0}" : c)
                continue
            }
            let next = chars.next()
            if let next, "{}$%&#_ ".contains(next) {
                text.append(next)
            } else {
                warn("command inside \\\(name) kept as written", at: start)
                text.append(c)
                if let next { text.append(next) }
            }
        }
        // Token elements drop edge spaces, but `\text{ if }` means them: keep them as no-break spaces.
        let inner = text.drop { $0 == " " }
        let lead = text.count - inner.count
        let core = inner.reversed().drop { $0 == " " }
        let trail = inner.count - core.count
        let nbsp = "\u{A0}"
        return .text(String(repeating: nbsp, count: lead) + String(core.reversed()) + String(repeating: nbsp, count: trail))
    }

    /// `\operatorname{argmax}`: an upright function name; `\operatorname*` puts limits under it.
    mutating func parseOperatorName() -> MathNode {
        let limits = peek == "*"
        if limits { pos += 1 }
        let name = readRawArgument() ?? ""
        let node = MathNode.identifier(name, upright: name.count == 1)
        // The atom kind is only known here, so scripts and function application are attached here too.
        let atom = Atom(node: node, kind: limits ? .functionWithLimits : .function)
        return .row([attachScripts(to: atom), functionApplication()])
    }
}
