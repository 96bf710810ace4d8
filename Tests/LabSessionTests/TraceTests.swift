import Foundation
import LabMarkdown
import LabReport
import LabSession
import TestSupport
import Testing

/// An error inside a function or closure declared in an earlier cell is reported where it happened,
/// in that cell, followed by the calls that led there (innermost first, recursion folded).
@Suite struct TraceTests {
    static let lab = """
        # Trace

        ```swift-lab
        func scaleBy(_ t: Tensor) -> Tensor {
            let m = randn([3, 3])
            return matmul(m, t)
        }
        let square = { (v: Tensor) in matmul(v, v) }
        func twice(_ t: Tensor) -> Tensor { scaleBy(scaleBy(t)) }
        func countdown(_ n: Int) -> Int {
            if n == 0 { return 1 / n }
            return countdown(n - 1)
        }
        ```

        ```swift-lab
        let unrelated = 1
        ```

        ```swift-lab
        print(scaleBy(randn([4, 1])))
        ```

        ```swift-lab
        print(square(randn([2, 3])))
        ```

        ```swift-lab
        let y = twice(randn([5, 1]))
        ```

        ```swift-lab
        print(countdown(30))
        ```

        ```swift-lab
        let all = [1, 2].map { i in countdown(i) }
        ```
        """

    static func report() -> Report {
        LabSession(document: LabParser.parse(text: lab, path: "lab.md"), options: SessionOptions(keepGoing: true)).run()
    }

    func error(_ report: Report, cell: Int) throws -> ReportDiagnostic {
        try #require(report.cells[cell].diagnostics.first)
    }

    @Test func aFunctionFromTwoCellsBackFailsAtItsOwnLine() throws {
        let d = try error(Self.report(), cell: 2)
        #expect((d.line, d.column) == (6, 18), "inside scaleBy, in the first cell: \(d)")
        #expect(d.trace == [TraceFrame(line: 21, column: 14)], "the call in the third cell")
    }

    @Test func aClosureFromAnEarlierCellFailsInsideItself() throws {
        let d = try error(Self.report(), cell: 3)
        #expect((d.line, d.column) == (8, 37), "\(d)")
        #expect(d.trace == [TraceFrame(line: 25, column: 13)])
    }

    @Test func nestedCallsListEachCallInnermostFirst() throws {
        let d = try error(Self.report(), cell: 4)
        #expect((d.line, d.column) == (6, 18))
        #expect(d.trace == [TraceFrame(line: 9, column: 52), TraceFrame(line: 29, column: 14)], "\(d.trace)")
    }

    @Test func recursionIsFolded() throws {
        let d = try error(Self.report(), cell: 5)
        #expect(d.message == "division by zero")
        #expect((d.line, d.column) == (11, 26))
        #expect(d.trace == [TraceFrame(line: 12, column: 21, repeats: 30), TraceFrame(line: 33, column: 16)])
    }

    @Test func aClosureCalledByABuiltInListsTheBuiltInsCall() throws {
        let d = try error(Self.report(), cell: 6)
        #expect((d.line, d.column) == (11, 26))
        #expect(d.trace.map(\.line) == [12, 37, 37], "countdown, the closure, then map: \(d.trace)")
    }

    @Test func everyReportShowsTheTrace() throws {
        let report = Self.report()
        let terminal = DiagnosticFormatter.format(try error(report, cell: 5), path: "lab.md", sourceLines: report.document.sourceLines)
        #expect(terminal.hasSuffix("  called from lab.md:12:21 (30 times)\n  called from lab.md:33:16"), "\(terminal)")
        #expect(HTMLRenderer.render(report).contains("  called from 12:21 (30 times)"))
        #expect(MarkdownRenderer.render(report).contains("  called from lab.md:33:16"))
        let json = JSONRenderer.render(report, timings: false)
        #expect(json.contains("\"repeats\": 30"))
    }

    @Test func longTracesKeepTheInnermostCalls() {
        let calls = (1...20).map { (line: $0, column: 1) }
        let folded = TraceFrame.folded(calls)
        #expect(folded.count == TraceFrame.maxFrames)
        #expect(folded.first == TraceFrame(line: 1, column: 1))
        #expect(folded.last == TraceFrame(line: 0, column: 0, repeats: 20 - TraceFrame.maxFrames + 1))
        let report = ReportDiagnostic(severity: .error, message: "m", line: 1, column: 1, trace: folded)
        #expect(DiagnosticFormatter.format(report, path: "x", sourceLines: []).hasSuffix("\n  … and 13 more calls"))
    }
}

/// PyTorch stays silent when a [n] tensor meets a [n, 1] one and broadcasts to [n, n]; labrun warns.
@Suite struct BroadcastWarningTests {
    @Test func aVectorAgainstAColumnOfTheSameLengthWarnsOncePerCellAtTheOperator() throws {
        let lab = """
            ```swift-lab
            let predicted = tensor([1.0, 0.0, 1.0])
            let labels = tensor([[1.0], [0.0], [1.0]])
            let accuracy = (predicted == labels).mean()
            let again = (labels == predicted).mean()
            print(accuracy)
            ```

            ```swift-lab
            let fine = (predicted == labels.squeeze()).mean()
            let outer = tensor([1.0, 2.0]) * tensor([[1.0], [2.0], [3.0]])
            print(fine)
            ```
            """
        let report = LabSession(document: LabParser.parse(text: lab, path: "lab.md")).run()
        #expect(report.cells.map(\.status) == [.ok, .ok])
        let warnings = report.cells[0].diagnostics.filter { $0.severity == .warning }
        #expect(warnings.count == 2, "one per distinct message: \(warnings)")
        let first = try #require(warnings.first)
        #expect((first.line, first.column) == (4, 27), "at the ==: \(first)")
        #expect(first.message == "a tensor of shape [3] == one of shape [3, 1] broadcasts to [3, 3]")
        #expect(first.hint?.contains("squeeze()") == true)
        #expect(report.cells[1].diagnostics.isEmpty, "equal shapes, and a [2] against a [3, 1], do not warn")
    }
}

/// `detach()` copies here, unlike PyTorch's; changing the copy in place says so.
@Suite struct DetachedCopyWarningTests {
    @Test func changingADetachedCopyInPlaceWarnsThatTheOriginalStays() throws {
        let lab = """
            ```swift-lab
            let w = tensor([1.0, 2.0], requiresGrad: true)
            let d = w.detach()
            d += 1
            print(w, d)
            ```
            """
        let report = LabSession(document: LabParser.parse(text: lab, path: "lab.md")).run()
        #expect(report.cells[0].status == .ok)
        let warning = try #require(report.cells[0].diagnostics.first)
        #expect(warning.severity == .warning && (warning.line, warning.column) == (4, 3), "\(warning)")
        #expect(warning.message.contains("unlike PyTorch's detach(), the original tensor is not changed"))
        guard case .text(let printed)? = report.cells[0].outputs.first else { Issue.record("no output"); return }
        #expect(printed == "tensor([1., 2.], requires_grad=True) tensor([2., 3.])")
    }
}
