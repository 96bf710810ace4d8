import LabOutput

/// Graphviz's SVG for a graph, cleaned so the same graph always gives the same bytes.
enum GraphSVG {
    /// The picture as an `<svg>` element for inlining in HTML; nil when Graphviz failed (callers
    /// show the text tree instead).
    static func inline(_ graph: GraphOutput) -> String? {
        guard let raw = try? GraphvizLayout.svg(fromDOT: GraphDOT.dot(graph)) else { return nil }
        return clean(raw, title: graph.caption)
    }

    /// The picture as a standalone `.svg` file.
    static func file(_ graph: GraphOutput) -> String? {
        inline(graph).map { "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n" + $0 }
    }

    /// Drops the prolog, comments (one names the Graphviz version), generated ids (they would
    /// repeat between figures of one page) and per-node titles; adds an accessible title.
    static func clean(_ svg: String, title: String) -> String {
        var out: [Substring] = []
        var inComment = false
        var inProlog = true
        for line in svg.split(separator: "\n", omittingEmptySubsequences: false) {
            if inComment {
                if line.contains("-->") { inComment = false }
                continue
            }
            if line.hasPrefix("<!--") {
                inComment = !line.contains("-->")
                continue
            }
            if inProlog {
                guard line.hasPrefix("<svg") else { continue }
                inProlog = false
            }
            if line.hasPrefix("<title>") { continue }
            out.append(line)
        }
        var text = out.joined(separator: "\n")
        text = removingIDs(text)
        if text.hasPrefix("<svg "), let end = text.firstIndex(of: ">") {
            let open = "<svg role=\"img\" " + text[text.index(text.startIndex, offsetBy: 5)...end]
            text = open + "\n<title>\(HTML.escape(title))</title>" + text[text.index(after: end)...]
        }
        while text.hasSuffix("\n") { text.removeLast() }
        return text + "\n"
    }

    /// `text` without ` id="..."` attributes.
    private static func removingIDs(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: " id=\"") {
            out += rest[..<range.lowerBound]
            guard let close = rest[range.upperBound...].firstIndex(of: "\"") else { rest = rest[range.lowerBound...]; break }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
