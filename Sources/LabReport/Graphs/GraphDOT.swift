import LabOutput

/// A `GraphOutput` as Graphviz DOT text: the root at the top, inputs below, data flowing upwards.
///
/// Every piece of text goes into an HTML-like label, escaped, so no label can end the DOT early.
enum GraphDOT {
    /// Fill and outline colours per kind for the standalone SVG (the HTML report restyles them per
    /// colour scheme with CSS).
    static func colours(_ kind: GraphOutput.NodeKind) -> (fill: String, line: String) {
        switch kind {
        case .operation: return ("#e7efff", "#3b6fd6")
        case .leaf: return ("#fff1d6", "#c26a00")
        case .constant: return ("#f2f3f5", "#8a929b")
        }
    }

    /// Past this many nodes the layout's two searches are bounded (see `boundedSearch`); graphs
    /// from `graph()` stop at 40 nodes, so this guards larger ones built otherwise.
    static let boundedLayoutNodes = 40

    /// Graph attributes that cap `dot`'s crossing-minimisation passes (`mclimit`) and
    /// network-simplex iterations (`nslimit`, `nslimit1`). A value reused by every step of a loop
    /// (`s = s * c + t`) gives nodes with dozens of edges, for which unbounded searches took 30 s at
    /// 180 nodes and minutes beyond; bounded, 0.25 s at 120 nodes. Small graphs (the lecture's)
    /// keep the full search and their exact layout.
    static func boundedSearch(_ graph: GraphOutput) -> String {
        graph.nodes.count > boundedLayoutNodes ? ", mclimit=0.1, nslimit=2, nslimit1=2" : ""
    }

    static func dot(_ graph: GraphOutput) -> String {
        var out = """
            digraph computation {
              graph [rankdir=BT, nodesep=0.35, ranksep=0.45, bgcolor="white", pad=0.1\(boundedSearch(graph))];
              node [shape=box, style="rounded,filled", fontname="Helvetica,Arial,sans-serif", fontsize=13, \
            fontcolor="#1f2328", penwidth=1.3, margin="0.14,0.06"];
              edge [color="#6e7781", arrowsize=0.7, penwidth=1.1];

            """
        for node in graph.nodes {
            let (fill, line) = colours(node.kind)
            let dashed = node.kind == .constant ? "rounded,filled,dashed" : "rounded,filled"
            let root = node.id == graph.root ? " root" : ""
            out += "  n\(node.id) [class=\"\(node.kind.rawValue)\(root)\", style=\"\(dashed)\", "
                + "fillcolor=\"\(fill)\", color=\"\(line)\", label=<\(label(node.lines))>];\n"
        }
        // Operand order decides left and right, so `a - b` reads as written.
        for edge in graph.edges.sorted(by: { ($0.to, $0.slot, $0.from) < ($1.to, $1.slot, $1.from) }) {
            out += "  n\(edge.from) -> n\(edge.to);\n"
        }
        return out + "}\n"
    }

    /// The lines as an HTML-like label: the first bold, the rest smaller.
    static func label(_ lines: [String]) -> String {
        guard let first = lines.first else { return " " }
        var out = "<b>\(escape(first))</b>"
        for line in lines.dropFirst() {
            out += "<br/><font point-size=\"11\">\(escape(line))</font>"
        }
        return out
    }

    /// Text safe inside an HTML-like label.
    ///
    /// Line breaks become spaces; other characters XML forbids become U+FFFD: Graphviz parses the
    /// label as XML and refused it whole ("not well-formed"), so the figure went missing (found
    /// by the document fuzzer).
    static func escape(_ s: String) -> String {
        let flat = s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
        let out = xmlEscaped(flat).replacingOccurrences(of: "\t", with: " ")
        return out.isEmpty ? " " : out
    }
}
