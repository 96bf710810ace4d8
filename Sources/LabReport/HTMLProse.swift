import LabMarkdown

/// Walks the document's block and inline tree into HTML, the way cmark's renderer would with
/// its safe default, plus heading anchors; cells are handed back to the caller.
struct HTMLProse {
    var options: HTMLOptions
    var slugger: Slugger
    /// Renders the cell with the given index (a `<section>`), ending with a newline.
    var renderCell: (Int) -> String

    mutating func blocks(_ blocks: [Block], tight: Bool = false) -> String {
        var out = ""
        for block in blocks { out += self.block(block, tight: tight) }
        return out
    }

    private mutating func block(_ block: Block, tight: Bool) -> String {
        switch block {
        case .paragraph(let inlines, _):
            let body = Self.inlines(inlines, options)
            return tight ? body + "\n" : "<p>\(body)</p>\n"
        case .heading(let level, let inlines, _):
            let n = min(max(level, 1), 6)
            let id = slugger.slug(plainText(inlines))
            return "<h\(n) id=\"\(HTML.escape(id))\">\(Self.inlines(inlines, options))</h\(n)>\n"
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
            var body = blocks(item.blocks, tight: info.tight)
            // As cmark does: a tight item's leading text follows <li> directly (and a lone
            // paragraph closes on the same line); block content starts on a new line.
            let textFirst: Bool
            if info.tight, case .paragraph? = item.blocks.first { textFirst = true } else { textFirst = false }
            if textFirst && item.blocks.count == 1 && body.hasSuffix("\n") {
                body.removeLast()
            } else if !textFirst && !body.isEmpty {
                body = "\n" + body
            }
            out += "<li>\(body)</li>\n"
        }
        return out + "</\(tag)>\n"
    }

    /// A fenced or indented code block that is not a cell; the info string's first word names
    /// the language.
    static func codeBlock(info: String, literal: String) -> String {
        let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
        let attribute = language.map { " class=\"language-\(HTML.escape($0))\"" } ?? ""
        return "<pre><code\(attribute)>\(HTML.escape(withNewline(literal)))</code></pre>\n"
    }

    static func inlines(_ inlines: [Inline], _ options: HTMLOptions) -> String {
        inlines.map { inline($0, options) }.joined()
    }

    private static func inline(_ inline: Inline, _ options: HTMLOptions) -> String {
        switch inline {
        case .text(let s): return HTML.escape(s)
        case .softBreak: return "\n"
        case .lineBreak: return "<br />\n"
        case .code(let s): return "<code>\(HTML.escape(s))</code>"
        case .html(let raw): return options.unsafeHTML ? raw : "<!-- raw HTML omitted -->"
        case .emphasis(let c): return "<em>\(inlines(c, options))</em>"
        case .strong(let c): return "<strong>\(inlines(c, options))</strong>"
        case .link(let destination, let title, let c):
            let href = HTML.attributeURL(destination, unsafe: options.unsafeHTML)
            return "<a href=\"\(href)\"\(titleAttribute(title))>\(inlines(c, options))</a>"
        case .image(let source, let title, let c):
            let src = HTML.attributeURL(source, unsafe: options.unsafeHTML)
            let alt = HTML.escape(plainText(c))
            return "<img src=\"\(src)\" alt=\"\(alt)\"\(titleAttribute(title)) />"
        case .math(let tex, let display):
            return TeXMath.mathML(tex, display: display).markup
        }
    }

    private static func titleAttribute(_ title: String) -> String {
        title.isEmpty ? "" : " title=\"\(HTML.escape(title))\""
    }

    static func withNewline(_ s: String) -> String {
        s.isEmpty || s.hasSuffix("\n") ? s : s + "\n"
    }
}
