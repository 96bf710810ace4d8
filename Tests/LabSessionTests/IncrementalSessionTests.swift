import Foundation
import LabMarkdown
import LabReport
import LabSession
import TestSupport
import Testing

/// Watch mode's core, scripted: edits are applied to the lab text and `update` is called directly.
@Suite struct IncrementalSessionTests {
    static let six = """
        # Six cells

        ```swift-lab
        seed(7)
        var w = randn([3])
        ```

        Some prose between cells.

        ```swift-lab
        var total = 0
        for i in 1...10 { total += i }
        ```

        ```swift-lab
        w += 1
        print(w)
        ```

        ```swift-lab
        let noise = randn([2])
        print(noise)
        ```

        ```swift-lab
        total += 5
        print(total)
        ```

        ```swift-lab
        print(w.sum().item + Double(total))
        print(randn([1]))
        ```
        """

    func document(_ text: String, path: String = "lab.md") -> LabDocument {
        LabParser.parse(text: text, path: path)
    }

    /// What a run's results are, without timings.
    func results(_ report: Report) -> [String] {
        report.cells.map { "\($0.status) \($0.outputs) \($0.diagnostics)" }
    }

    /// The results of running `text` from scratch in a new session.
    func fullRun(_ text: String, options: SessionOptions = SessionOptions()) -> [String] {
        results(LabSession(document: document(text), options: options).run())
    }

    @Test func editingCellFiveOfSixRerunsOnlyItAndTheNextWithEqualResults() {
        let session = IncrementalSession()
        let first = session.update(to: document(Self.six))
        #expect(first.cellsRun == [0, 1, 2, 3, 4, 5])
        #expect(results(first.report) == fullRun(Self.six))
        let edited = Self.six.replacingOccurrences(of: "total += 5", with: "total += 7")
        let second = session.update(to: document(edited))
        #expect(second.cellsRun == [4, 5])
        #expect(results(second.report) == fullRun(edited))
        #expect(results(second.report) != results(first.report))
    }

    /// A failed check does not stop the cells after it, in a full run and in a rerun alike; any
    /// other failure does.
    @Test func aFailedCheckLetsLaterCellsRun() {
        let lab = """
            ```swift-lab
            let x = 1
            ```

            ```swift-lab id=c check
            assert(x == 2, "x should be 2")
            ```

            ```swift-lab
            print(x + 1)
            ```
            """
        let full = LabSession(document: document(lab)).run()
        #expect(full.cells.map(\.status) == [.ok, .failed, .ok])
        #expect(full.points == (earned: 0, possible: 1))
        let session = IncrementalSession()
        _ = session.update(to: document(lab))
        let edited = session.update(to: document(lab.replacingOccurrences(of: "x + 1", with: "x + 2")))
        #expect(edited.cellsRun == [2])
        #expect(edited.report.cells.map(\.status) == [.ok, .failed, .ok])
        let notACheck = LabSession(document: document(lab.replacingOccurrences(of: " check", with: ""))).run()
        #expect(notACheck.cells.map(\.status) == [.ok, .failed, .notRun])
    }

    /// A warning the compiler gives (a name shadowing a built-in) is located in its own cell, not
    /// in the lab's first (found by the browser tests' stress lab).
    @Test func aShadowingWarningIsInTheCellThatDeclares() {
        let lab = "```swift-lab\nlet a = 1\n```\n\n```swift-lab\nlet b = 2\nlet table = 3\n```\n"
        let report = LabSession(document: document(lab)).run()
        let warning = report.cells[1].diagnostics.first
        #expect(warning?.message == "'table' shadows a built-in of the same name")
        #expect(warning.map { [$0.line, $0.column] } == [7, 5])
    }

    /// `error="text"` accepts only an error whose message contains the text.
    @Test func anExpectedErrorCanNameItsMessage() {
        let lab = """
            ```swift-lab error="out of range"
            let xs = [1]
            print(xs[5])
            ```

            ```swift-lab error="out of range"
            let y = 1 / 0
            ```

            ```swift-lab error="anything"
            print(1)
            ```
            """
        let report = LabSession(document: document(lab), options: SessionOptions(keepGoing: true)).run()
        #expect(report.cells.map(\.status) == [.expectedError, .failed, .failed])
        #expect(report.cells[1].diagnostics.map(\.message).last == "cell was marked error=\"out of range\" but its error says something else")
        #expect(report.cells[1].diagnostics.last?.line == 6)
        #expect(report.cells[2].diagnostics.map(\.message) == ["cell was marked error=expected but ran without an error"])
    }

