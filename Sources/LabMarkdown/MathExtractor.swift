/// Takes `$…$` and `$$…$$` out of a lab's prose before cmark sees it, so Markdown's escapes and
/// emphasis never touch TeX (`\\` in an aligned environment, `_` and `*` in formulas).
///
/// Each formula becomes a placeholder of private-use characters that cmark keeps as plain text.
/// Line breaks inside a formula are kept (each followed by a filler character, so no blank line
/// appears), so cmark's line numbers stay those of the lab. Fenced code and code spans are left
/// alone; wherever a placeholder still lands in literal text (code, HTML, links) it is put back.
struct MathExtractor {
    /// One formula found in the prose.
    struct Formula: Sendable, Equatable {
        var tex: String
        var display: Bool
        /// The formula as written, delimiters included.
        var original: String
        /// Where the TeX starts in the lab file.
        var position: SourcePosition
    }

    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"
    static let filler: Character = "\u{E002}"

    private(set) var formulas: [Formula] = []

    /// The text with every formula replaced by its placeholder.
    mutating func protect(_ text: String) -> String {
        let chars = Array(text)
        guard chars.contains("$") else { return text }
        let code = Self.codeMask(chars)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var cursor = PositionCursor()
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if code[i] {
                out.append(c)
                i += 1
            } else if c == "\\", i + 1 < chars.count {
                out.append(c)
                out.append(chars[i + 1])
                i += 2
            } else if c == "$", let (tex, end, display) = Self.formula(chars, at: i), !code[i..<end].contains(true) {
                let original = String(chars[i..<end])
                out += placeholder(formulas.count)
                for ch in original where ch.isNewline { out += "\n\(Self.filler)" }
                // Display TeX is trimmed: its first character is the first non-space after `$$`.
                var texStart = i + (display ? 2 : 1)
                while display, texStart < end, chars[texStart].isWhitespace { texStart += 1 }
                let position = cursor.position(of: texStart, in: chars)
                formulas.append(Formula(tex: tex, display: display, original: original, position: position))
                i = end
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }

    /// Line and column of character indices visited in increasing order, counted incrementally.
    private struct PositionCursor {
        var index = 0
        var position = SourcePosition(line: 1, column: 1)

        mutating func position(of target: Int, in chars: [Character]) -> SourcePosition {
            while index < target, index < chars.count {
                let c = chars[index]
                // The line breaks `SourceText` splits at; `\r\n` is one character.
                if c == "\n" || c == "\r\n" || c == "\r" {
                    position.line += 1
                    position.column = 1
                } else {
                    position.column += 1
                }
                index += 1
            }
            return position
        }
    }

    private func placeholder(_ index: Int) -> String {
        "\(Self.open)\(index)\(Self.close)"
    }

    /// A formula starting at `i`: its TeX, the index after it, and whether it is display math.
    private static func formula(_ chars: [Character], at i: Int) -> (String, Int, Bool)? {
        if let (tex, end) = MathScanner.displayMath(chars, at: i) { return (tex, end, true) }
        if let (tex, end) = MathScanner.inlineMath(chars, at: i) { return (tex, end, false) }
        return nil
    }

    /// `literal` with placeholders (and their fillers) turned back into the formulas as written.
    func restore(_ literal: String) -> String {
        guard literal.contains(Self.open) || literal.contains(Self.filler) else { return literal }
        var out = ""
        for piece in split(literal) {
            switch piece {
            case .text(let s): out += s
            case .formula(let f): out += f.original
            }
        }
        return out
    }

    enum Piece: Equatable {
        case text(String)
        case formula(Formula)
    }

    /// Text and formulas, with fillers (and the line break before each) dropped after a formula.
    func split(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var prose = ""
        var chars = Array(text)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == Self.open, let end = chars.firstIndex(of: Self.close), let k = Int(String(chars[..<end])),
                k >= 0, k < formulas.count
            {
                if !prose.isEmpty { pieces.append(.text(prose)) }
                prose = ""
                pieces.append(.formula(formulas[k]))
                chars = chars[(end + 1)...]
                // The formula's own line breaks come back with it.
                while chars.first?.isNewline == true, chars.dropFirst().first == Self.filler {
                    chars = chars.dropFirst(2)
                }
            } else if c != Self.filler {
                prose.append(c)
            }
        }
        if !prose.isEmpty { pieces.append(.text(prose)) }
        return pieces
    }

    /// True for characters inside fenced code blocks (fence lines included) and code spans.
    static func codeMask(_ chars: [Character]) -> [Bool] {
        var mask = [Bool](repeating: false, count: chars.count)
        var fence: (char: Character, length: Int)? = nil
        var start = 0
        while start < chars.count {
            var end = start
            while end < chars.count, !chars[end].isNewline { end += 1 }
            let line = chars[start..<end]
            if let open = fence {
                for k in start..<end { mask[k] = true }
                if let f = fenceMarker(line), f.char == open.char, f.length >= open.length, f.rest.allSatisfy(\.isWhitespace) {
                    fence = nil
                }
            } else if let f = fenceMarker(line) {
                for k in start..<end { mask[k] = true }
                fence = (f.char, f.length)
            } else {
                markCodeSpans(chars, start..<end, &mask)
            }
            start = end + 1
        }
        return mask
    }

    /// The fence a line opens or closes, after block-quote markers, indentation and a list marker.
    private static func fenceMarker(_ line: ArraySlice<Character>) -> (char: Character, length: Int, rest: ArraySlice<Character>)? {
        var rest = line.drop { $0 == " " || $0 == "\t" || $0 == ">" }
        for marker in ["- ", "* ", "+ "] where rest.starts(with: marker) { rest = rest.dropFirst(2) }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, rest.dropFirst(digits.count).starts(with: ". ") || rest.dropFirst(digits.count).starts(with: ") ") {
            rest = rest.dropFirst(digits.count + 2)
        }
        rest = rest.drop { $0 == " " }
        guard let c = rest.first, c == "`" || c == "~" else { return nil }
        let length = rest.prefix { $0 == c }.count
        guard length >= 3 else { return nil }
        return (c, length, rest.dropFirst(length))
    }

    /// Marks code spans (matching backtick runs) within one line.
    private static func markCodeSpans(_ chars: [Character], _ range: Range<Int>, _ mask: inout [Bool]) {
        var i = range.lowerBound
        while i < range.upperBound {
            guard chars[i] == "`" else {
                i += 1
                continue
            }
            var runEnd = i
            while runEnd < range.upperBound, chars[runEnd] == "`" { runEnd += 1 }
            let length = runEnd - i
            var j = runEnd
            var closed: Int? = nil
            while j < range.upperBound {
                if chars[j] == "`" {
                    var k = j
                    while k < range.upperBound, chars[k] == "`" { k += 1 }
                    if k - j == length {
                        closed = k
                        break
                    }
                    j = k
                } else {
                    j += 1
                }
            }
            guard let end = closed else {
                i = runEnd
                continue
            }
            for k in i..<end { mask[k] = true }
            i = end
        }
    }

    /// `node` and its descendants with placeholders in literal fields (code, HTML, links, info
    /// strings) put back; text nodes keep theirs, to become math inlines.
    func restoringLiterals(_ node: MarkdownNode) -> MarkdownNode {
        guard !formulas.isEmpty else { return node }
        var copy = node
        if node.kind != .text { copy.literal = restore(node.literal) }
        copy.info = restore(node.info)
        copy.destination = restore(node.destination)
        copy.title = restore(node.title)
        copy.children = node.children.map(restoringLiterals)
        return copy
    }
}
