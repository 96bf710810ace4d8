import LabMarkdown
import Testing
@testable import LabReport

@Suite struct ContentsTests {
    private func html(_ blocks: [Block]) -> String {
        HTMLRenderer.render(Report(document: Fixture.document("", blocks: blocks, cells: []), cells: [], diagnostics: []))
    }

    private func heading(_ level: Int, _ inlines: [Inline]) -> Block {
        .heading(level: level, inlines, Fixture.range(1, 1))
    }

    @Test func contentsFollowTheTitleAndNestSubsections() {
        let page = html([
            heading(1, [.text("Lab")]), heading(2, [.text("One")]), heading(3, [.text("One a")]),
            heading(3, [.link(destination: "https://x.org", title: "", [.text("One b")])]),
            heading(2, [.text("Two "), .math("x", display: false)]), heading(4, [.text("Deep")]),
        ])
        let expected = """
            <h1 id="lab">Lab</h1>
            <nav class="toc" aria-label="Contents">
            <p class="toc-title">Contents</p>
            <ul>
            <li><a href="#one">One</a>
            <ul>
            <li><a href="#one-a">One a</a></li>
            <li><a href="#one-b">One b</a></li>
            </ul>
            </li>
            <li><a href="#two-x">Two <math>
            """
        #expect(page.contains(expected))
        #expect(!page.contains("href=\"#deep\""), "only h2 and h3 are listed")
        #expect(!page.contains("<a href=\"#one-b\"><a"), "links in headings become text in the contents")
    }

    @Test func shortLabsHaveNoContents() {
        let page = html([heading(1, [.text("Lab")]), heading(2, [.text("One")]), heading(3, [.text("Two")])])
        #expect(!page.contains("<nav"))
    }

    @Test func withoutATitleTheContentsComeFirst() {
        let page = html([heading(2, [.text("A")]), heading(2, [.text("B")]), heading(3, [.text("C")])])
        let main = page.components(separatedBy: "<main>\n").last ?? ""
        #expect(main.hasPrefix("<nav class=\"toc\""))
    }
}

@Suite struct ProseLinksTests {
    let links = ProseLinks(labFolder: "../labs")

    @Test(arguments: [
        ("other.md", "other.html", "other.md"),
        ("sub/third.md#x", "third.html#x", "third.md#x"),
        ("data/x.png", "../labs/data/x.png", "../labs/data/x.png"),
        ("./data/x.png?v=1", "../labs/data/x.png?v=1", "../labs/data/x.png?v=1"),
        ("../README.md", "../README.md", "../README.md"),
        ("https://example.org/a.md", "https://example.org/a.md", "https://example.org/a.md"),
        ("mailto:a@b.c", "mailto:a@b.c", "mailto:a@b.c"),
        ("/abs/x.png", "/abs/x.png", "/abs/x.png"),
        ("#anchor", "#anchor", "#anchor"),
        ("", "", ""),
    ])
    func destinations(_ input: String, _ html: String, _ markdown: String) {
        #expect(links.destination(input, for: .html) == html)
        #expect(links.destination(input, for: .markdown) == markdown)
    }

    @Test func withoutAFolderOnlyLabLinksChange() {
        let same = ProseLinks(labFolder: nil)
        #expect(same.destination("data/x.png", for: .html) == "data/x.png")
        #expect(same.destination("b.md", for: .html) == "b.html")
        #expect(ProseLinks(labFolder: "").destination("data/x.png", for: .markdown) == "data/x.png")
    }

    @Test func relativePathsBetweenFolders() {
        #expect(ProseLinks.relativePath(from: "/r/output", to: "/r/labs") == "../labs")
        #expect(ProseLinks.relativePath(from: "/r/labs", to: "/r/labs") == "")
        #expect(ProseLinks.relativePath(from: "/r", to: "/r/labs/x") == "labs/x")
        #expect(ProseLinks.relativePath(from: "/a/b/c", to: "/d") == "../../../d")
    }

    @Test func markdownLinesAreRewrittenOnlyWhereCmarkSawALink() {
        let source = "A [x](data/a.csv) `[y](data/a.csv)` [z](<data/a.csv>) ](data/a.csv\n"
        let inlines: [Inline] = [.link(destination: "data/a.csv", title: "", [.text("x")])]
        let document = Fixture.document(source, blocks: [.paragraph(inlines, Fixture.range(1, 1))], cells: [])
        let out = MarkdownRenderer.render(Report(document: document, cells: [], diagnostics: []), links: links)
        #expect(out == "A [x](../labs/data/a.csv) `[y](data/a.csv)` [z](<../labs/data/a.csv>) ](../labs/data/a.csv\n")
    }
}