    @Test func theRandomGeneratorIsRestoredForACellThatDrawsFromIt() {
        let session = IncrementalSession()
        _ = session.update(to: document(Self.six))
        let edited = Self.six.replacingOccurrences(of: "randn([2])", with: "randn([2]) * 2")
        let outcome = session.update(to: document(edited))
        #expect(outcome.cellsRun == [3, 4, 5])
        #expect(results(outcome.report) == fullRun(edited))
    }

    @Test func aProseChangeRerunsNothingAndMovesDiagnosticsWithTheirCells() {
        let lab = "# T\n\n```swift-lab error=expected\nprint(nope)\n```\n\n```swift-lab\nprint(1)\n```\n"
        let session = IncrementalSession()
        _ = session.update(to: document(lab))
        let edited = lab.replacingOccurrences(of: "# T\n", with: "# T\n\nA new paragraph\nof two lines.\n")
        let outcome = session.update(to: document(edited))
        #expect(outcome.cellsRun == [])
        #expect(results(outcome.report) == fullRun(edited))
        #expect(outcome.report.cells[0].diagnostics.first?.line == 7)
    }

    /// The state after a cell holding a recorded graph cannot be saved faithfully; a prose edit
    /// still reruns nothing (it reran every cell after the last faithful state).
    @Test func aProseChangeRerunsNothingWhenTheLastStateIsNotSaved() {
        let lab = "# T\n\n```swift-lab\nvar n = 1\n```\n\n```swift-lab\nlet x = tensor(2.0, requiresGrad: true)\nlet y = x * x\nprint(y)\n```\n"
        let session = IncrementalSession()
        _ = session.update(to: document(lab))
        let outcome = session.update(to: document(lab.replacingOccurrences(of: "# T", with: "# Title")))
        #expect(outcome.cellsRun == [])
        #expect(outcome.report.cells[1].outputs == [.text("tensor(4., grad_fn=<MulBackward0>)")])
    }

    /// `rerunFrom` (the served page's "rerun from here") reruns from that cell, changed or not,
    /// with the results of a full run.
    @Test func rerunFromACellRerunsItAndTheCellsAfterIt() {
        let session = IncrementalSession()
        _ = session.update(to: document(Self.six))
        let outcome = session.update(to: document(Self.six), rerunFrom: 3)
        #expect(outcome.cellsRun == [3, 4, 5])
        #expect(results(outcome.report) == fullRun(Self.six))
        #expect(session.update(to: document(Self.six)).cellsRun == [])
    }

    @Test func aSyntaxErrorMidEditIsReportedAndTheFixReruns() {
        let session = IncrementalSession()
        _ = session.update(to: document(Self.six))
        let broken = Self.six.replacingOccurrences(of: "w += 1", with: "w += (1")
        let mid = session.update(to: document(broken))
        #expect(mid.cellsRun == [2])
        #expect(mid.report.cells.map(\.status) == [.ok, .ok, .failed, .notRun, .notRun, .notRun])
        let fixed = Self.six.replacingOccurrences(of: "w += 1", with: "w += 2")
        let after = session.update(to: document(fixed))
        #expect(after.cellsRun == [2, 3, 4, 5])
        #expect(results(after.report) == fullRun(fixed))
    }

    @Test func aChangedDataFileRerunsFromTheFirstCellThatReadIt() throws {
        let dir = try makeTemporaryDirectory()
        let csv = dir.appendingPathComponent("data.csv")
        try "a,b\n1,2\n".write(to: csv, atomically: true, encoding: .utf8)
        let lab = """
            ```swift-lab
            var runs = 1
            ```

            ```swift-lab
            let f = readCSV("data.csv")
            ```

            ```swift-lab
            print(f.count, runs)
            ```
            """
        let path = dir.appendingPathComponent("lab.md").path
        let session = IncrementalSession()
        let first = session.update(to: document(lab, path: path))
        #expect(first.report.cells[2].outputs == [.text("1 1")])
        #expect(first.dataFiles == [csv.standardizedFileURL.path])
        try "a,b\n1,2\n3,4\n".write(to: csv, atomically: true, encoding: .utf8)
        let second = session.update(to: document(lab, path: path), changedDataFiles: Set(first.dataFiles))
        #expect(second.cellsRun == [1, 2])
        #expect(second.report.cells[2].outputs == [.text("2 1")])
    }

