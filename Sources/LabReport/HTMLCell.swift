import LabMarkdown
import LabOutput

/// One cell as an HTML `<div>` (not a `<section>`: a cell has no heading of its own): status badge,
/// code, outputs, diagnostics.
struct HTMLCell {
    let cell: Cell
    let result: CellResult
    let anchor: String
    let sourceLines: [String]
    let numbers: FigureNumbers

    init(report: Report, index: Int, anchor: String, numbers: FigureNumbers = FigureNumbers()) {
        cell = report.document.cells[index]
        result = report.result(at: index)
        self.anchor = anchor
        sourceLines = report.document.sourceLines
        self.numbers = numbers
    }

    func render() -> String {
        var inner = ""
        if result.status != .ok {
            inner += "<p class=\"badge\">\(HTML.escape(DisplayFormat.statusLabel(result.status)))</p>\n"
        }
        if let label = DisplayFormat.checkLabel(cell.options, passed: result.passed) {
            inner += "<p class=\"check\">\(HTML.escape(label))</p>\n"
        }
        if cell.options.echo { inner += code() }
        if cell.options.output && !result.outputs.isEmpty {
            inner += "<div class=\"outputs\">\n"
            var captioned = false
            for output in result.outputs {
                // The cell's caption= goes with its first figure or table.
                let caption = captioned ? nil : cell.options.caption
                if output.isNumbered { captioned = true }
                inner += numbered(output, caption: caption)
            }
            inner += "</div>\n"
        }
        // Diagnostics show even with output=false: hiding an error would hide why the cell failed.
        for d in result.diagnostics { inner += Self.diagnostic(d, sourceLines: sourceLines) }
        let empty = inner.isEmpty ? " empty" : ""
        let open = "<div class=\"cell status-\(result.status.rawValue)\(empty)\" id=\"\(HTML.escape(anchor))\">\n"
        return open + inner + "</div>\n"
    }

    /// The cell's code, wrapped in token spans where highlights are known, each line after its
    /// lab-file line number (the numbers errors cite; not selectable, so a copy is just the code).
    private func code() -> String {
        let lines = Self.highlighted(cell.code, result.highlights).split(separator: "\n", omittingEmptySubsequences: false)
        let numbered = lines.enumerated().map { offset, line in
            "<span class=\"ln\" aria-hidden=\"true\">\(cell.firstCodeLine + offset)</span>\(line)"
        }
        return "<pre class=\"code\"><code class=\"language-swift\">\(numbered.joined(separator: "\n"))\n</code></pre>\n"
    }

    /// A figure (chart, graph) or table with its number and caption; other outputs as they are.
    private func numbered(_ output: CellOutput, caption: String?) -> String {
        switch output {
        case .chart(let chart):
            let label = "Figure \(numbers.nextFigure())" + Self.captionText(caption ?? chart.spec.title)
            return Self.chart(chart, caption: label)
        case .graph(let graph):
            let label = "Figure \(numbers.nextFigure())" + Self.captionText(caption ?? graph.caption)
            return HTMLGraph.figure(graph, caption: label)
        case .table:
            let label = "Table \(numbers.nextTable())" + Self.captionText(caption ?? "")
            return "<p class=\"table-caption\">\(HTML.escape(label))</p>\n" + Self.output(output)
        default:
            return Self.output(output)
        }
    }

    private static func captionText(_ text: String) -> String { text.isEmpty ? "" : ". " + text }

    /// `code` escaped, with each valid span wrapped in `<span class="tok-KIND">`; spans that
    /// overlap an earlier one or reach outside the code are ignored rather than trusted.
    static func highlighted(_ code: String, _ spans: [HighlightSpan]) -> String {
        let characters = Array(code)
        var out = ""
        var position = 0
        for span in spans.sorted(by: { $0.start < $1.start }) {
            guard span.start >= position, span.length > 0,
                span.start <= characters.count, span.length <= characters.count - span.start
            else { continue }
            out += HTML.escape(String(characters[position..<span.start]))
            let end = span.start + span.length
            let text = HTML.escape(String(characters[span.start..<end]))
            out += "<span class=\"tok-\(span.kind.rawValue)\">\(text)</span>"
            position = end
        }
        out += HTML.escape(String(characters[position...]))
        return out
    }

