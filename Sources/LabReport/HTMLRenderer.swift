import LabMarkdown

/// Choices for the HTML report: `RenderOptions` (`unsafeHTML` as in cmark: off, so a lab from someone
/// else cannot put scripts into the report).
public typealias HTMLOptions = RenderOptions

/// Renders a report as one self-contained HTML5 file: inline CSS, no scripts, nothing fetched.
///
/// The output depends only on the report (no dates or timings), so reruns give identical files.
public enum HTMLRenderer {
    /// The whole HTML document for `report`.
    public static func render(_ report: Report, options: HTMLOptions = .init()) -> String {
        let cellIDs = report.cellIDs
        let numbers = FigureNumbers()
        var prose = HTMLProse(
            options: options, images: report.embeddedImages, math: report.math, slugger: Slugger(reserved: Set(cellIDs)),
            renderCell: { index in
                guard report.document.cells.indices.contains(index) else { return "" }
                return HTMLCell(report: report, index: index, anchor: cellIDs[index], numbers: numbers).render()
            })
        // The contents go after a leading title, so the title's heading is rendered first.
        var blocks = report.document.blocks[...]
        var title = ""
        if case .heading(level: 1, _, _)? = blocks.first {
            title = prose.blocks([blocks.removeFirst()])
            prose.headings.removeAll()
        }
        let rest = prose.blocks(Array(blocks))
        let body = title + HTMLContents.render(prose.headings) + rest
        var out = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta name="generator" content="labrun \(labrunVersion)">
            <title>\(HTML.escape(report.title))</title>
            <style>
            \(MathFont.css(for: report.math.markups))\(HTMLStyle.css)\(report.hasGraphs ? HTMLGraph.css : "")</style>
            </head>
            <body>
            <main>

            """
        out += labDiagnostics(report)
        out += body
        let state = report.succeeded ? "succeeded" : "failed"
        out += """
            </main>
            \(report.document.cells.contains { $0.options.echo } ? HTMLStyle.copyScript : "")<footer class="summary \(state)">\(HTML.escape(report.summaryLine))<span class="made"> · \(HTML.escape(report.document.path)) · labrun \(labrunVersion)</span></footer>
            </body>
            </html>

            """
        return out
    }

    /// The box of lab-level diagnostics at the top, or nothing.
    private static func labDiagnostics(_ report: Report) -> String {
        guard !report.diagnostics.isEmpty else { return "" }
        let kind = report.diagnostics.contains { $0.severity == .error } ? "errors" : "warnings"
        var out = "<div class=\"lab-diagnostics \(kind)\" role=\"note\">\n"
        for d in report.diagnostics {
            out += HTMLCell.diagnostic(d, sourceLines: report.document.sourceLines)
        }
        return out + "</div>\n"
    }
}
