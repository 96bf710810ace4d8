import LabMarkdown
@testable import LabSession
import Testing

/// Where the key's checks run in a submission (issue 17): at the key's places, whatever the
/// submission did with its copies of them.
@Suite struct GradedDocumentTests {
    static let key = LabParser.parse(text: """
        ```swift-lab id=a
        let a = 1
        ```

        ```swift-lab id=c1 check
        assert(a == 1)
        ```

        ```swift-lab
        let b = 2
        ```

        ```swift-lab id=c2 check=hidden points=2
        assert(b == 2)
        ```

        ```swift-lab id=z
        let z = 3
        ```

        """, path: "key.md")

    func order(_ submission: String) -> (ids: [String?], code: [String], warnings: [String], cells: [Cell]) {
        let checks = GradedDocument.checks(of: Self.key)
        #expect(checks.problems.isEmpty)
        let (document, problems) = GradedDocument.make(
            key: Self.key, checks: checks.checks, submission: LabParser.parse(text: submission, path: "sub.md"))
        #expect(document.cells.enumerated().allSatisfy { $0.offset == $0.element.index })
        return (document.cells.map(\.options.id), document.cells.map(\.code), problems.map(\.message), document.cells)
    }

    @Test func checksMovedOrEditedByTheStudentRunAtTheKeysPlaces() {
        let moved = """
            ```swift-lab id=c2 check=hidden
            assert(true)
            ```

            ```swift-lab id=a
            let a = 1
            ```

            ```swift-lab
            let b = 2
            ```

            ```swift-lab id=z
            let z = 3
            ```

            ```swift-lab id=c1
            assert(true)
            ```
            """
        let graded = order(moved)
        #expect(graded.ids == ["a", "c1", nil, "c2", "z"])
        #expect(graded.code[1] == "assert(a == 1)")
        #expect(graded.code[3] == "assert(b == 2)")
        #expect(graded.warnings.isEmpty)
    }

    @Test func aCellTheStudentAddedOrRenamedKeepsItsPlace() {
        let added = """
            ```swift-lab id=mine
            let a = 1
            ```

            ```swift-lab
            let extra = 0
            ```

            ```swift-lab
            let b = 2
            ```

            ```swift-lab id=z
            let z = 3
            ```
            """
        let graded = order(added)
        // No id matches before the checks: the key's count of cells places them, and never past
        // the cell the next key id ('z') names.
        #expect(graded.ids == ["mine", "c1", nil, "c2", nil, "z"])
        #expect(graded.warnings == ["the submission has no cell with id 'a' (the key's cell at key.md:1); the checks after it run where the key's order of cells puts them"])
    }

    /// An unclosed fence or HTML comment at the end of a submission cannot swallow the key's checks,
    /// and an error in a check points at the check's own line.
    @Test(arguments: ["```swift-lab id=a\nlet a = 1\n", "```swift-lab id=a\nlet a = 2\n```\n\n<!-- never closed\n"])
    func theSubmissionsEndCannotSwallowTheChecks(submission: String) throws {
        let checks = GradedDocument.checks(of: Self.key).checks
        let (document, _) = GradedDocument.make(
            key: Self.key, checks: checks, submission: LabParser.parse(text: submission, path: "sub.md"))
        #expect(document.cells.map(\.options.id) == ["a", "c1", "c2"])
        #expect(document.cells[1].code == "assert(a == 1)")
        let report = LabSession(document: document).run()
        let c1 = report.cells[1]
        let a = document.cells[0].code
        #expect(c1.status == (a == "let a = 1" ? .ok : .failed))
        if let d = c1.diagnostics.first {
            #expect(document.sourceLines[d.line - 1] == "assert(a == 1)")
        }
    }

    @Test func hiddenChecksShowNeitherCodeNorOutputInTheFeedback() {
        let graded = order("```swift-lab id=a\nlet a = 1\n```\n")
        #expect(graded.ids == ["a", "c1", "c2"])
        let (visible, hidden) = (graded.cells[1].options, graded.cells[2].options)
        #expect(visible.echo && visible.output && visible.check == .visible)
        #expect(!hidden.echo && !hidden.output && hidden.check == .hidden && hidden.checkPoints == 2)
    }
}
