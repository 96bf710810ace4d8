import Testing
@testable import LabMarkdown

@Suite struct BlockMappingTests {
    func range(_ startLine: Int, _ startColumn: Int, _ endLine: Int, _ endColumn: Int) -> SourceRange {
        SourceRange(start: .init(line: startLine, column: startColumn), end: .init(line: endLine, column: endColumn))
    }

    @Test func headingsOfBothKinds() {
        let lab = parse("# One\n\n### Three *x*\n\nSetext\n------\n")
        #expect(lab.blocks == [
            .heading(level: 1, [.text("One")], range(1, 1, 1, 5)),
            .heading(level: 3, [.text("Three "), .emphasis([.text("x")])], range(3, 1, 3, 13)),
            .heading(level: 2, [.text("Setext")], range(5, 1, 6, 6)),
        ])
    }

    @Test func inlinesOfAParagraph() {
        let lab = parse("Some *emph*, __strong__ and `code`,\na [link](https://x.org \"T\") and ![alt *t*](img.png).  \n<b>hi</b>")
        let expected: [Inline] = [
            .text("Some "), .emphasis([.text("emph")]), .text(", "), .strong([.text("strong")]), .text(" and "),
            .code("code"), .text(","), .softBreak,
            .text("a "), .link(destination: "https://x.org", title: "T", [.text("link")]), .text(" and "),
            .image(source: "img.png", title: "", [.text("alt "), .emphasis([.text("t")])]), .text("."), .lineBreak,
            .html("<b>"), .text("hi"), .html("</b>"),
        ]
        #expect(lab.blocks == [.paragraph(expected, range(1, 1, 3, 9))])
    }

    @Test func adjacentTextIsMergedAndEntitiesDecoded() {
        let lab = parse("a [b ! c] &amp; \\*d")
        #expect(lab.blocks == [.paragraph([.text("a [b ! c] & *d")], range(1, 1, 1, 19))])
    }

    @Test func listsKeepKindStartAndTightness() {
        let lab = parse("- a\n- b\n\n3. x\n\n4. y\n")
        guard lab.blocks.count == 2, case .list(let bullets, let bulletItems, let bulletRange) = lab.blocks[0],
            case .list(let numbers, let numberItems, _) = lab.blocks[1]
        else {
            Issue.record("expected two lists, got \(lab.blocks)")
            return
        }
        #expect(bullets.ordered == false)
        #expect(bullets.tight == true)
        #expect(bulletRange.start == SourcePosition(line: 1, column: 1))
        #expect(bulletItems == [
            ListItem(blocks: [.paragraph([.text("a")], range(1, 3, 1, 3))], range: range(1, 1, 1, 3)),
            ListItem(blocks: [.paragraph([.text("b")], range(2, 3, 2, 3))], range: range(2, 1, 2, 3)),
        ])
        #expect(numbers == ListInfo(ordered: true, start: 3, tight: false))
        #expect(numberItems.count == 2)
    }

    @Test func otherBlocks() {
        let lab = parse("> quoted\n\n***\n\n<div>\nraw\n</div>\n\n```swift\nlet a = 1\n```\n")
        #expect(lab.blocks == [
            .blockQuote([.paragraph([.text("quoted")], range(1, 3, 1, 8))], range(1, 1, 1, 8)),
            .thematicBreak(range(3, 1, 3, 3)),
            .htmlBlock("<div>\nraw\n</div>\n", range(5, 1, 7, 6)),
            .codeBlock(info: "swift", literal: "let a = 1\n", range(9, 1, 11, 3)),
        ])
    }

    @Test func columnsCountCharactersNotBytes() {
        // "ü" is two bytes and "👩‍💻" eleven; columns count each as one.
        let lab = parse("> ü 👩‍💻 *x*\n")
        #expect(lab.blocks == [
            .blockQuote(
                [.paragraph([.text("ü 👩‍💻 "), .emphasis([.text("x")])], range(1, 3, 1, 9))], range(1, 1, 1, 9))
        ])
    }

    @Test func deepNestingIsFlattenedWithAWarning() {
        let depth = 5_000
        let lab = parse(String(repeating: ">", count: depth) + " deep\n\n```swift-lab\nok\n```\n")
        #expect(lab.cells.map(\.code) == ["ok"])
        #expect(lab.diagnostics.map(\.severity) == [.warning])
        #expect(lab.diagnostics.first?.position.line == 1)
        #expect(lab.flattenedAt == lab.diagnostics.first?.position)
        #expect(parse("> shallow\n").flattenedAt == nil)
        var block = lab.blocks.first
        var levels = 0
        while case .blockQuote(let inner, _)? = block {
            levels += 1
            block = inner.first
        }
        #expect(levels == LabParser.maxNestingDepth - 1)
        #expect(block == .paragraph([.text("deep")], range(1, levels + 1, 1, depth + 5)))
    }

    @Test func deeplyNestedEmphasisIsFlattenedToText() {
        let depth = 3_000
        let text = String(repeating: "*a ", count: depth) + "b" + String(repeating: " c*", count: depth)
        let lab = parse(text)
        #expect(lab.diagnostics.count == 1)
        #expect(lab.source.count == text.count)
        #expect(lab.blocks.count == 1)
    }
}
