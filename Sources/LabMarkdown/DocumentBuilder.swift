/// Turns the copied cmark tree into `Block` and `Inline` values, collecting cells on the way.
///
/// Cells are found wherever they stand (top level, list items, block quotes) and numbered in
/// document order; see `LabParser` for why nested cells are cells.
struct DocumentBuilder {
    let source: SourceText
    /// The formulas taken out of the prose before parsing.
    let math: MathExtractor
    private(set) var cells: [Cell] = []
    /// The formulas that became math inlines, in the order met.
    private(set) var formulas: [MathFormula] = []
    /// Which cell first used each id, for the uniqueness check.
    private var idOwners: [String: Int] = [:]

    init(source: SourceText, math: MathExtractor = MathExtractor()) {
        self.source = source
        self.math = math
    }

    mutating func blocks(of nodes: [MarkdownNode], in container: CellContainer) -> [Block] {
        var blocks: [Block] = []
        for node in nodes {
            if let block = block(node, in: container) { blocks.append(block) }
        }
        return blocks
    }

    private mutating func block(_ node: MarkdownNode, in container: CellContainer) -> Block? {
        let range = self.range(of: node)
        switch node.kind {
        case .paragraph:
            return .paragraph(inlines(of: node.children), range)
        case .heading(let level):
            return .heading(level: level, inlines(of: node.children), range)
        case .blockQuote:
            return .blockQuote(blocks(of: node.children, in: .blockQuote), range)
        case .list(let info):
            var items: [ListItem] = []
            for item in node.children {
                items.append(ListItem(blocks: blocks(of: item.children, in: .listItem), range: self.range(of: item)))
            }
            return .list(info, items: items, range)
        case .codeBlock where Self.isCell(info: node.info):
            return .cell(addCell(from: node, in: container))
        case .codeBlock:
            return .codeBlock(info: node.info, literal: node.literal, range)
        case .htmlBlock:
            return .htmlBlock(node.literal, range)
        case .thematicBreak:
            return .thematicBreak(range)
        case .document, .item, .other, .text, .softBreak, .lineBreak, .code, .htmlInline, .emphasis, .strong,
            .link, .image:
            return nil
        }
    }

    /// Inlines with adjacent text runs merged (cmark splits text at characters such as `[` and `!`).
    private mutating func inlines(of nodes: [MarkdownNode]) -> [Inline] {
        var result: [Inline] = []
        var pendingText = ""
        for node in nodes {
            if node.kind == .text {
                pendingText += node.literal
                continue
            }
            // Text before a nested inline is split first, so formulas are collected in document order.
            result += textAndMath(pendingText)
            pendingText = ""
            if let inline = inline(node) { result.append(inline) }
        }
        result += textAndMath(pendingText)
        return result
    }

    /// Prose text with the formulas taken out before parsing put back as math inlines.
    private mutating func textAndMath(_ text: String) -> [Inline] {
        var result: [Inline] = []
        for piece in math.split(text) {
            switch piece {
            case .text(let s):
                if !s.isEmpty { result.append(.text(s)) }
            case .formula(let f):
                result.append(.math(f.tex, display: f.display))
                formulas.append(MathFormula(tex: f.tex, display: f.display, position: f.position))
            }
        }
        return result
    }

    private mutating func inline(_ node: MarkdownNode) -> Inline? {
        switch node.kind {
        case .text: return .text(node.literal)
        case .softBreak: return .softBreak
        case .lineBreak: return .lineBreak
        case .code: return .code(node.literal)
        case .htmlInline: return .html(node.literal)
        case .emphasis: return .emphasis(inlines(of: node.children))
        case .strong: return .strong(inlines(of: node.children))
        case .link: return .link(destination: node.destination, title: node.title, inlines(of: node.children))
        case .image: return .image(source: node.destination, title: node.title, inlines(of: node.children))
        default: return nil
        }
    }

    /// cmark's range with byte columns turned into character columns.
    func range(of node: MarkdownNode) -> SourceRange {
        source.range(from: node.start, to: node.end)
    }

    /// A fenced block is a cell when its info string's first word is exactly `swift-lab`.
    static func isCell(info: String) -> Bool {
        info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first == "swift-lab"
    }

    /// Records a cell whose id is checked against earlier cells; returns its index.
    private mutating func addCell(from node: MarkdownNode, in container: CellContainer) -> Int {
        var extracted = CellExtractor(source: source).cell(from: node, index: cells.count, container: container)
        if let id = extracted.cell.options.id {
            if let owner = idOwners[id] {
                let problem = CellOptionProblem.duplicateID(id: id, cellIndex: owner, line: cells[owner].fenceLine)
                extracted.reject(problem, at: extracted.idColumn ?? 1)
                extracted.cell.options.id = nil
            } else {
                idOwners[id] = extracted.cell.index
            }
        }
        cells.append(extracted.cell)
        return extracted.cell.index
    }
}
