import CCmark

/// The only code that touches cmark: parses bytes and copies the whole tree into `MarkdownNode` values.
///
/// The cmark document and its iterator are freed before `convert` returns; no C pointer leaves this file.
enum CommonMarkConverter {
    /// The tree, and where (if anywhere) nesting deeper than the limit was flattened to plain text.
    struct Result {
        var root: MarkdownNode
        var flattenedAt: MarkdownNode.RawPosition?
    }

    /// Parses valid UTF-8 with cmark's default (safe) options plus source positions.
    ///
    /// Containers nested deeper than `maxDepth` keep only their text, so that the recursive Swift
    /// code downstream can never run out of stack on hostile input such as 100,000 `>` markers.
    static func convert(_ bytes: [UInt8], maxDepth: Int) -> Result {
        let empty = Result(
            root: MarkdownNode(kind: .document, start: .init(line: 1, byteColumn: 1), end: .init(line: 1, byteColumn: 0)),
            flattenedAt: nil)
        let parsed: OpaquePointer? = bytes.withUnsafeBytes { raw in
            // cmark reads `count` bytes; an empty buffer still needs a valid pointer.
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else {
                return cmark_parse_document("", 0, CMARK_OPT_SOURCEPOS)
            }
            return cmark_parse_document(base, raw.count, CMARK_OPT_SOURCEPOS)
        }
        guard let document = parsed else { return empty }
        defer { cmark_node_free(document) }
        guard let iterator = cmark_iter_new(document) else { return empty }
        defer { cmark_iter_free(iterator) }

        var walk = TreeWalk(maxDepth: maxDepth)
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if event == CMARK_EVENT_ENTER {
                walk.enter(copy(node), isLeaf: isLeaf(node))
            } else if event == CMARK_EVENT_EXIT {
                walk.exit()
            }
        }
        guard let root = walk.root else { return empty }
        return Result(root: root, flattenedAt: walk.flattenedAt)
    }

    /// Leaves get only an enter event from cmark's iterator; containers get enter and exit.
    private static func isLeaf(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK, CMARK_NODE_CODE_BLOCK, CMARK_NODE_TEXT,
            CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
            return true
        default:
            return false
        }
    }

    /// Copies one node's own data (not its children).
    private static func copy(_ node: OpaquePointer) -> MarkdownNode {
        var copied = MarkdownNode(
            kind: kind(of: node),
            start: .init(line: Int(cmark_node_get_start_line(node)), byteColumn: Int(cmark_node_get_start_column(node))),
            end: .init(line: Int(cmark_node_get_end_line(node)), byteColumn: Int(cmark_node_get_end_column(node))))
        switch copied.kind {
        case .text, .code, .htmlInline, .htmlBlock:
            copied.literal = string(cmark_node_get_literal(node))
        case .codeBlock:
            copied.literal = string(cmark_node_get_literal(node))
            copied.info = string(cmark_node_get_fence_info(node))
        case .link, .image:
            copied.destination = string(cmark_node_get_url(node))
            copied.title = string(cmark_node_get_title(node))
        default:
            break
        }
        return copied
    }

    private static func kind(of node: OpaquePointer) -> MarkdownNode.Kind {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST:
            return .list(
                ListInfo(
                    ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                    start: Int(cmark_node_get_list_start(node)),
                    tight: cmark_node_get_list_tight(node) != 0))
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_HTML_INLINE: return .htmlInline
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        default: return .other
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
