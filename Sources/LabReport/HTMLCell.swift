import LabMarkdown
import LabOutput

/// One cell as an HTML `<div>` (not a `<section>`: a cell has no heading of its own): status badge,
/// code, outputs, diagnostics.
struct HTMLCell {
    let cell: Cell
    let result: CellResult
    let anchor: String
    let sourceLines: [String]

    init(report: Report, index: Int, anchor: String) {
        cell = report.document.cells[index]
        result = report.result(at: index)
        self.anchor = anchor
        sourceLines = report.document.sourceLines
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
            for output in result.outputs { inner += Self.output(output) }
            inner += "</div>\n"
        }
        // Diagnostics show even with output=false: hiding an error would hide why the cell failed.
        for d in result.diagnostics { inner += Self.diagnostic(d, sourceLines: sourceLines) }
        let empty = inner.isEmpty ? " empty" : ""
        let open = "<div class=\"cell status-\(result.status.rawValue)\(empty)\" id=\"\(HTML.escape(anchor))\">\n"
        return open + inner + "</div>\n"
    }

    /// The cell's code, wrapped in token spans where highlights are known.
    private func code() -> String {
        "<pre class=\"code\"><code class=\"language-swift\">\(Self.highlighted(cell.code, result.highlights))\n</code></pre>\n"
    }

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
            let svg = SVGChart.render(chart.spec, idPrefix: chart.id)
            return "<figure class=\"chart\" id=\"\(HTML.escape(chart.id))\">\(svg)</figure>\n"
        case .graph(let g):
            return HTMLGraph.figure(g)
        }
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
        var lines = DiagnosticFormatter.lines(d, sourceLines: sourceLines).map(HTML.escape)
        if d.line >= 1, d.line <= sourceLines.count, lines.count >= 3 {
            let (shown, column) = DiagnosticFormatter.excerpt(of: sourceLines[d.line - 1], around: d.column)
            let characters = Array(shown)
            let at = min(max(column, 1), characters.count + 1) - 1
            let marked = at < characters.count ? HTML.escape(String(characters[at])) : " "
            let after = at < characters.count ? String(characters[(at + 1)...]) : ""
            lines[1] = HTML.escape(String(characters[..<at])) + "<mark>\(marked)</mark>" + HTML.escape(after)
            lines.remove(at: 2)
        }
        return "<pre class=\"diagnostic severity-\(d.severity.rawValue)\">\(lines.joined(separator: "\n"))\n</pre>\n"
    }
}
