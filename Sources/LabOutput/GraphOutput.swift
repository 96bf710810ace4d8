/// A computation graph to draw: pure data, laid out by Graphviz only when a renderer needs a picture.
public struct GraphOutput: Sendable, Equatable {
    /// What a node stands for; the renderers style each kind differently.
    public enum NodeKind: String, Sendable, Equatable {
        /// The result of an operation (`mul`, `add`).
        case operation
        /// A leaf that requires grad (a parameter, an input being differentiated).
        case leaf
        /// Data or a number: no gradient flows into it.
        case constant
    }

    /// One box of the picture.
    public struct Node: Sendable, Equatable {
        /// Unique within the graph.
        public var id: Int
        /// The first line names the node ("mul", "x"); the others describe it ("value 10", "grad 1").
        public var lines: [String]
        public var kind: NodeKind

        public init(id: Int, lines: [String], kind: NodeKind) {
            self.id = id
            self.lines = lines
            self.kind = kind
        }
    }

    /// `from` is operand number `slot` of `to` (data flows from `from` to `to`).
    public struct Edge: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var slot: Int

        public init(from: Int, to: Int, slot: Int) {
            self.from = from
            self.to = to
            self.slot = slot
        }
    }

    /// Shown as the figure's caption.
    public var title: String
    public var nodes: [Node]
    public var edges: [Edge]
    /// The id of the node the graph was taken from (drawn at the top).
    public var root: Int
    /// True when the graph was too large to draw and only the part nearest the root is kept.
    public var summarised: Bool
    /// The number of nodes of the whole graph (equal to `nodes.count` unless summarised).
    public var totalNodes: Int
    /// The number of edges of the whole graph.
    public var totalEdges: Int

    public init(title: String, nodes: [Node], edges: [Edge], root: Int,
                summarised: Bool = false, totalNodes: Int? = nil, totalEdges: Int? = nil) {
        self.title = title
        self.nodes = nodes
        self.edges = edges
        self.root = root
        self.summarised = summarised
        self.totalNodes = totalNodes ?? nodes.count
        self.totalEdges = totalEdges ?? edges.count
    }

    /// The caption: the title, and what a summary left out.
    public var caption: String {
        guard summarised else { return title }
        return "\(title) (summarised: \(nodes.count) of \(totalNodes) nodes nearest the result are shown)"
    }
}
