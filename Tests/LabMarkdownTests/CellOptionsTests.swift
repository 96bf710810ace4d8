import Testing
@testable import LabMarkdown

@Suite struct CellOptionsTests {
    /// The options and errors of the only cell of a lab whose fence line is `fence`.
    func cell(_ fence: String, prefix: String = "Prose.\n\n") -> Cell? {
        parse("\(prefix)\(fence)\nx\n```\n").cells.first
    }

    func error(_ message: String, line: Int, column: Int) -> MarkdownDiagnostic {
        MarkdownDiagnostic(severity: .error, message: message, position: SourcePosition(line: line, column: column))
    }

    @Test func everyOptionIsRead() {
        let options = cell("```swift-lab echo=false output=false error=expected timeout=2.5 id=fit-1_b")?.options
        #expect(options == CellOptions(echo: false, output: false, expectsError: true, timeout: 2.5, id: "fit-1_b"))
        #expect(cell("```swift-lab echo=true output=true timeout=30")?.options == CellOptions(timeout: 30))
        #expect(cell("```swift-lab timeout=.5")?.options.timeout == 0.5)
        #expect(cell("~~~ swift-lab\tid=café")?.options.id == "café")
    }

    @Test func unknownKeySuggestsTheClosestKnownOne() {
        let found = cell("```swift-lab ecko=false")
        #expect(found?.optionErrors == [
            error(
                "unknown cell option 'ecko'; did you mean 'echo'? (known: echo, output, error, timeout, id, solution, check, points, caption)",
                line: 3, column: 14)
        ])
        #expect(found?.options == CellOptions())
    }

    @Test func unknownKeyFarFromAnyKnownOneHasNoSuggestion() {
        #expect(cell("```swift-lab  colour=red")?.optionErrors == [
            error("unknown cell option 'colour' (known: echo, output, error, timeout, id, solution, check, points, caption)", line: 3, column: 15)
        ])
    }

    @Test func suggestionsCoverEachKey() {
        #expect(CellOptionsParser.suggestion(for: "ouput") == "output")
        #expect(CellOptionsParser.suggestion(for: "timout") == "timeout")
        #expect(CellOptionsParser.suggestion(for: "erorr") == "error")
        #expect(CellOptionsParser.suggestion(for: "ids") == "id")
        #expect(CellOptionsParser.suggestion(for: "xy") == nil)
    }

    @Test func malformedBooleans() {
        #expect(cell("```swift-lab echo=no output=False")?.optionErrors == [
            error("echo must be true or false, got 'no'", line: 3, column: 14),
            error("output must be true or false, got 'False'", line: 3, column: 22),
        ])
    }

    @Test func errorAcceptsOnlyExpected() {
        #expect(cell("```swift-lab error=true")?.optionErrors == [
            error("error must be 'expected' or a message in double quotes (error=\"shapes\"), got 'true'", line: 3, column: 14)
        ])
    }

    @Test(arguments: ["abc", "0", "0.0", "-1", "1e3", "5.", "inf", "", "1.2.3"])
    func malformedTimeouts(value: String) {
        #expect(cell("```swift-lab timeout=\(value)")?.optionErrors == [
            error("timeout must be a positive number of seconds, got '\(value)'", line: 3, column: 14)
        ])
        #expect(cell("```swift-lab timeout=\(value)")?.options.timeout == nil)
    }

    @Test func absurdTimeoutIsRejected() {
        #expect(cell("```swift-lab timeout=99999999999999999999999")?.optionErrors.map(\.message) == [
            "timeout must be at most 86400 seconds, got '99999999999999999999999'"
        ])
    }

    @Test func malformedIDs() {
        #expect(cell("```swift-lab id=a.b")?.optionErrors == [
            error("id must be one or more letters, digits, '-' or '_', got 'a.b'", line: 3, column: 14)
        ])
        #expect(cell("```swift-lab id=")?.optionErrors.map(\.message) == [
            "id must be one or more letters, digits, '-' or '_', got ''"
        ])
    }

    @Test func bareWords() {
        #expect(cell("```swift-lab echo hidden")?.optionErrors == [
            error("cell option 'echo' needs a value, written echo=VALUE", line: 3, column: 14),
            error(
                "cell options are written key=value, got 'hidden' (known: echo, output, error, timeout, id, solution, check, points, caption)",
                line: 3, column: 19),
        ])
    }

    @Test func repeatedKeyIsAnErrorAtItsSecondUse() {
        let found = cell("```swift-lab echo=false output=true echo=false")
        #expect(found?.optionErrors == [
            error("cell option 'echo' is given twice (first at column 14)", line: 3, column: 37)
        ])
        #expect(found?.options.echo == false)
    }

    @Test func duplicateIDIsAnErrorOnTheLaterCell() {
        let lab = parse("```swift-lab id=fit\na\n```\n\n```swift-lab echo=false id=fit\nb\n```\n")
        #expect(lab.cells[0].optionErrors.isEmpty)
        #expect(lab.cells[0].options.id == "fit")
        #expect(lab.cells[1].optionErrors == [
            error("cell id 'fit' is already used by cell 1 at line 1", line: 5, column: 25)
        ])
        #expect(lab.cells[1].options.id == nil)
        #expect(lab.diagnostics.isEmpty)
    }

    @Test func errorColumnsCountCharactersAndContainers() {
        // The quote marker, the two-byte `é` id and a tab all count as one column each.
        let found = cell("> ~~~ swift-lab id=é\tbad", prefix: "")
        #expect(found?.options.id == "é")
        #expect(found?.optionErrors.map(\.position) == [SourcePosition(line: 1, column: 22)])
    }

    @Test func severalErrorsAreAllReported() {
        let found = cell("```swift-lab echo=maybe sort=true timeout=x")
        #expect(found?.optionErrors.map(\.position.column) == [14, 25, 35])
        #expect(found?.optionErrors.allSatisfy { $0.severity == .error } == true)
    }
}
