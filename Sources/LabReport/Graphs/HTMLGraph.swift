import LabOutput

/// A graph in the HTML report: the Graphviz picture inline in a `<figure>` with its caption; the
/// text tree when Graphviz could not draw it.
enum HTMLGraph {
    static func figure(_ graph: GraphOutput, caption: String? = nil) -> String {
        let body = GraphSVG.inline(graph)
            ?? "<pre class=\"graph-tree\">\(HTML.escape(GraphText.tree(graph)))</pre>\n"
        return "<figure class=\"graph-figure\">\n\(body)<figcaption>\(HTML.escape(caption ?? graph.caption))</figcaption>\n</figure>\n"
    }

    /// Styles for graph figures, added to the page only when it has one. Graphviz writes the light
    /// colours as attributes; CSS wins over them, so the dark scheme recolours the same SVG.
    static let css = """
        .graph-figure { margin: 0.75em 0; text-align: center; }
        .graph-figure svg { max-width: 100%; height: auto; }
        .graph-figure figcaption { color: var(--muted); font-size: 0.9em; margin-top: 0.25em; }
        .graph-figure g.graph > polygon { fill: var(--bg); }
        .graph-figure .node text { fill: var(--fg); }
        .graph-figure .edge path, .graph-figure .edge polygon { stroke: var(--graph-edge); }
        .graph-figure .edge polygon { fill: var(--graph-edge); }
        .graph-figure .node.operation path, .graph-figure .node.operation polygon { fill: var(--graph-op); stroke: var(--graph-op-line); }
        .graph-figure .node.leaf path, .graph-figure .node.leaf polygon { fill: var(--graph-leaf); stroke: var(--graph-leaf-line); }
        .graph-figure .node.constant path, .graph-figure .node.constant polygon { fill: var(--graph-const); stroke: var(--graph-const-line); }
        .graph-figure .node.root path, .graph-figure .node.root polygon { stroke-width: 2.2; }
        :root {
          --graph-edge: #6e7781; --graph-op: #e7efff; --graph-op-line: #3b6fd6;
          --graph-leaf: #fff1d6; --graph-leaf-line: #c26a00; --graph-const: #f2f3f5; --graph-const-line: #8a929b;
        }
        @media screen and (prefers-color-scheme: dark) {
          :root {
            --graph-edge: #8b949e; --graph-op: #15233f; --graph-op-line: #6e9bff;
            --graph-leaf: #3a2606; --graph-leaf-line: #f0a040; --graph-const: #1c2128; --graph-const-line: #8b949e;
          }
        }
        @media print {
          .graph-figure { break-inside: avoid; }
          /* Kept under a third of a page, a graph that moves to the next page leaves at most that empty. */
          .graph-figure svg { max-height: 30vh; width: auto; max-width: 100%; }
        }

        """
}
