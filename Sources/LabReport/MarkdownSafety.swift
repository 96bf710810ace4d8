import LabMarkdown

/// What keeps the Markdown report as safe as the HTML one when `--unsafe-html` is not given: a
/// Markdown viewer that does not sanitise would otherwise run the author's raw HTML and follow
/// `javascript:` links.
///
/// - An HTML block becomes a code block (```` ```html ````), so it shows as the author wrote it.
/// - Inline HTML shows as text: `<` written `&lt;`, `&` as `&amp;`, and `\`, `` ` ``, `[`, `]`
///   backslash-escaped, so nothing inside a tag's attributes becomes a link or code span either.
/// - A link or image whose destination the HTML report blanks (`HTML.isDangerousURL`) gets the
///   empty destination `<>`, as the HTML report writes `href=""` (see `MarkdownLinkRewriter`).
///
/// Those rewrites only touch what cmark read as HTML or links. The report is then parsed again
/// (`unsafeProseLines`): prose that still makes raw HTML or an unsafe link (written to slip past
/// the rewriting, or joined into one paragraph with the prose after a cell that shows nothing) is
/// flattened, every character that could start markup escaped.
enum MarkdownSafety {
    /// `line` with the characters at `indices` (inside inline HTML) shown as text.
    static func neutralising(_ line: String, at indices: Set<Int>) -> String {
        var out = ""
        for (i, c) in line.enumerated() {
            guard indices.contains(i) else {
                out.append(c)
                continue
            }
            switch c {
            case "<": out += "&lt;"
            case "&": out += "&amp;"
            case "\\", "`", "[", "]": out += "\\" + String(c)
            default: out.append(c)
            }
        }
        return out
    }

    /// `line` with nothing left that could open HTML, an autolink, a link or a code span: `<` as
    /// `&lt;`, `[`, `]` and `` ` `` backslash-escaped. The author's own escapes stay as written.
    static func flattened(_ line: String) -> String {
        var out = ""
        var rest = line[...]
        while let c = rest.popFirst() {
            if c == "\\", let next = rest.first, asciiPunctuation.contains(next) {
                out.append(c)
                out.append(rest.removeFirst())
                continue
            }
            switch c {
            case "<": out += "&lt;"
            case "[", "]", "`": out += "\\" + String(c)
            default: out.append(c)
            }
        }
        return out
    }

    /// The characters CommonMark lets a backslash escape.
    static let asciiPunctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

    /// The replacement of each line of the HTML block at `range`: the block as a code block, the
    /// fences carrying the block's container prefix (`> `, a list item's indentation).
    static func fencedHTMLBlock(_ range: SourceRange, lines: [String]) -> [Int: [String]] {
        let first = range.start.line, last = min(range.end.line, lines.count)
        guard first >= 1, first <= last else { return [:] }
        let opening = Array(lines[first - 1])
        let cut = min(max(range.start.column - 1, 0), opening.count)
        let prefix = String(opening[..<cut])
        // Later lines keep `>` and tabs; a list marker becomes spaces.
        let rest = String(prefix.map { $0 == ">" || $0 == "\t" ? $0 : " " })
        var body = Array(lines[(first - 1)..<last])
        body[0] = rest + String(opening[cut...])
        let fenced = MarkdownBlocks.fenced(body, info: "html")
        var out: [Int: [String]] = [:]
        for (offset, line) in body.enumerated() { out[first + offset] = [line] }
        out[first]?.insert(prefix + fenced[0], at: 0)
        out[last]?.append(rest + (fenced.last ?? "```"))
        return out
    }

    /// The lab lines (1-based) of the prose in `lines` that, parsed as the report is, still make
    /// raw HTML or a link or image with an unsafe destination.
    static func unsafeProseLines(in lines: [ReportLine]) -> Set<Int> {
        let parsed = LabParser.parse(text: lines.map(\.text).joined(separator: "\n"), path: "")
        let owners = lineOwners(lines)
        func proseLines(_ parsedLines: ClosedRange<Int>) -> [Int] {
            parsedLines.compactMap { owners.indices.contains($0 - 1) ? lines[owners[$0 - 1]].sourceLine : nil }
        }
        var unsafe = Set(unsafeRanges(parsed.blocks).flatMap { proseLines($0.start.line...max($0.start.line, $0.end.line)) })
        // Past the parser's nesting limit the blocks are plain text, unchecked: flatten the rest.
        if let cut = parsed.flattenedAt, cut.line >= 1, cut.line <= owners.count {
            unsafe.formUnion(lines[owners[cut.line - 1]...].compactMap(\.sourceLine))
        }
        return unsafe
    }

