import LabMarkdown

/// Rewrites the link and image destinations in the lab's prose lines for the Markdown report,
/// leaving every other character as written.
///
/// Destinations are found in the text (`](dest`, `](<dest>` and reference definitions `[x]: dest`),
/// outside code spans, and only on lines that are not code or HTML blocks. A destination is changed
/// only when cmark read the same string as a link or image of the lab, so text that merely looks
/// like a link is never touched. Unless `unsafeHTML`, a destination the HTML report would blank
/// (`javascript:`, `vbscript:`, `file:`, `data:` but images) becomes the empty `<>`, as the HTML
/// report writes `href=""`; the link keeps its text.
struct MarkdownLinkRewriter {
    let links: ProseLinks
    let unsafeHTML: Bool
    /// Destinations of the lab's links and images, as cmark read them.
    let known: Set<String>
    /// Lines (1-based) of code and HTML blocks, copied untouched.
    let verbatimLines: Set<Int>

    init(document: LabDocument, links: ProseLinks, unsafeHTML: Bool) {
        self.links = links
        self.unsafeHTML = unsafeHTML
        var known: Set<String> = []
        var verbatim: Set<Int> = []
        Self.collect(document.blocks, known: &known, verbatim: &verbatim)
        self.known = known
        self.verbatimLines = verbatim
    }

    /// Whether rewriting could change anything at all.
    var isActive: Bool {
        known.contains { replacement($0) != $0 }
    }

    /// Line `number` with its destinations rewritten.
    func rewrite(_ line: String, number: Int) -> String {
        guard !verbatimLines.contains(number), line.contains("]") else { return line }
        let chars = Array(line)
        var out = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "`" {
                let end = Self.codeSpanEnd(chars, at: i)
                out += String(chars[i..<end])
                i = end
            } else if let start = destinationStart(chars, at: i) {
                out += String(chars[i..<start])
                if start < chars.count, chars[start] == "<", let close = chars[(start + 1)...].firstIndex(of: ">") {
                    out += "<" + replacement(String(chars[(start + 1)..<close])) + ">"
                    i = close + 1
                } else {
                    let end = Self.bareDestinationEnd(chars, at: start)
                    let new = replacement(String(chars[start..<end]))
                    // A path with spaces needs the pointed brackets to stay one destination, and
                    // an empty one needs them to be a destination at all.
                    out += new.isEmpty || new.contains(" ") ? "<\(new)>" : new
                    i = end
                }
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return out
    }

    /// Where a destination begins if one follows the `]` at `i` (`](` or a definition's `]:`).
    private func destinationStart(_ chars: [Character], at i: Int) -> Int? {
        guard chars[i] == "]", i + 1 < chars.count else { return nil }
        if chars[i + 1] == "(" {
            var j = i + 2
            while j < chars.count, chars[j] == " " { j += 1 }
            return j
        }
        // A reference definition: `[label]: dest` with the label at the start of the line.
        if chars[i + 1] == ":", chars.prefix(i).drop(while: { $0 == " " || $0 == ">" }).first == "[" {
            var j = i + 2
            while j < chars.count, chars[j] == " " || chars[j] == "\t" { j += 1 }
            return j
        }
        return nil
    }

    /// `destination` as the report writes it, when cmark read it as a link of the lab.
    private func replacement(_ destination: String) -> String {
        guard known.contains(destination) else { return destination }
        let rewritten = links.destination(destination, for: .markdown)
        return !unsafeHTML && HTML.isDangerousURL(rewritten) ? "" : rewritten
    }

    /// The index after a destination written without pointed brackets (balanced parentheses allowed).
    private static func bareDestinationEnd(_ chars: [Character], at start: Int) -> Int {
        var j = start
        var depth = 0
        while j < chars.count, !chars[j].isWhitespace {
            if chars[j] == "\\" {
                j += 2
                continue
            }
            if chars[j] == "(" { depth += 1 }
            if chars[j] == ")" {
                if depth == 0 { break }
                depth -= 1
            }
            j += 1
        }
        return min(j, chars.count)
    }

    /// The index after the code span opening at `i`, or after the backtick run when it never closes.
    static func codeSpanEnd(_ chars: [Character], at i: Int) -> Int {
        var run = i
        while run < chars.count, chars[run] == "`" { run += 1 }
        let length = run - i
        var j = run
        while j < chars.count {
            guard chars[j] == "`" else {
                j += 1
                continue
            }
            var k = j
            while k < chars.count, chars[k] == "`" { k += 1 }
            if k - j == length { return k }
            j = k
        }
        return run
    }

    private static func collect(_ blocks: [Block], known: inout Set<String>, verbatim: inout Set<Int>) {
        for block in blocks {
            switch block {
            case .paragraph(let inlines, _), .heading(_, let inlines, _):
                collect(inlines, into: &known)
            case .blockQuote(let children, _):
                collect(children, known: &known, verbatim: &verbatim)
            case .list(_, let items, _):
                for item in items { collect(item.blocks, known: &known, verbatim: &verbatim) }
            case .codeBlock(_, _, let range), .htmlBlock(_, let range):
                if range.start.line <= range.end.line {
                    for line in range.start.line...range.end.line { verbatim.insert(line) }
                }
            case .thematicBreak, .cell:
                break
            }
        }
    }

    private static func collect(_ inlines: [Inline], into known: inout Set<String>) {
        for inline in inlines {
            switch inline {
            case .link(let destination, _, let children), .image(let destination, _, let children):
                known.insert(destination)
                collect(children, into: &known)
            case .emphasis(let children), .strong(let children):
                collect(children, into: &known)
            case .text, .softBreak, .lineBreak, .code, .html, .math:
                break
            }
        }
    }
}
