import LabMarkdown
import LabOutput
import Testing
@testable import LabReport

/// The Markdown report is as safe as the HTML one: raw HTML shows as text and unsafe link
/// destinations are blanked, unless `unsafeHTML`. These tests parse real labs.
@Suite struct MarkdownSafetyTests {
    /// The Markdown report of the lab `source` (every cell ran and showed nothing).
    private func markdown(_ source: String, unsafeHTML: Bool = false) -> String {
        let document = LabParser.parse(text: source, path: "labs/safety.md")
        let results = document.cells.map { _ in CellResult(status: .ok) }
        return MarkdownRenderer.render(
            Report(document: document, cells: results, diagnostics: []), unsafeHTML: unsafeHTML)
    }

    /// The report parsed as a Markdown viewer would: no raw HTML, no link or image that the HTML
    /// report would blank.
    private func expectSafe(_ md: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var problems: [String] = []
        func visit(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case .html(let raw): problems.append("inline HTML \(raw)")
                case .link(let d, _, let c), .image(let d, _, let c):
                    if HTML.isDangerousURL(d) { problems.append("destination \(d)") }
                    visit(c)
                case .emphasis(let c), .strong(let c): visit(c)
                default: break
                }
            }
        }
        func visit(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .htmlBlock(let raw, _): problems.append("HTML block \(raw)")
                case .paragraph(let i, _), .heading(_, let i, _): visit(i)
                case .blockQuote(let b, _): visit(b)
                case .list(_, let items, _): items.forEach { visit($0.blocks) }
                default: break
                }
            }
        }
        visit(LabParser.parse(text: md, path: "report.md").blocks)
        #expect(problems.isEmpty, "\(problems) in:\n\(md)", sourceLocation: sourceLocation)
    }

    @Test func anHTMLBlockBecomesACodeBlock() {
        let md = markdown("Before.\n\n<div onclick=\"evil()\">\n<script>alert(1)</script>\n</div>\n\nAfter.\n")
        #expect(md == """
            Before.

            ```html
            <div onclick="evil()">
            <script>alert(1)</script>
            </div>
            ```

            After.

            """)
        expectSafe(md)
    }

    @Test func htmlBlocksInContainersKeepTheirPrefixes() {
        let md = markdown("> <div>\n> x\n\n- <table>\n  <tr>\n\n  text\n")
        #expect(md == "> ```html\n> <div>\n> x\n> ```\n\n- ```html\n  <table>\n  <tr>\n  ```\n\n  text\n")
        expectSafe(md)
    }

    @Test func inlineHTMLShowsAsText() {
        let md = markdown("Press <kbd>Ctrl</kbd>, see <a href=\"x&y\" title='[x](javascript:alert(1))'>this</a>.\n")
        #expect(md == """
            Press &lt;kbd>Ctrl&lt;/kbd>, see &lt;a href="x&amp;y" title='\\[x\\](javascript:alert(1))'>this&lt;/a>.

            """)
        expectSafe(md)
    }

    @Test func inlineHTMLAcrossLinesInABlockQuote() {
        let md = markdown("> text <span\n>   class=\"a\">x</span> and `c` <!-- a\n> comment -->\n")
        #expect(md == "> text &lt;span\n>   class=\"a\">x&lt;/span> and `c` &lt;!-- a\n> comment -->\n")
        expectSafe(md)
    }

    @Test func codeSpansAndEscapesAroundInlineHTMLStay() {
        let md = markdown("`<b>` and \\<b> and <b>bold</b>\n")
        #expect(md == "`<b>` and \\<b> and &lt;b>bold&lt;/b>\n")
    }

    @Test func unsafeLinksAndImagesPointNowhere() {
        let md = markdown("""
            [x](javascript:alert(1)) ![i](javascript:alert(2) "t") [v](VBScript:x) [f](<file:///etc/passwd>)
            [d](data:text/html,<b>) ![png](data:image/png;base64,AAAA) [r][ref]

            [ref]: javascript:alert(3)

            """)
        #expect(md == """
            [x](<>) ![i](<> "t") [v](<>) [f](<>)
            [d](<>) ![png](data:image/png;base64,AAAA) [r][ref]

            [ref]: <>

            """)
        expectSafe(md)
    }

    @Test func ordinaryLinksStayAsWritten() {
        let source = "[site](https://example.com \"Example\") [lab](other.md) ![plot](img/plot.png) <https://x.org>\n"
        #expect(markdown(source) == source)
    }

    @Test func unsafeHTMLKeepsEverythingVerbatim() {
        let source = """
            <div onclick="evil()">raw</div>

            Inline <b>bold</b> [x](javascript:alert(1)) ![i](javascript:alert(2)) <javascript:alert(3)>

            """
        #expect(markdown(source, unsafeHTML: true) == source)
        #expect(markdown(source) != source)
    }

    @Test func theMarkdownFormatFollowsRenderOptions() {
        let source = "<b>x</b> [y](javascript:z)\n"
        let report = Report(document: LabParser.parse(text: source, path: "labs/o.md"), cells: [], diagnostics: [])
        #expect(ReportFormat.md.render(report, options: RenderOptions(unsafeHTML: true)).text == source)
        #expect(ReportFormat.md.render(report).text == "&lt;b>x&lt;/b> [y](<>)\n")
    }

    @Test func labsWithoutHTMLOrUnsafeLinksAreCopiedByteForByte() {
        let source = "# T\n\nSome *x* `a < b` and a<b, 3 > 2 & [l](a.md) $x<y$.\n\n> quote\n\n    <b>code</b>\n"
        #expect(markdown(source) == source)
    }

    /// What the rewriting cannot see is caught by parsing the report again; the paragraph is
    /// then flattened, its other text kept.
    @Test(arguments: [
        "[x](jav&#97;script:alert(1)) and *more*\n",  // an entity inside the scheme
        "[x](javascript\\:alert(1))\n",  // an escaped colon
        "Go <javascript:alert(1)> now\n",  // an autolink
        "a <b\n    >x\n",  // inline HTML whose `>` starts an indented continuation line
    ])
    func whatSlipsPastTheRewritingIsFlattened(source: String) {
        let md = markdown(source)
        expectSafe(md)
        #expect(md != source)
    }

    @Test func proseJoinedAroundAHiddenCellIsChecked() {
        // The cell shows nothing, so the report puts the two paragraphs together into one link.
        let source = "text [a\n```swift-lab echo=false output=false\nlet x = 1\n```\n](javascript:alert(1))\n"
        let md = markdown(source)
        #expect(md == "text \\[a\n\\](javascript:alert(1))\n")
        expectSafe(md)
    }

    @Test func htmlNestedPastTheParsersLimitIsFlattened() {
        let source = String(repeating: ">", count: LabParser.maxNestingDepth + 20) + " <img src=x onerror=alert(1)>\n"
        let md = markdown(source)
        #expect(md.hasSuffix(" &lt;img src=x onerror=alert(1)>\n"))
    }

    @Test func whenTheRoundsRunOutAllProseIsFlattened() {
        let source = "[x](jav&#97;script:alert(1))\n\nSafe `code` and [a link](https://example.com).\n"
        let report = Report(document: LabParser.parse(text: source, path: "labs/r.md"), cells: [], diagnostics: [])
        func lines(rounds: Int) -> [String] {
            var prose = MarkdownProse(document: report.document, links: ProseLinks(labFolder: nil), unsafeHTML: false)
            return MarkdownRenderer.checked(report, figures: [], prose: &prose, rounds: rounds).map(\.text)
        }
        #expect(lines(rounds: 2) == [
            "\\[x\\](jav&#97;script:alert(1))", "", "Safe `code` and [a link](https://example.com).",
        ])
        #expect(lines(rounds: 1) == [
            "\\[x\\](jav&#97;script:alert(1))", "", "Safe \\`code\\` and \\[a link\\](https://example.com).",
        ])
    }

    @Test func flatteningKeepsTheAuthorsEscapes() {
        #expect(MarkdownSafety.flattened("a <b> [c](d) `e` \\[f\\] \\\\[g]") == "a &lt;b> \\[c\\](d) \\`e\\` \\[f\\] \\\\\\[g\\]")
    }

    @Test func rawHTMLGrammar() {
        func span(_ text: String) -> String? {
            RawHTML.end(in: Array(text), at: 0).map { String(Array(text)[..<$0]) }
        }
        #expect(span("<a href=\"x>y\" b='1' c=d e>rest") == "<a href=\"x>y\" b='1' c=d e>")
        #expect(span("<br/>x") == "<br/>")
        #expect(span("</div >x") == "</div >")
        #expect(span("<!-- c -->x") == "<!-- c -->")
        #expect(span("<?php x ?>y") == "<?php x ?>")
        #expect(span("<!DOCTYPE html>x") == "<!DOCTYPE html>")
        #expect(span("<![CDATA[ <b> ]]>x") == "<![CDATA[ <b> ]]>")
        for notHTML in ["<", "< a>", "<1a>", "<a", "<a b=>", "<a\"b>", "<!-->", "<!-- a -- b -->", "<http://x>", "<a@b.c>"] {
            #expect(span(notHTML) == nil, "\(notHTML)")
        }
    }
}