    /// For each line as the parser counts them (`\n`, `\r\n` or `\r` end one), the index of the
    /// report line it is part of.
    private static func lineOwners(_ lines: [ReportLine]) -> [Int] {
        var owners: [Int] = []
        for (index, line) in lines.enumerated() {
            let breaks = line.text.filter { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.count
            owners += Array(repeating: index, count: breaks + 1)
        }
        return owners
    }

    /// The ranges of HTML blocks, and of paragraphs and headings with inline HTML or an unsafe
    /// link or image.
    private static func unsafeRanges(_ blocks: [Block]) -> [SourceRange] {
        blocks.flatMap { block -> [SourceRange] in
            switch block {
            case .htmlBlock(_, let range): return [range]
            case .paragraph(let inlines, let range), .heading(_, let inlines, let range):
                return inlines.contains(where: isUnsafe) ? [range] : []
            case .blockQuote(let children, _): return unsafeRanges(children)
            case .list(_, let items, _): return items.flatMap { unsafeRanges($0.blocks) }
            case .codeBlock, .thematicBreak, .cell: return []
            }
        }
    }

    private static func isUnsafe(_ inline: Inline) -> Bool {
        switch inline {
        case .html: return true
        case .link(let destination, _, let children), .image(let destination, _, let children):
            return HTML.isDangerousURL(destination) || children.contains(where: isUnsafe)
        case .emphasis(let children), .strong(let children): return children.contains(where: isUnsafe)
        case .text, .softBreak, .lineBreak, .code, .math: return false
        }
    }
}

/// One line of the Markdown report, and the lab line it copies when it is prose.
struct ReportLine: Equatable {
    var text: String
    /// The lab line (1-based) this line is made from, nil for lines of cells and diagnostics.
    var sourceLine: Int?
}

/// Where the inline HTML that cmark found stands in the lab's lines.
///
/// cmark gives inline HTML no position, so each paragraph and heading that holds some is read
/// again as cmark's inline parser reads it (code spans and backslash escapes first), and a span of
/// raw HTML counts when its text is one cmark reported for that block.
enum InlineHTMLFinder {
    /// The characters (indices into their line) inside inline HTML, by lab line (1-based).
    static func positions(in document: LabDocument) -> [Int: Set<Int>] {
        var positions: [Int: Set<Int>] = [:]
        for (range, raws) in blocksWithHTML(document.blocks) {
            let text = BlockText(lines: document.sourceLines, range: range)
            for span in spans(in: text.characters, matching: raws) {
                for k in span {
                    if let (line, index) = text.origins[k] { positions[line, default: []].insert(index) }
                }
            }
        }
        return positions
    }

    /// The spans of raw HTML in `c` whose text is one of `raws`.
    static func spans(in c: [Character], matching raws: Set<String>) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var i = 0
        while i < c.count {
            switch c[i] {
            case "\\":
                i += i + 1 < c.count && MarkdownSafety.asciiPunctuation.contains(c[i + 1]) ? 2 : 1
            case "`":
                i = MarkdownLinkRewriter.codeSpanEnd(c, at: i)
            case "<":
                if let end = RawHTML.end(in: c, at: i), raws.contains(String(c[i..<end])) {
                    found.append(i..<end)
                    i = end
                } else {
                    i += 1
                }
            default:
                i += 1
            }
        }
        return found
    }

    /// Paragraphs and headings, wherever they stand, with the raw text of their inline HTML.
    private static func blocksWithHTML(_ blocks: [Block]) -> [(SourceRange, Set<String>)] {
        blocks.flatMap { block -> [(SourceRange, Set<String>)] in
            switch block {
            case .paragraph(let inlines, let range), .heading(_, let inlines, let range):
                let raws = html(in: inlines)
                return raws.isEmpty ? [] : [(range, raws)]
            case .blockQuote(let children, _): return blocksWithHTML(children)
            case .list(_, let items, _): return items.flatMap { blocksWithHTML($0.blocks) }
            case .codeBlock, .htmlBlock, .thematicBreak, .cell: return []
            }
        }
    }

    private static func html(in inlines: [Inline]) -> Set<String> {
        var raws: Set<String> = []
        for inline in inlines {
            switch inline {
            case .html(let raw): raws.insert(raw)
            case .emphasis(let c), .strong(let c), .link(_, _, let c), .image(_, _, let c): raws.formUnion(html(in: c))
            case .text, .softBreak, .lineBreak, .code, .math: break
            }
        }
        return raws
    }
}

/// A paragraph's or heading's text as cmark's inline parser sees it: from the block's first
/// character, later lines without container markers and indentation, joined by `\n`.
struct BlockText {
    private(set) var characters: [Character] = []
    /// Each character's lab line and index in that line; nil for the joining line breaks.
    private(set) var origins: [(line: Int, index: Int)?] = []

    init(lines: [String], range: SourceRange) {
        let last = min(range.end.line, lines.count)
        guard range.start.line >= 1, range.start.line <= last else { return }
        for line in range.start.line...last {
            let chars = Array(lines[line - 1])
            // A continuation line's `>` markers and indentation are not its text (cmark strips
            // leading white space, and a `>` there would have started a block quote).
            let skip = line == range.start.line
                ? min(max(range.start.column - 1, 0), chars.count)
                : chars.prefix { $0 == " " || $0 == "\t" || $0 == ">" }.count
            if line > range.start.line {
                characters.append("\n")
                origins.append(nil)
            }
            for index in skip..<chars.count {
                characters.append(chars[index])
                origins.append((line, index))
            }
        }
    }
}
