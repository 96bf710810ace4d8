import Testing
@testable import LabMarkdown

/// Parses `text` as a lab named `lab.md`.
func parse(_ text: String) -> LabDocument {
    LabParser.parse(text: text, path: "lab.md")
}

@Suite struct CellExtractionTests {
    @Test func backtickFenceIsACell() {
        let lab = parse("# Title\n\n```swift-lab\nlet x = 1\nprint(x)\n```\n")
        #expect(lab.cells.count == 1)
        let cell = lab.cells[0]
        #expect(cell.index == 0)
        #expect(cell.code == "let x = 1\nprint(x)")
        #expect(cell.infoString == "swift-lab")
        #expect(cell.fenceLine == 3)
        #expect(cell.firstCodeLine == 4)
        #expect(cell.endLine == 6)
        #expect(cell.columnOffsets == [0, 0])
        #expect(cell.container == .document)
        #expect(cell.options == CellOptions())
        #expect(cell.optionErrors.isEmpty)
        #expect(lab.blocks.last == .cell(0))
    }

    @Test func tildeFenceIsACell() {
        let lab = parse("~~~ swift-lab\nlet y = 2\n~~~\n")
        #expect(lab.cells.map(\.code) == ["let y = 2"])
        #expect(lab.cells.first?.endLine == 3)
    }

    @Test func longerFencesMayContainShorterOnes() {
        let lab = parse("````swift-lab\nlet s = \"```\"\n```\n````\n\n~~~~~ swift-lab\na\n~~~\n~~~~~\n")
        #expect(lab.cells.map(\.code) == ["let s = \"```\"\n```", "a\n~~~"])
        #expect(lab.cells.map(\.endLine) == [4, 9])
    }

    @Test func cellLineNumbersAcrossTheLab() {
        let text = """
            Intro.

            ```swift-lab
            1
            ```

            Some prose
            over two lines.

            ```swift-lab id=second
            2
            3
            ```
            ~~~swift-lab
            4
            ~~~
            """
        let lab = parse(text)
        #expect(lab.cells.map(\.index) == [0, 1, 2])
        #expect(lab.cells.map(\.fenceLine) == [3, 10, 14])
        #expect(lab.cells.map(\.firstCodeLine) == [4, 11, 15])
        #expect(lab.cells.map(\.endLine) == [5, 13, 16])
        #expect(lab.blocks.filter { if case .cell = $0 { true } else { false } } == [.cell(0), .cell(1), .cell(2)])
    }