    static func output(_ output: CellOutput) -> String {
        switch output {
        case .text(let s):
            return "<pre class=\"output\">\(HTML.escape(HTMLProse.withNewline(s)))</pre>\n"
        case .notice(let s):
            return "<p class=\"notice\">\(HTML.escape(s))</p>\n"
        case .table(let t):
            return table(t)
        case .chart(let chart):
            return Self.chart(chart, caption: nil)
        case .graph(let g):
            return HTMLGraph.figure(g)
        }
    }

    /// A chart's figure, with `caption` under it when there is one.
    static func chart(_ chart: ChartOutput, caption: String?) -> String {
        let svg = SVGChart.render(chart.spec, idPrefix: chart.id)
        let figcaption = caption.map { "<figcaption>\(HTML.escape($0))</figcaption>\n" } ?? ""
        return "<figure class=\"chart\" id=\"\(HTML.escape(chart.id))\">\(svg)\(figcaption)</figure>\n"
    }

    static func table(_ t: TableOutput) -> String {
        let width = max(t.columns.count, t.rows.map(\.count).max() ?? 0)
        var out = "<div class=\"table-wrap\"><table>\n"
        if !t.columns.isEmpty {
            out += "<thead><tr>"
            for i in 0..<width {
                let name = i < t.columns.count ? t.columns[i] : ""
                out += "<th\(numericColumn(t, i) ? " class=\"num\"" : "")>\(HTML.escape(name))</th>"
            }
            out += "</tr></thead>\n"
        }
        out += "<tbody>\n"
        for row in t.rows {
            out += "<tr>"
            for i in 0..<width {
                guard i < row.count else { out += "<td></td>"; continue }
                let value = row[i]
                let kind = DisplayFormat.isNumeric(value) ? " class=\"num\"" : value == .ellipsis ? " class=\"gap\"" : ""
                out += "<td\(kind)>\(HTML.escape(DisplayFormat.tableValue(value)))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table></div>\n"
        if let note = t.note, !note.isEmpty { out += "<p class=\"table-note\">\(HTML.escape(note))</p>\n" }
        if let all = t.allRows {
            // Works without scripts: the browser opens and closes <details> itself.
            let full = TableOutput(columns: t.columns, rows: all)
            out += "<details class=\"all-rows\"><summary>Show all \(all.count) rows</summary>\n\(table(full))</details>\n"
        }
        return out
    }

    /// A column whose values are all numbers (ellipses aside) gets a right-aligned header too.
    static func numericColumn(_ t: TableOutput, _ i: Int) -> Bool {
        let values = t.rows.compactMap { i < $0.count ? $0[i] : nil }.filter { $0 != .ellipsis }
        return !values.isEmpty && values.allSatisfy(DisplayFormat.isNumeric)
    }

    /// A diagnostic as the terminal shows it, except that the source line's character at the
    /// column is marked (`<mark>`) instead of a caret on the next line: the block wraps on a narrow
    /// screen, and a caret line would no longer sit under its character.
    static func diagnostic(_ d: ReportDiagnostic, sourceLines: [String]) -> String {
        let lines = DiagnosticFormatter.lines(
            d, location: "\(d.line):\(d.column)", sourceLines: sourceLines, escape: HTML.escape, tracePrefix: "",
            source: { shown, column in
                let characters = Array(shown)
                let at = min(max(column, 1), characters.count + 1) - 1
                let marked = at < characters.count ? HTML.escape(String(characters[at])) : " "
                let after = at < characters.count ? String(characters[(at + 1)...]) : ""
                return [HTML.escape(String(characters[..<at])) + "<mark>\(marked)</mark>" + HTML.escape(after)]
            })
        return "<pre class=\"diagnostic severity-\(d.severity.rawValue)\">\(lines.joined(separator: "\n"))\n</pre>\n"
    }
}

/// The running figure and table numbers of one handout, shared by its cells as they render in
/// document order.
final class FigureNumbers {
    private var figures = 0
    private var tables = 0

    func nextFigure() -> Int {
        figures += 1
        return figures
    }

    func nextTable() -> Int {
        tables += 1
        return tables
    }
}

extension CellOutput {
    /// Whether the output gets a figure or table number.
    var isNumbered: Bool {
        switch self {
        case .chart, .graph, .table: return true
        default: return false
        }
    }
}