    @Test func anInterruptedUpdateKeepsWhatFinishedAndTheNextOneCompletes() {
        let session = IncrementalSession()
        let outcome = session.update(to: document(Self.six)) { event in
            if case .cellStarted(2, _, _) = event { session.interrupt() }
        }
        #expect(outcome.interrupted)
        #expect(outcome.cellsRun == [0, 1])
        let next = session.update(to: document(Self.six))
        #expect(!next.interrupted)
        #expect(next.cellsRun == [2, 3, 4, 5])
        #expect(results(next.report) == fullRun(Self.six))
    }

    @Test func stateThatCannotBeSavedMakesTheRerunStartEarlier() {
        let lab = """
            ```swift-lab
            let w = tensor(3.0, requiresGrad: true)
            ```

            ```swift-lab
            let loss = w * w
            ```

            ```swift-lab
            loss.backward()
            ```

            ```swift-lab
            print(w.grad)
            ```
            """
        let session = IncrementalSession()
        _ = session.update(to: document(lab))
        let edited = lab.replacingOccurrences(of: "print(w.grad)", with: "print(w.grad, w)")
        let outcome = session.update(to: document(edited))
        #expect(outcome.cellsRun == [1, 2, 3])
        #expect(results(outcome.report) == fullRun(edited))
        #expect(outcome.report.cells[3].outputs == [.text("tensor(6.) tensor(3., requires_grad=True)")])
    }

    static let training = """
        ```swift-lab
        seed(4)
        let X = randn([20, 3])
        let y = randn([20, 1])
        ```

        ```swift-lab
        let model = Sequential(Linear(3, 4), Tanh(), Linear(4, 1))
        let optimizer = Adam(model.parameters(), lr: 0.05)
        let lossFn = MSELoss()
        let history = History()
        for epoch in 1...60 {
            let loss = lossFn(model(X), y)
            loss.backward()
            optimizer.step()
            optimizer.zeroGrad()
            if epoch % 10 == 0 { history.record(epoch: epoch, loss: loss.item) }
        }
        ```

        ```swift-lab
        plot(history)
        ```
        """

    @Test func editingTheCellAfterTrainingDoesNotRetrain() {
        let session = IncrementalSession()
        let first = session.update(to: document(Self.training))
        #expect(first.cellsRun == [0, 1, 2])
        #expect(first.report.cells.map(\.status) == [.ok, .ok, .ok])
        let logPlot = Self.training.replacingOccurrences(of: "plot(history)", with: "plot(history, logY: true)")
        let second = session.update(to: document(logPlot))
        #expect(second.cellsRun == [2])
        #expect(results(second.report) == fullRun(logPlot))
        // Training on from the restored state: the optimizer must step the restored model, with its moments.
        let trainOn = Self.training.replacingOccurrences(of: "plot(history)", with: """
            for _ in 1...5 {
                let loss = lossFn(model(X), y)
                loss.backward()
                optimizer.step()
                optimizer.zeroGrad()
                print(loss.item)
            }
            print(model.parameters()[0])
            """)
        let third = session.update(to: document(trainOn))
        #expect(third.cellsRun == [2])
        #expect(results(third.report) == fullRun(trainOn))
        let again = session.update(to: document(trainOn.replacingOccurrences(of: "1...5", with: "1...6")))
        #expect(again.cellsRun == [2])
        #expect(results(again.report) == fullRun(trainOn.replacingOccurrences(of: "1...5", with: "1...6")))
    }

    @Test func cellsAfterAnUnchangedFailureStayNotRun() {
        let lab = "```swift-lab\nprint(nope)\n```\n\n```swift-lab\nprint(1)\n```\n"
        let session = IncrementalSession()
        _ = session.update(to: document(lab))
        let edited = lab.replacingOccurrences(of: "print(1)", with: "print(2)")
        let outcome = session.update(to: document(edited))
        #expect(outcome.cellsRun == [])
        #expect(outcome.report.cells.map(\.status) == [.failed, .notRun])
    }
}
