import LabMarkdown
import Testing
@testable import LabReport

@Suite struct HTMLRendererTests {
    private func prose(_ blocks: [Block], options: HTMLOptions = .init()) -> String {
        let report = Report(
            document: Fixture.document("", blocks: blocks, cells: []), cells: [], diagnostics: [])
        let html = HTMLRenderer.render(report, options: options)
        // Only the body between <main> and the footer, so the assertions do not see the CSS.
        let start = html.range(of: "<main>\n")!.upperBound
        let end = html.range(of: "</main>")!.lowerBound
        return String(html[start..<end])
    }

    private func paragraph(_ inlines: [Inline]) -> Block { .paragraph(inlines, Fixture.range(1, 1)) }

    /// The page without labrun's own script (the copy buttons): what lab content could inject.
    private func withoutOwnScript(_ html: String) -> String {
        html.replacingOccurrences(of: HTMLStyle.copyScript, with: "")
    }

    @Test func scriptInOutputIsEscaped() {
        let report = Fixture.single(result: CellResult(status: .ok, outputs: [.text("<script>alert(1)</script>")]))
        let html = HTMLRenderer.render(report)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!withoutOwnScript(html).contains("<script"))
    }

    @Test func scriptInCodeIsEscapedWithAndWithoutHighlights() {
        let code = "let s = \"</code><script>x()</script>\""
        let plain = HTMLRenderer.render(Fixture.single(code, result: CellResult(status: .ok)))
        #expect(!withoutOwnScript(plain).contains("<script"))
        #expect(plain.contains("&lt;/code&gt;&lt;script&gt;"))
        let spans = [HighlightSpan(start: 0, length: 3, kind: .keyword), HighlightSpan(start: 8, length: 29, kind: .string)]
        let highlighted = HTMLRenderer.render(Fixture.single(code, result: CellResult(status: .ok, highlights: spans)))
        #expect(!withoutOwnScript(highlighted).contains("<script"))
        #expect(highlighted.contains("<span class=\"tok-string\">&quot;&lt;/code&gt;"))
    }

    @Test func badHighlightSpansAreIgnored() {
        let spans = [
            HighlightSpan(start: 2, length: 100, kind: .keyword), HighlightSpan(start: -1, length: 2, kind: .number),
            HighlightSpan(start: 0, length: 1, kind: .identifier), HighlightSpan(start: 0, length: 2, kind: .number),
        ]
        #expect(HTMLCell.highlighted("a<b", spans) == "<span class=\"tok-identifier\">a</span>&lt;b")
    }

    @Test func rawHTMLIsOmittedByDefault() {
        let html = prose([
            .htmlBlock("<script>evil()</script>\n", Fixture.range(1, 1)),
            paragraph([.text("a "), .html("<b onclick=\"x()\">"), .text("b")]),
        ])
        #expect(html == "<!-- raw HTML omitted -->\n<p>a <!-- raw HTML omitted -->b</p>\n")
    }

    @Test func unsafeOptionPassesRawHTMLThrough() {
        let html = prose(
            [.htmlBlock("<div>x</div>", Fixture.range(1, 1)), paragraph([.html("<kbd>")])],
            options: HTMLOptions(unsafeHTML: true))
        #expect(html == "<div>x</div>\n<p><kbd></p>\n")
    }

    @Test(arguments: [
        ("javascript:alert(1)", ""), ("JaVaScRiPt:alert(1)", ""), (" \tjava\nscript:x", ""),
        ("vbscript:x", ""), ("file:///etc/passwd", ""), ("data:text/html,<b>", ""),
        ("data:image/png;base64,AAA", "data:image/png;base64,AAA"),
        ("https://example.com/a b?x=1&y='2'", "https://example.com/a%20b?x=1&amp;y=&#x27;2&#x27;"),
        ("https://example.com/é", "https://example.com/%C3%A9"),
    ])
    func linkURLs(url: String, expected: String) {
        let html = prose([paragraph([.link(destination: url, title: "", [.text("x")])])])
        #expect(html == "<p><a href=\"\(expected)\">x</a></p>\n")
    }

    @Test func unsafeImageBecomesEmptyAndAltIsPlain() {
        let html = prose([paragraph([.image(source: "javascript:x", title: "t\"", [.emphasis([.text("a<b")])])])])
        #expect(html == "<p><img src=\"\" alt=\"a&lt;b\" title=\"t&quot;\" /></p>\n")
    }

    @Test func headingSlugsAreUnique() {
        let headings: [Block] = ["Gradient descent", "Gradient Descent!", "gradient descent", "Gradient descent-1", "???"]
            .map { .heading(level: 2, [.text($0)], Fixture.range(1, 1)) }
        // The headings' own lines, not those of the table of contents before them.
        let ids = prose(headings).split(separator: "\n").filter { $0.hasPrefix("<h2 id=") }.map { line -> String in
            String(line.split(separator: "\"")[1])
        }
        #expect(ids == ["gradient-descent", "gradient-descent-1", "gradient-descent-2", "gradient-descent-1-1", "section"])
    }

    @Test func headingSlugsAvoidCellAnchors() {
        var slugger = Slugger(reserved: ["cell-1"])
        #expect(slugger.slug("Cell 1") == "cell-1-1")
        #expect(slugger.slug("Ünïcode Straße") == "ünïcode-straße")
    }

    @Test func listsQuotesCodeAndBreaks() {
        let item = { (text: String) in
            ListItem(blocks: [self.paragraph([.text(text)])], range: Fixture.range(1, 1))
        }
        let html = prose([
            .list(ListInfo(ordered: true, start: 3, tight: true), items: [item("a"), item("b")], Fixture.range(1, 2)),
            .list(ListInfo(ordered: false, start: 1, tight: false), items: [item("c")], Fixture.range(3, 3)),
            .blockQuote([paragraph([.text("q"), .softBreak, .text("r"), .lineBreak, .text("s")])], Fixture.range(4, 4)),
            .codeBlock(info: "python extra", literal: "x < 1\n", Fixture.range(5, 7)),
            .thematicBreak(Fixture.range(8, 8)),
        ])
        #expect(html == """
            <ol start="3">
            <li>a</li>
            <li>b</li>
            </ol>
            <ul>
            <li>
            <p>c</p>
            </li>
            </ul>
            <blockquote>
            <p>q
            r<br />
            s</p>
            </blockquote>
            <pre><code class="language-python">x &lt; 1
            </code></pre>
            <hr />

            """)
    }

    @Test func documentIsSelfContained() {
        let html = HTMLRenderer.render(Fixture.lab)
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("@media print"))
        #expect(html.contains("prefers-color-scheme: dark"))
        // One script of labrun's own (copy buttons, inline); nothing fetched.
        #expect(html.components(separatedBy: "<script").count == 2)
        for remote in ["<script src", "<link", "http://", "@import", "src=\"http"] { #expect(!withoutOwnScript(html).contains(remote)) }
    }

    @Test func diagnosticsShowEvenWithOutputOff() {
        let d = ReportDiagnostic(severity: .error, message: "boom", line: 2, column: 1)
        let report = Fixture.single(
            options: CellOptions(output: false),
            result: CellResult(status: .failed, outputs: [.text("hidden output")], diagnostics: [d]))
        let html = HTMLRenderer.render(report)
        #expect(!html.contains("hidden output"))
        // The column is marked in the source line (a caret line would drift when the block wraps).
        #expect(html.contains("2:1: error: boom\n<mark>p</mark>rint(1)\n</pre>"))
        #expect(html.contains("<p class=\"badge\">failed</p>"))
    }

    @Test func statusBadges() {
        for (status, badge) in [(CellStatus.timedOut, "timed out"), (.notRun, "not run"), (.expectedError, "expected error")] {
            let html = HTMLRenderer.render(Fixture.single(result: CellResult(status: status)))
            #expect(html.contains("class=\"cell status-\(status.rawValue)\""))
            #expect(html.contains("<p class=\"badge\">\(badge)</p>"))
        }
        #expect(!HTMLRenderer.render(Fixture.single(result: CellResult(status: .ok))).contains("class=\"badge\""))
    }

    @Test func missingResultsDoNotTrap() {
        var report = Fixture.lab
        report.cells = []
        let html = HTMLRenderer.render(report)
        #expect(html.contains("status-not-run"))
    }
}

@Suite struct HTMLNestingTests {
    @Test func tightItemWithNestedListAndCell() {
        let source = "- a\n  - b\n- ```swift-lab\n  x\n  ```\n"
        let inner = ListItem(blocks: [.paragraph([.text("b")], Fixture.range(2, 2))], range: Fixture.range(2, 2))
        let items = [
            ListItem(
                blocks: [
                    .paragraph([.text("a")], Fixture.range(1, 1)),
                    .list(ListInfo(ordered: false, start: 1, tight: true), items: [inner], Fixture.range(2, 2)),
                ], range: Fixture.range(1, 2)),
            ListItem(blocks: [.cell(0)], range: Fixture.range(3, 5)),
        ]
        let cell = Fixture.cell(0, "x", fence: 3, container: .listItem, offset: 2)
        let report = Report(
            document: Fixture.document(
                source, blocks: [.list(ListInfo(ordered: false, start: 1, tight: true), items: items, Fixture.range(1, 5))],
                cells: [cell]),
            cells: [CellResult(status: .ok)], diagnostics: [])
        let html = HTMLRenderer.render(report)
        #expect(html.contains("""
            <ul>
            <li>a
            <ul>
            <li>b</li>
            </ul>
            </li>
            <li>
            <div class="cell status-ok" id="cell-1">
            <pre class="code"><code class="language-swift"><span class="ln" aria-hidden="true">4</span>x
            </code></pre>
            </div>
            </li>
            </ul>
            """))
    }
}
