import LabOutput

/// A graph as an indented text tree, the root at the top, for the Markdown report and as the
/// fallback when no picture can be drawn.
///
/// A node used by several operations is shown in full the first time, with a mark such as `[1]`,
/// and afterwards only referred to (`x [1] ↑`), so a DAG never turns into an exponential tree.
enum GraphText {
    static func tree(_ graph: GraphOutput) -> String {
        var nodes: [Int: GraphOutput.Node] = [:]
        for node in graph.nodes where nodes[node.id] == nil { nodes[node.id] = node }
        var inputs: [Int: [Int]] = [:]
        var uses: [Int: Int] = [:]
        for edge in graph.edges.sorted(by: { ($0.to, $0.slot, $0.from) < ($1.to, $1.slot, $1.from) })
        where nodes[edge.from] != nil && nodes[edge.to] != nil {
            inputs[edge.to, default: []].append(edge.from)
            uses[edge.from, default: 0] += 1
        }
        uses[graph.root, default: 0] += 1
        var marks: [Int: Int] = [:]
        var shown: Set<Int> = []
        var lines: [String] = []
        // Iterative depth-first walk: (node, prefix for its line, prefix for its children).
        var stack: [(id: Int, lead: String, indent: String)] = [(graph.root, "", "")]
        while let (id, lead, indent) = stack.popLast() {
            guard let node = nodes[id] else { continue }
            let name = node.lines.first ?? "?"
            if shown.contains(id) {
                lines.append(lead + name + (marks[id].map { " [\($0)]" } ?? "") + " ↑")
                continue
            }
            shown.insert(id)
            var text = describe(node)
            if uses[id, default: 0] > 1 {
                marks[id] = marks.count + 1
                text += "  [\(marks.count)]"
            }
            lines.append(lead + text)
            let children = inputs[id] ?? []
            for (i, child) in children.enumerated().reversed() {
                let last = i == children.count - 1
                stack.append((child, indent + (last ? "└── " : "├── "), indent + (last ? "    " : "│   ")))
            }
        }
        if graph.summarised {
            lines.append("… \(graph.totalNodes - graph.nodes.count) more nodes not shown")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "mul (value 10, grad 1)": the first line, and the others in parentheses.
    static func describe(_ node: GraphOutput.Node) -> String {
        let name = node.lines.first ?? "?"
        let rest = node.lines.dropFirst()
        return rest.isEmpty ? name : "\(name) (\(rest.joined(separator: ", ")))"
    }
}
