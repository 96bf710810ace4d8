import LabMarkdown

/// The lab's prose as the Markdown report writes it, line by line: the author's lines with link
/// destinations rewritten for the report's folder and, unless `unsafeHTML`, raw HTML and unsafe
/// links neutralised as `MarkdownSafety` describes.
struct MarkdownProse {
    private let source: [String]
    private let rewriter: MarkdownLinkRewriter
    private let rewriting: Bool
    /// Characters inside inline HTML, by line: shown as text.
    private let inlineHTML: [Int: Set<Int>]
    /// Each line of an HTML block with the lines that replace it (the block as a code block).
    private let htmlBlocks: [Int: [String]]
    /// Lines the check of the whole report found unsafe all the same: escaped throughout.
    private(set) var flattened: Set<Int> = []

    init(document: LabDocument, links: ProseLinks, unsafeHTML: Bool) {
        source = document.sourceLines
        rewriter = MarkdownLinkRewriter(document: document, links: links, unsafeHTML: unsafeHTML)
        rewriting = rewriter.isActive
        if unsafeHTML {
            inlineHTML = [:]
            htmlBlocks = [:]
        } else {
            inlineHTML = InlineHTMLFinder.positions(in: document)
            htmlBlocks = Self.htmlBlockRanges(document.blocks).reduce(into: [:]) { lines, range in
                lines.merge(MarkdownSafety.fencedHTMLBlock(range, lines: document.sourceLines)) { old, _ in old }
            }
        }
    }

    /// What lab line `number` (1-based) becomes: usually one line, more where a fence opens or
    /// closes an HTML block.
    func lines(at number: Int) -> [String] {
        let line = source[number - 1]
        if flattened.contains(number) { return [MarkdownSafety.flattened(line)] }
        if let block = htmlBlocks[number] { return block }
        let text = inlineHTML[number].map { MarkdownSafety.neutralising(line, at: $0) } ?? line
        return [rewriting ? rewriter.rewrite(text, number: number) : text]
    }

    /// Escapes `numbers` throughout from now on; false when every one of them already was.
    mutating func flatten(_ numbers: Set<Int>) -> Bool {
        let new = numbers.subtracting(flattened).filter { source.indices.contains($0 - 1) }
        flattened.formUnion(new)
        return !new.isEmpty
    }

    /// Escapes every line throughout.
    mutating func flattenAll() {
        flattened = Set(source.indices.map { $0 + 1 })
    }

    private static func htmlBlockRanges(_ blocks: [Block]) -> [SourceRange] {
        blocks.flatMap { block -> [SourceRange] in
            switch block {
            case .htmlBlock(_, let range): return [range]
            case .blockQuote(let children, _): return htmlBlockRanges(children)
            case .list(_, let items, _): return items.flatMap { htmlBlockRanges($0.blocks) }
            case .paragraph, .heading, .codeBlock, .thematicBreak, .cell: return []
            }
        }
    }
}
