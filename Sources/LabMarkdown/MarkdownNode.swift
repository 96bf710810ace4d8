/// A cmark node copied into Swift: the intermediate tree between the C parser and `Block`/`Inline`.
///
/// Positions are still cmark's (1-based lines, 1-based *byte* columns); `DocumentBuilder` turns them
/// into character columns with the help of the source lines.
struct MarkdownNode: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case document, blockQuote, list(ListInfo), item, codeBlock, htmlBlock, paragraph
        case heading(level: Int), thematicBreak
        case text, softBreak, lineBreak, code, htmlInline, emphasis, strong, link, image
        /// Node types cmark only creates programmatically (custom blocks and inlines).
        case other
    }

    /// A cmark position: 1-based line and 1-based byte column (0 when cmark has none).
    struct RawPosition: Sendable, Equatable {
        var line: Int
        var byteColumn: Int
    }

    var kind: Kind
    var start: RawPosition
    var end: RawPosition
    /// Text of leaves (text, code, html) and the code of code blocks.
    var literal: String = ""
    /// The info string of a fenced code block.
    var info: String = ""
    /// Link destination or image source.
    var destination: String = ""
    var title: String = ""
    var children: [MarkdownNode] = []
}

/// Builds a `MarkdownNode` tree from a pre-order walk's enter and exit events.
///
/// Below `maxDepth` open containers, a container's subtree is kept as its text only (one text
/// inline, or one paragraph), so the tree never gets deep enough to exhaust the stack downstream.
struct TreeWalk {
    let maxDepth: Int
    private(set) var root: MarkdownNode?
    /// Start of the first subtree that was flattened.
    private(set) var flattenedAt: MarkdownNode.RawPosition?
    private var open: [MarkdownNode] = []
    private var flattening: (node: MarkdownNode, depth: Int, text: String)?

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

    mutating func enter(_ node: MarkdownNode, isLeaf: Bool) {
        if var pending = flattening {
            if isLeaf {
                pending.text += Self.text(of: node)
            } else {
                pending.depth += 1
            }
            flattening = pending
        } else if isLeaf {
            attach(node)
        } else if open.count >= maxDepth {
            flattening = (node, 1, "")
            if flattenedAt == nil { flattenedAt = node.start }
        } else {
            open.append(node)
        }
    }

    mutating func exit() {
        if var pending = flattening {
            pending.depth -= 1
            if pending.depth > 0 {
                flattening = pending
            } else {
                flattening = nil
                attach(flattened(pending.node, text: pending.text))
            }
        } else if let done = open.popLast() {
            attach(done)
        }
    }

    private mutating func attach(_ node: MarkdownNode) {
        if open.isEmpty {
            root = node
        } else {
            open[open.count - 1].children.append(node)
        }
    }

    /// The replacement for a too-deep subtree, shaped to fit where it stands.
    private func flattened(_ node: MarkdownNode, text: String) -> MarkdownNode {
        var leaf = MarkdownNode(kind: .text, start: node.start, end: node.end, literal: text)
        switch open.last?.kind {
        case .paragraph?, .heading?, .emphasis?, .strong?, .link?, .image?:
            return leaf
        case .list?:
            leaf = MarkdownNode(kind: .paragraph, start: node.start, end: node.end, children: [leaf])
            return MarkdownNode(kind: .item, start: node.start, end: node.end, children: [leaf])
        default:
            return MarkdownNode(kind: .paragraph, start: node.start, end: node.end, children: [leaf])
        }
    }

    private static func text(of leaf: MarkdownNode) -> String {
        switch leaf.kind {
        case .softBreak, .lineBreak: return "\n"
        default: return leaf.literal
        }
    }
}