    @Test func otherCodeBlocksStayProse() {
        let text = """
            ```swift
            let a = 1
            ```

            ```python
            b = 2
            ```

            ```swift-labx
            c
            ```

            ```
            plain
            ```

                ```swift-lab
                indented
                ```

            ``` swift-lab-test echo=false
            d
            ```
            """
        let lab = parse(text)
        #expect(lab.cells.isEmpty)
        let infos: [String] = lab.blocks.compactMap {
            if case .codeBlock(let info, _, _) = $0 { info } else { nil }
        }
        #expect(infos == ["swift", "python", "swift-labx", "", "", "swift-lab-test echo=false"])
        #expect(lab.blocks[4] == .codeBlock(
            info: "", literal: "```swift-lab\nindented\n```\n",
            SourceRange(start: .init(line: 17, column: 5), end: .init(line: 19, column: 7))))
    }

    @Test func infoStringMayHaveLeadingSpaceAndLongFence() {
        let lab = parse("``````   swift-lab echo=false\nx\n``````\n")
        #expect(lab.cells.count == 1)
        #expect(lab.cells.first?.options.echo == false)
    }

    @Test func emptyCellHasEmptyCodeAndNoOffsets() {
        let lab = parse("```swift-lab\n```\n")
        #expect(lab.cells.first?.code == "")
        #expect(lab.cells.first?.columnOffsets == [])
        #expect(lab.cells.first?.endLine == 2)
    }

    @Test func unclosedFenceRunsToTheEndOfTheFile() {
        let lab = parse("Text\n\n```swift-lab\nlet x = 1\nx")
        #expect(lab.cells.count == 1)
        #expect(lab.cells.first?.code == "let x = 1\nx")
        #expect(lab.cells.first?.fenceLine == 3)
        #expect(lab.cells.first?.endLine == 5)
    }

    @Test func unclosedFenceInsideBlockQuoteEndsWithTheQuote() {
        let lab = parse("> ```swift-lab\n> a\n\nafter\n")
        #expect(lab.cells.first?.code == "a")
        #expect(lab.cells.first?.endLine == 2)
        #expect(lab.blocks.count == 2)
    }

    @Test func cellInBlockQuoteMapsColumnsPastTheMarker() throws {
        let lab = parse("Intro\n\n> Quote\n>\n> ```swift-lab\n> let x = 1\n>   + 2\n> ```\n")
        let cell = try #require(lab.cells.first)
        #expect(cell.container == .blockQuote)
        #expect(cell.code == "let x = 1\n  + 2")
        #expect(cell.fenceLine == 5)
        #expect(cell.columnOffsets == [2, 2])
        // `+` is at cell line 2, column 3; in the file it stands at line 7, column 5.
        #expect(cell.filePosition(line: 2, column: 3) == SourcePosition(line: 7, column: 5))
        guard case .blockQuote(let inner, _)? = lab.blocks.last else {
            Issue.record("expected a block quote, got \(lab.blocks)")
            return
        }
        #expect(inner.last == .cell(0))
    }

    @Test func cellInListItemMapsColumnsPastTheIndentation() throws {
        let text = "1. Step one:\n\n   ```swift-lab\n   let y = 2\n   print(y)\n   ```\n2. Step two\n"
        let lab = parse(text)
        let cell = try #require(lab.cells.first)
        #expect(cell.container == .listItem)
        #expect(cell.code == "let y = 2\nprint(y)")
        #expect(cell.columnOffsets == [3, 3])
        #expect(cell.filePosition(line: 2, column: 1) == SourcePosition(line: 5, column: 4))
        guard case .list(let info, let items, _)? = lab.blocks.first else {
            Issue.record("expected a list, got \(lab.blocks)")
            return
        }
        #expect(info == ListInfo(ordered: true, start: 1, tight: false))
        #expect(items.count == 2)
        #expect(items.first?.blocks.last == .cell(0))
    }

    @Test func nestedContainersAndMultibyteMarkersCountCharacters() throws {
        // The quote holds a list item; the code keeps 2 of its own spaces of indentation.
        let lab = parse("> - ```swift-lab\n>   é\n>     x\n>   ```\n")
        let cell = try #require(lab.cells.first)
        #expect(cell.container == .listItem)
        #expect(cell.code == "é\n  x")
        #expect(cell.columnOffsets == [4, 4])
        #expect(cell.filePosition(line: 2, column: 3) == SourcePosition(line: 3, column: 7))
    }

    @Test func tabSplitByContainerIndentationMapsTheFirstNonBlank() throws {
        // The quote's optional space takes one column of the first tab; whatever cmark hands over
        // for the rest of the tabs, the `x` must still map to its file column 4.
        let lab = parse(">\t ```swift-lab\n>\t\tx\n>\t ```\n")
        let cell = try #require(lab.cells.first)
        let x = try #require(cell.code.firstIndex(of: "x"))
        let column = cell.code.distance(from: cell.code.startIndex, to: x) + 1
        #expect(cell.filePosition(line: 1, column: column) == SourcePosition(line: 2, column: 4))
    }

    @Test func columnOffsetFallsBackToTheFirstNonBlankWhenATabBecameSpaces() {
        let extractor = CellExtractor(source: SourceText(bytes: Array(">\t\tx = 1\n> a\n".utf8)))
        // Three spaces stand for the rest of the second tab: `x` (code column 4) is file column 4.
        #expect(extractor.columnOffset(of: "   x = 1", onLine: 1) == 0)
        #expect(extractor.columnOffset(of: "a", onLine: 2) == 2)
        #expect(extractor.columnOffset(of: "zzz", onLine: 2) == 0)
        #expect(extractor.columnOffset(of: "a", onLine: 9) == 0)
    }

    @Test func filePositionOutsideTheCodeUsesNoOffset() {
        let cell = parse("> ```swift-lab\n> a\n> ```\n").cells[0]
        #expect(cell.filePosition(line: 1, column: 1) == SourcePosition(line: 2, column: 3))
        #expect(cell.filePosition(line: 5, column: 1) == SourcePosition(line: 6, column: 1))
    }

    @Test func cellsInEveryContainerAreNumberedInDocumentOrder() {
        let text = "```swift-lab\n0\n```\n> ```swift-lab\n> 1\n> ```\n\n- ```swift-lab\n  2\n  ```\n\n```swift-lab\n3\n```\n"
        let lab = parse(text)
        #expect(lab.cells.map(\.index) == [0, 1, 2, 3])
        #expect(lab.cells.map(\.code) == ["0", "1", "2", "3"])
        #expect(lab.cells.map(\.container) == [.document, .blockQuote, .listItem, .document])
        #expect(lab.cells.map(\.fenceLine) == [1, 4, 8, 12])
    }

    @Test func optionErrorInAListItemIsAtItsFileColumn() {
        let lab = parse("- intro\n\n  ```swift-lab outptu=false\n  x\n  ```\n")
        #expect(lab.cells.first?.optionErrors.map(\.position) == [SourcePosition(line: 3, column: 16)])
        #expect(lab.cells.first?.optionErrors.first?.message.contains("did you mean 'output'?") == true)
    }

    @Test func escapedInfoStringFallsBackToTheFenceColumn() {
        // cmark resolves `\_`, so the words no longer match the line; positions fall back to the fence.
        let lab = parse("  ```swift-lab id=a\\_b bad\n  x\n  ```\n")
        #expect(lab.cells.first?.options.id == "a_b")
        #expect(lab.cells.first?.optionErrors.map(\.position) == [SourcePosition(line: 1, column: 3)])
    }
}
