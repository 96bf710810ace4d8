/// The handout's table of contents: links to its `h2` and `h3` headings, `h3` nested under the
/// `h2` before it. A short lab does without one.
enum HTMLContents {
    /// A heading as rendered: its level, anchor and inline HTML (links already turned into text).
    struct Entry: Equatable {
        var level: Int
        var id: String
        var html: String
    }

    /// Fewer `h2`/`h3` headings than this and the contents are left out.
    static let minimumEntries = 3

    /// The `<nav>` element, or "" when there are too few headings.
    static func render(_ headings: [Entry]) -> String {
        let entries = headings.filter { $0.level == 2 || $0.level == 3 }
        guard entries.count >= minimumEntries else { return "" }
        var out = "<nav class=\"toc\" aria-label=\"Contents\">\n<p class=\"toc-title\">Contents</p>\n<ul>\n"
        var itemOpen = false
        var sublistOpen = false
        for entry in entries {
            let link = "<a href=\"#\(HTML.escape(entry.id))\">\(entry.html)</a>"
            if entry.level == 3 && itemOpen {
                if !sublistOpen { out += "\n<ul>\n" }
                sublistOpen = true
                out += "<li>\(link)</li>\n"
                continue
            }
            // An h2, or an h3 with no h2 before it: a top-level item.
            if sublistOpen { out += "</ul>\n" }
            if itemOpen { out += "</li>\n" }
            sublistOpen = false
            itemOpen = true
            out += "<li>\(link)"
        }
        if sublistOpen { out += "</ul>\n" }
        if itemOpen { out += "</li>\n" }
        return out + "</ul>\n</nav>\n"
    }
}
