import LabMarkdown
import LabOutput

/// Renders a report as GitHub-flavoured Markdown: the author's prose line for line, each cell
/// replaced by a ```` ```swift ```` block and its outputs.
///
/// Lab-level diagnostics, when there are any, come first in a ```` ```text ```` block. A cell in
/// a list item or block quote gets its fence line's prefix (`> `, list indentation) on every
/// line it emits, so the structure survives. Unless `unsafeHTML`, the prose's raw HTML shows as
/// text and unsafe links point nowhere, as in the HTML report (`MarkdownSafety`).
public enum MarkdownRenderer {
    /// The Markdown report for `report`, ending with a newline; `links` says how relative links
    /// of the prose are rewritten to work from the report's folder, and `unsafeHTML` keeps the
    /// prose's raw HTML and every link as written (trusted authors only).
    public static func render(
        _ report: Report, links: ProseLinks = ProseLinks(labFolder: nil), unsafeHTML: Bool = false
    ) -> String {
        renderWithFiles(report, links: links, unsafeHTML: unsafeHTML).text
    }

    /// The Markdown report and the figure files it links (paths relative to the report's folder).
    public static func renderWithFiles(
        _ report: Report, links: ProseLinks = ProseLinks(labFolder: nil), unsafeHTML: Bool = false
    ) -> (text: String, files: [ReportFile]) {
        let files = MarkdownGraph.figures(report)
        var prose = MarkdownProse(document: report.document, links: links, unsafeHTML: unsafeHTML)
        let figures = Set(files.map(\.path))
        // With --unsafe-html the author's HTML and links are wanted as written: nothing to check.
        let lines = unsafeHTML
            ? assemble(report, figures: figures, prose: prose)
            : checked(report, figures: figures, prose: &prose)
        let text = lines.map(\.text).joined(separator: "\n")
        return (text.hasSuffix("\n") ? text : text + "\n", files)
    }

    /// How many rounds of flattening what a check found a report may take before the last one
    /// flattens all its prose: one is enough unless flattening one paragraph exposes another.
    static let maxSafetyRounds = 4

    /// The report's lines once no prose in them parses as raw HTML or an unsafe link.
    static func checked(
        _ report: Report, figures: Set<String>, prose: inout MarkdownProse, rounds: Int = maxSafetyRounds
    ) -> [ReportLine] {
        var lines = assemble(report, figures: figures, prose: prose)
        var round = 0
        // Each round flattens more lines, and once all are flattened nothing new is found.
        while prose.flatten(MarkdownSafety.unsafeProseLines(in: lines)) {
            round += 1
            if round >= rounds { prose.flattenAll() }
            lines = assemble(report, figures: figures, prose: prose)
        }
        return lines
    }

    /// The report's lines: diagnostics of the lab, then the prose with each cell in its place.
    private static func assemble(_ report: Report, figures: Set<String>, prose: MarkdownProse) -> [ReportLine] {
        let lines = report.document.sourceLines
        var out: [ReportLine] = []
        if !report.diagnostics.isEmpty {
            let text = report.diagnostics.flatMap {
                DiagnosticFormatter.format($0, path: report.document.path, sourceLines: lines)
                    .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
            out += (MarkdownBlocks.fenced(text, info: "text") + [""]).map { ReportLine(text: $0) }
        }
        // Cells in file order; one that overlaps an earlier one (a malformed report) is skipped
        // and its lines are copied as prose instead.
        let cells = report.document.cells.sorted { $0.fenceLine < $1.fenceLine }
        var next = 0
        var line = 1
        while line <= lines.count {
            while next < cells.count, cells[next].fenceLine < line { next += 1 }
            if next < cells.count, cells[next].fenceLine == line {
                let cell = cells[next]
                let end = min(max(cell.endLine, cell.fenceLine), lines.count)
                out += MarkdownCell(report: report, cell: cell, figures: figures)
                    .render(before: lines[safe: line - 2], after: lines[safe: end]).map { ReportLine(text: $0) }
                line = end + 1
            } else {
                out += prose.lines(at: line).map { ReportLine(text: $0, sourceLine: line) }
                line += 1
            }
        }
        return out
    }
}

extension Array {
    /// The element at `index`, or nil outside the array.
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}

/// Builders for the Markdown blocks a cell turns into.
enum MarkdownBlocks {
    /// `lines` in a backtick fence longer than any backtick run inside them (at least three).
    static func fenced(_ lines: [String], info: String) -> [String] {
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(lines) + 1))
        return [fence + info] + lines + [fence]
    }

    static func longestBacktickRun(_ lines: [String]) -> Int {
        var longest = 0
        for line in lines {
            var run = 0
            for c in line {
                run = c == "`" ? run + 1 : 0
                longest = max(longest, run)
            }
        }
        return longest
    }

    /// A GFM pipe table; numeric columns are right-aligned.
    static func table(_ t: TableOutput) -> [String] {
        let width = max(t.columns.count, t.rows.map(\.count).max() ?? 0)
        guard width > 0 else { return ["*(empty table)*"] }
        func row(_ cells: [String]) -> String {
            "| " + (0..<width).map { $0 < cells.count ? escapeCell(cells[$0]) : "" }.joined(separator: " | ") + " |"
        }
        var out = [row(t.columns)]
        out.append("|" + (0..<width).map { HTMLCell.numericColumn(t, $0) ? " ---: |" : " --- |" }.joined())
        for values in t.rows { out.append(row(values.map(DisplayFormat.tableValue))) }
        if let note = t.note, !note.isEmpty { out += ["", italic(note)] }
        return out
    }

    /// Table cell text that cannot break the table or turn into markup.
    static func escapeCell(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\n", "\r\n", "\r": out += " "
            case "\\", "|", "`", "*", "_", "<", "[", "]": out += "\\" + String(c)
            default: out.append(c)
            }
        }
        return out
    }

    /// `s` in italics, with characters that would end or change the emphasis escaped.
    static func italic(_ s: String) -> String {
        let flat = s.split(whereSeparator: \.isNewline).joined(separator: " ")
        var out = ""
        for c in flat {
            if "\\`*_<[]".contains(c) { out += "\\" }
            out.append(c)
        }
        return out.isEmpty ? "" : "*\(out)*"
    }
}
