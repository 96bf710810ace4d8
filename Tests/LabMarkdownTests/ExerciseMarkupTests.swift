import Testing
@testable import LabMarkdown

/// The exercise options (`solution`, `check`, `points=`, `error="…"`), the solution markers and the
/// student copy made from them (issue 17).
@Suite struct ExerciseMarkupTests {
    func cell(_ fence: String) -> Cell? {
        parse("Prose.\n\n\(fence)\nx\n```\n").cells.first
    }

    @Test func exerciseOptionsAreRead() {
        #expect(cell("```swift-lab solution")?.options == CellOptions(solution: true))
        #expect(cell("```swift-lab check id=c1")?.options == CellOptions(id: "c1", check: .visible))
        #expect(cell("```swift-lab check=hidden points=2.5")?.options == CellOptions(check: .hidden, points: 2.5))
        #expect(cell("```swift-lab check=hidden points=2.5")?.options.checkPoints == 2.5)
        #expect(cell("```swift-lab check")?.options.checkPoints == 1)
        #expect(cell("```swift-lab")?.options.checkPoints == 0)
        let quoted = cell("```swift-lab error=\"cannot multiply\" id=e")?.options
        #expect(quoted == CellOptions(expectsError: true, id: "e", expectedErrorText: "cannot multiply"))
        #expect(cell("```swift-lab error=\"it's\"")?.options.expectedErrorText == "it's")
    }

    @Test func malformedExerciseOptionsAreLocatedErrors() {
        let messages = { (fence: String) in cell(fence)?.optionErrors.map { "\($0.position.column): \($0.message)" } ?? [] }
        #expect(messages("```swift-lab check=maybe") == ["14: check must be 'visible' or 'hidden' (or written alone: check), got 'maybe'"])
        #expect(messages("```swift-lab check points=two") == ["20: points must be a number of points such as 2 or 0.5, got 'two'"])
        #expect(messages("```swift-lab points=2") == ["14: points= is for check cells; add check (or check=hidden) to the cell's options"])
        #expect(messages("```swift-lab solution check") == ["23: a cell cannot be both a solution and a check; put the check in a cell of its own"])
        #expect(messages("```swift-lab error=\"open") == ["14: the value of 'error' opens a double quote that does not close"])
        #expect(messages("```swift-lab error=\"a\"b") == ["14: the value of 'error' opens a double quote that does not close"])
    }

    @Test func solutionRegionsAtSeveralIndentations() throws {
        let lab = """
            ```swift-lab
            // BEGIN SOLUTION
            let a = 1
            // END SOLUTION
            for i in 0..<3 {
                if i > 0 {
                    // BEGIN SOLUTION
                    print(i)
                    //END SOLUTION
                }
            }
            ```

            """
        let cell = try #require(parse(lab).cells.first)
        #expect(cell.optionErrors.isEmpty)
        #expect(cell.solutionRegions == [
            SolutionRegion(begin: 0, end: 2, indentation: ""),
            SolutionRegion(begin: 5, end: 7, indentation: "        "),
        ])
        // A marker needs its own line, in capitals.
        #expect(parse("```swift-lab\nlet a = 1 // BEGIN SOLUTION\n// begin solution\n```\n").cells[0].solutionRegions.isEmpty)
    }

    @Test func unbalancedMarkersAreLocatedErrors() throws {
        let lab = "# Lab\n\n```swift-lab\n  // END SOLUTION\n// BEGIN SOLUTION\n  // BEGIN SOLUTION\n```\n"
        let errors = try #require(parse(lab).cells.first).optionErrors.map { "\($0.position.line):\($0.position.column) \($0.message)" }
        #expect(errors == [
            "4:3 '// END SOLUTION' without a '// BEGIN SOLUTION' before it",
            "6:3 '// BEGIN SOLUTION' inside the solution region that began on the cell's line 2; close it first with '// END SOLUTION'",
            "5:1 '// BEGIN SOLUTION' is never closed; end the region with '// END SOLUTION' in the same cell",
        ])
    }

    /// Solutions in a list item and a block quote keep their container's markers; everything else
    /// (CRLF line ends, other cells, prose) is unchanged byte for byte.
    @Test func studentCopyReplacesSolutionsAndDropsHiddenChecks() {
        let lab = [
            "# Exercise", "",
            "1. Step one:", "",
            "   ```swift-lab id=one", "   let x = 2", "   // BEGIN SOLUTION", "   let y = x * x", "   // END SOLUTION", "   ```", "",
            "> ```swift-lab solution timeout=5", "> let z = 3", "> print(z)", "> ```", "",
            "```swift-lab check=hidden id=h", "assert(y == 4)", "```", "",
            "```swift-lab check id=v points=2", "assert(z == 3)", "```", "",
            "```swift-lab solution", "```", "",
            "Done.",
        ].joined(separator: "\r\n") + "\r\n"
        let copy = StudentCopy.text(of: LabParser.parse(text: lab, path: "lab.md"))
        let expected = [
            "# Exercise", "",
            "1. Step one:", "",
            "   ```swift-lab id=one", "   let x = 2", "   todo()", "   ```", "",
            "> ```swift-lab timeout=5", "> todo()", "> ```", "",
            "```swift-lab check id=v points=2", "assert(z == 3)", "```", "",
            "```swift-lab", "todo()", "```", "",
            "Done.",
        ].joined(separator: "\r\n") + "\r\n"
        #expect(copy == expected)
        // The copy runs todo() where the solutions were, and is itself a lab with nothing to hide.
        let again = LabParser.parse(text: copy, path: "lab.md")
        #expect(again.cells.map(\.code) == ["let x = 2\ntodo()", "todo()", "assert(z == 3)", "todo()"])
        #expect(StudentCopy.text(of: again) == copy)
    }

    @Test func aLabWithoutExercisesIsCopiedUnchanged() {
        let lab = "# Lab\n\nText é ü.\n\n```swift-lab\nprint(1)\n```\nNo final newline"
        #expect(StudentCopy.text(of: LabParser.parse(text: lab, path: "lab.md")) == lab)
    }

    @Test func infoWordsKeepQuotedBlanks() {
        let words = CellExtractor.words(in: Array("swift-lab error=\"a b\" id=x")[...]).map(\.text)
        #expect(words == ["swift-lab", "error=\"a b\"", "id=x"])
    }
}
