import LabOutput

/// A graph in the JSON report: its nodes and edges as data.
enum GraphJSON {
    static func value(_ graph: GraphOutput) -> JSONValue {
        .object([
            "type": .string("graph"),
            "title": .string(graph.title),
            "root": .int(graph.root),
            "summarised": .bool(graph.summarised),
            "totalNodes": .int(graph.totalNodes),
            "totalEdges": .int(graph.totalEdges),
            "nodes": .array(graph.nodes.map { node in
                .object([
                    "id": .int(node.id),
                    "kind": .string(node.kind.rawValue),
                    "lines": .array(node.lines.map(JSONValue.string)),
                ])
            }),
            "edges": .array(graph.edges.map { edge in
                .object(["from": .int(edge.from), "to": .int(edge.to), "slot": .int(edge.slot)])
            }),
        ])
    }
}

extension Report {
    /// Whether any cell shows a graph (the HTML page then carries the graph styles).
    var hasGraphs: Bool {
        cells.contains { $0.outputs.contains { if case .graph = $0 { return true } else { return false } } }
    }
}
