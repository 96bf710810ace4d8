import Testing
@testable import LabOutput

@Suite struct OutputCollectorTests {
    @Test func consecutivePrintsAreJoined() {
        var c = OutputCollector()
        c.appendText("a")
        c.appendText("b\nc")
        c.append(.notice("n"))
        c.appendText("d")
        #expect(c.outputs == [.text("a\nb\nc"), .notice("n"), .text("d")])
    }

    @Test func appendDoesNotJoin() {
        var c = OutputCollector()
        c.append(.text("a"))
        c.append(.text("b"))
        #expect(c.outputs == [.text("a"), .text("b")])
    }

    @Test func lineLimitCutsWithOneNotice() {
        var c = OutputCollector(maxLines: 3)
        for i in 1...5 { c.appendText("line \(i)") }
        c.append(.table(TableOutput(columns: ["x"], rows: [[.int(1)]])))
        #expect(c.outputs == [
            .text("line 1\nline 2\nline 3"),
            .notice("output cut: 4 more lines (16 bytes) were left out"),
        ])
        #expect(c.isCut)
    }

    @Test func byteLimitCutsInsideOnePrint() {
        var c = OutputCollector(maxBytes: 10)
        c.appendText("12345\n678\nabcdef")
        // "12345" + "\n" + "678" = 9 bytes fit; "abcdef" (6 bytes) does not.
        #expect(c.outputs == [.text("12345\n678"), .notice("output cut: 1 more line (6 bytes) was left out")])
    }

    @Test func tooLargeTableIsDroppedWhole() {
        var c = OutputCollector(maxLines: 2)
        c.append(.table(TableOutput(columns: ["a"], rows: [[.int(1)], [.int(2)]])))
        #expect(c.outputs == [.notice("output cut: 3 more lines (6 bytes) were left out")])
    }

    @Test func noNoticeWithinLimits() {
        var c = OutputCollector(maxLines: 2, maxBytes: 3)
        c.appendText("a")
        c.appendText("b")
        #expect(c.outputs == [.text("a\nb")])
        #expect(!c.isCut)
    }
}

@Suite struct OutputCollectorDefaultLimitTests {
    @Test func manyPrintsStopAtTenThousandLines() {
        var c = OutputCollector()
        for _ in 0..<12_000 { c.appendText("x") }
        let outputs = c.outputs
        #expect(outputs.count == 2)
        if case .text(let text)? = outputs.first {
            #expect(text.utf8.count == 19_999)
        } else {
            Issue.record("expected one joined text, got \(outputs.first.map { "\($0)" } ?? "nothing")")
        }
        #expect(outputs.last == .notice("output cut: 2000 more lines (2000 bytes) were left out"))
    }

    /// A line of a megabyte is shortened, not dropped with everything printed after it.
    @Test func oneHugeLineIsShortenedAndLaterPrintsStay() {
        var c = OutputCollector()
        c.appendText("short")
        c.appendText(String(repeating: "y", count: 1_000_001))
        c.appendText("after")
        let kept = String(repeating: "y", count: OutputCollector.maxLineBytes)
        #expect(c.outputs == [.text("short\n\(kept)… (990001 more bytes of this line left out)\nafter")])
    }

    /// A chart counts at most 4,000 points against the byte budget: a 40,000-epoch history's loss
    /// curve was dropped as if it were 1.3 MB of text.
    @Test func aChartOfManyPointsIsKept() {
        var c = OutputCollector()
        let spec = ChartSpec(kind: .line, title: "loss", series: [ChartSpec.Series(name: "loss", ys: Array(repeating: 1, count: 40_000))])
        c.append(.chart(ChartOutput(id: "c", spec: spec)))
        #expect(!c.isCut && c.outputs.count == 1)
    }
}
