/// CommonMark's raw HTML (spec 0.30, section 6.6), recognised in prose text: open and closing
/// tags, comments, processing instructions, declarations and CDATA sections.
///
/// The Markdown report uses it to find in the lab's lines the inline HTML that cmark reported
/// (which carries no position); a span found here counts only when cmark read the same text as
/// HTML, and the report is parsed again afterwards, so a difference from cmark can only leave a
/// paragraph more escaped than needed, never leave HTML in it.
enum RawHTML {
    /// The index after the raw HTML that starts at `i`, or nil when none starts there.
    static func end(in c: [Character], at i: Int) -> Int? {
        guard i + 1 < c.count, c[i] == "<" else { return nil }
        switch c[i + 1] {
        case "/": return closingTagEnd(c, i + 2)
        case "?": return index(after: "?>", in: c, from: i + 2)
        case "!": return bangEnd(c, i + 2)
        default: return openTagEnd(c, i + 1)
        }
    }

    /// After `<!`: a comment, a CDATA section or a declaration.
    private static func bangEnd(_ c: [Character], _ j: Int) -> Int? {
        if starts(c, j, "--") {
            // The text may not start with `>` or `->`, end with `-` or hold `--`: the first `--`
            // must be the closing one.
            if starts(c, j + 2, ">") || starts(c, j + 2, "->") { return nil }
            guard let close = index(after: "--", in: c, from: j + 2) else { return nil }
            return starts(c, close, ">") ? close + 1 : nil
        }
        if starts(c, j, "[CDATA[") { return index(after: "]]>", in: c, from: j + 7) }
        guard j < c.count, isASCIILetter(c[j]) else { return nil }
        return c[j...].firstIndex(of: ">").map { $0 + 1 }
    }

    private static func openTagEnd(_ c: [Character], _ start: Int) -> Int? {
        guard var j = tagNameEnd(c, start) else { return nil }
        while true {
            let k = skipSpace(c, j)
            if starts(c, k, ">") { return k + 1 }
            if starts(c, k, "/>") { return k + 2 }
            // An attribute needs white space before it.
            guard k > j, let next = attributeEnd(c, k) else { return nil }
            j = next
        }
    }

    private static func closingTagEnd(_ c: [Character], _ start: Int) -> Int? {
        guard let j = tagNameEnd(c, start) else { return nil }
        let k = skipSpace(c, j)
        return starts(c, k, ">") ? k + 1 : nil
    }

    /// A letter, then letters, digits and `-`.
    private static func tagNameEnd(_ c: [Character], _ start: Int) -> Int? {
        guard start < c.count, isASCIILetter(c[start]) else { return nil }
        var j = start + 1
        while j < c.count, isASCIILetter(c[j]) || isASCIIDigit(c[j]) || c[j] == "-" { j += 1 }
        return j
    }

    /// A name (`[A-Za-z_:][A-Za-z0-9_.:-]*`), then optionally `=` and a value.
    private static func attributeEnd(_ c: [Character], _ start: Int) -> Int? {
        guard start < c.count, isASCIILetter(c[start]) || c[start] == "_" || c[start] == ":" else { return nil }
        var j = start + 1
        while j < c.count, isASCIILetter(c[j]) || isASCIIDigit(c[j]) || "_.:-".contains(c[j]) { j += 1 }
        let equals = skipSpace(c, j)
        guard starts(c, equals, "=") else { return j }
        let value = skipSpace(c, equals + 1)
        guard value < c.count else { return nil }
        if c[value] == "\"" || c[value] == "'" {
            return c[(value + 1)...].firstIndex(of: c[value]).map { $0 + 1 }
        }
        var end = value
        while end < c.count, !isSpace(c[end]), !"\"'=<>`".contains(c[end]) { end += 1 }
        return end > value ? end : nil
    }

    private static func skipSpace(_ c: [Character], _ i: Int) -> Int {
        var j = i
        while j < c.count, isSpace(c[j]) { j += 1 }
        return j
    }

    private static func isSpace(_ ch: Character) -> Bool { ch == " " || ch == "\t" || ch == "\n" }
    private static func isASCIILetter(_ ch: Character) -> Bool { ch.isASCII && ch.isLetter }
    private static func isASCIIDigit(_ ch: Character) -> Bool { ch.isASCII && ch.isNumber }

    private static func starts(_ c: [Character], _ i: Int, _ text: String) -> Bool {
        i >= 0 && i <= c.count && c[i...].starts(with: text)
    }

    /// The index just after the first `text` at or after `start`.
    private static func index(after text: String, in c: [Character], from start: Int) -> Int? {
        let pattern = Array(text)
        var i = start
        while i + pattern.count <= c.count {
            if c[i..<(i + pattern.count)].elementsEqual(pattern) { return i + pattern.count }
            i += 1
        }
        return nil
    }
}
