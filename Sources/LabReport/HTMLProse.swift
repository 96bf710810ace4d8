import LabMarkdown

/// Walks the document's block and inline tree into HTML, the way cmark's renderer would with
/// its safe default, plus heading anchors; cells are handed back to the caller.
struct HTMLProse {
    var options: HTMLOptions
    /// `data:` URIs for image sources, shown instead of the path.
    var images: [String: String] = [:]
    /// The formulas, converted once for the report.
    var math = ConvertedFormulas([])
    var slugger: Slugger
    /// Renders the cell with the given index (a `<div class="cell">`), ending with a newline.
    var renderCell: (Int) -> String
    /// The headings rendered so far, for the table of contents.
    var headings: [HTMLContents.Entry] = []

    mutating func blocks(_ blocks: [Block]) -> String {
        var out = ""
        for block in blocks { out += self.block(block, tight: false) }
        return out
    }

    private mutating func block(_ block: Block, tight: Bool) -> String {
        switch block {
        case .paragraph(let inlines, _):
            let body = self.inlines(inlines)
            return tight ? body : "<p>\(body)</p>\n"
        case .heading(let level, let inlines, _):
            let n = min(max(level, 1), 6)
            let id = slugger.slug(plainText(inlines))
            headings.append(HTMLContents.Entry(level: n, id: id, html: self.inlines(inlines, linksAsText: true)))
            return "<h\(n) id=\"\(HTML.escapeText(id))\">\(self.inlines(inlines))</h\(n)>\n"
        case .blockQuote(let children, _):
            return "<blockquote>\n\(blocks(children))</blockquote>\n"
        case .list(let info, let items, _):
            return list(info, items)
        case .codeBlock(let info, let literal, _):
            return Self.codeBlock(info: info, literal: literal)
        case .htmlBlock(let raw, _):
            return options.unsafeHTML ? Self.withNewline(raw) : "<!-- raw HTML omitted -->\n"
        case .thematicBreak:
            return "<hr />\n"
        case .cell(let index):
            return renderCell(index)
        }
    }

    private mutating func list(_ info: ListInfo, _ items: [ListItem]) -> String {
        let tag = info.ordered ? "ol" : "ul"
        let start = info.ordered && info.start != 1 ? " start=\"\(info.start)\"" : ""
        var out = "<\(tag)\(start)>\n"
        for item in items {
            // As cmark does: a tight item's paragraphs are their bare text, and every other block
            // starts on a line of its own (a line break only where the text so far has none).
            var body = "<li>"
            for block in item.blocks {
                if info.tight, case .paragraph = block {
                    body += self.block(block, tight: true)
                } else {
                    if !body.hasSuffix("\n") { body += "\n" }
                    body += self.block(block, tight: false)
                }
            }
            out += body + "</li>\n"
        }
        return out + "</\(tag)>\n"
    }

    /// A fenced or indented code block that is not a cell; the info string's first word names
    /// the language.
    static func codeBlock(info: String, literal: String) -> String {
        let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
        let attribute = language.map { " class=\"language-\(HTML.escapeText($0))\"" } ?? ""
        return "<pre><code\(attribute)>\(HTML.escapeText(withNewline(literal)))</code></pre>\n"
    }

    /// Inline HTML; `linksAsText` renders links as their text (for the contents, which link already).
    func inlines(_ inlines: [Inline], linksAsText: Bool = false) -> String {
        inlines.map { inline($0, linksAsText: linksAsText) }.joined()
    }

    private func inline(_ inline: Inline, linksAsText: Bool) -> String {
        let inlines = { (c: [Inline]) in self.inlines(c, linksAsText: linksAsText) }
        switch inline {
        case .text(let s): return HTML.escapeText(s)
        case .softBreak: return "\n"
        case .lineBreak: return "<br />\n"
        case .code(let s): return "<code>\(HTML.escapeText(s))</code>"
        case .html(let raw): return options.unsafeHTML ? raw : "<!-- raw HTML omitted -->"
        case .emphasis(let c): return "<em>\(inlines(c))</em>"
        case .strong(let c): return "<strong>\(inlines(c))</strong>"
        case .link(_, _, let c) where linksAsText:
            return inlines(c)
        case .link(let destination, let title, let c):
            let href = HTML.attributeURL(options.links.destination(destination, for: .html), unsafe: options.unsafeHTML)
            return "<a href=\"\(href)\"\(Self.titleAttribute(title))>\(inlines(c))</a>"
        case .image(let source, let title, let c):
            // Embedded images are `data:` URIs the session made from files, safe whatever their type.
            let src = images[source].map(HTML.escapeText)
                ?? HTML.attributeURL(options.links.destination(source, for: .html), unsafe: options.unsafeHTML)
            let alt = HTML.escapeText(plainText(c))
            return "<img src=\"\(src)\" alt=\"\(alt)\"\(Self.titleAttribute(title)) />"
        case .math(let tex, let display):
            return math.result(tex, display: display).markup
        }
    }

    private static func titleAttribute(_ title: String) -> String {
        title.isEmpty ? "" : " title=\"\(HTML.escapeText(title))\""
    }

    static func withNewline(_ s: String) -> String {
        s.isEmpty || s.hasSuffix("\n") ? s : s + "\n"
    }
}
