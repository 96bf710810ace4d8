import LabMarkdown
import LabOutput

/// One cell's Markdown: its code block, status line, outputs and diagnostics, each line
/// prefixed so it stays inside the list item or block quote the cell stood in.
struct MarkdownCell {
    let cell: Cell
    let result: CellResult
    let path: String
    let sourceLines: [String]
    /// Relative paths of the figure files written with the report.
    let figures: Set<String>
    let figureDirectory: String

    init(report: Report, cell: Cell, figures: Set<String> = []) {
        self.cell = cell
        self.figures = figures
        figureDirectory = MarkdownGraph.directory(for: report)
        result = report.result(at: cell.index)
        path = report.document.path
        sourceLines = report.document.sourceLines
    }

    /// The lines that replace the cell; `before` and `after` are the source lines around it,
    /// used to keep a blank line between our blocks and neighbouring prose.
    func render(before: String?, after: String?) -> [String] {
        let blocks = self.blocks()
        let (first, rest) = prefixes()
        guard !blocks.isEmpty else {
            // Nothing to show; keep a list item's marker so the list keeps its shape.
            let marker = first.trimmingTrailingWhitespace
            return marker.contains(where: { $0 != ">" && !$0.isWhitespace }) ? [marker] : []
        }
        var body: [String] = []
        for (i, block) in blocks.enumerated() {
            if i > 0 { body.append("") }
            body += block
        }
        var out = body.enumerated().map { i, line in
            let prefix = i == 0 ? first : rest
            return line.isEmpty ? prefix.trimmingTrailingWhitespace : prefix + line
        }
        // A fence may interrupt a paragraph, but a table or italic line would join it.
        let blank = rest.trimmingTrailingWhitespace
        if let before, !isBlank(before), !blocks[0][0].hasPrefix("`") { out.insert(blank, at: 0) }
        if let after, !isBlank(after), !(blocks.last?.last?.hasPrefix("`") ?? true) { out.append(blank) }
        return out
    }

    /// The cell's blocks in order, each a list of lines.
    private func blocks() -> [[String]] {
        var blocks: [[String]] = []
        if let label = DisplayFormat.checkLabel(cell.options, passed: result.passed) {
            blocks.append([MarkdownBlocks.italic(label)])
        }
        if cell.options.echo {
            blocks.append(MarkdownBlocks.fenced(codeLines(cell.code), info: "swift"))
        }
        if let status = statusLine { blocks.append([status]) }
        if cell.options.output {
            for (i, output) in result.outputs.enumerated() {
                switch output {
                case .text(let s) where s.isEmpty: continue
                case .text(let s): blocks.append(MarkdownBlocks.fenced(codeLines(s), info: "text"))
                case .table(let t): blocks.append(MarkdownBlocks.table(t))
                case .notice(let s): blocks.append([MarkdownBlocks.italic(s)])
                case .chart(let c):
                    let path = MarkdownGraph.chartPath(in: figureDirectory, cell: cell.index, output: i)
                    blocks.append(MarkdownGraph.chartBlock(c, figure: figures.contains(path) ? path : nil))
                case .graph(let g):
                    let path = MarkdownGraph.path(in: figureDirectory, cell: cell.index, output: i)
                    blocks += MarkdownGraph.blocks(g, figure: figures.contains(path) ? path : nil)
                }
            }
        }
        if !result.diagnostics.isEmpty {
            let lines = result.diagnostics.flatMap {
                codeLines(DiagnosticFormatter.format($0, path: path, sourceLines: sourceLines))
            }
            blocks.append(MarkdownBlocks.fenced(lines, info: "text"))
        }
        return blocks.filter { !$0.isEmpty && !($0.count == 1 && $0[0].isEmpty) }
    }

    private var statusLine: String? {
        switch result.status {
        case .ok: return nil
        case .failed: return "**✗ failed**"
        case .timedOut: return "**✗ timed out**"
        case .notRun: return "**– not run**"
        case .expectedError: return "*✓ expected error*"
        }
    }

    /// The container prefix for the first emitted line (what stood before the fence on its line)
    /// and for the others (the same with list markers turned into spaces, `>` kept).
    private func prefixes() -> (first: String, rest: String) {
        if let line = sourceLines[safe: cell.fenceLine - 1],
            let fence = line.firstIndex(where: { $0 == "`" || $0 == "~" })
        {
            let first = String(line[..<fence])
            let rest = String(first.map { $0 == ">" || $0 == "\t" ? $0 : " " })
            return (first, rest)
        }
        switch cell.container {
        case .document: return ("", "")
        case .blockQuote: return ("> ", "> ")
        case .listItem: return ("  ", "  ")
        }
    }

    private func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0.isWhitespace || $0 == ">" }
    }

    /// `s` split into lines; a final newline does not make an extra empty line.
    private func codeLines(_ s: String) -> [String] {
        if s.isEmpty { return [] }
        var lines = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        return lines
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
