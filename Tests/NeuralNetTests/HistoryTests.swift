import NeuralNet
import TensorCore
import Testing

struct HistoryTests {
    @Test func recordsNamedColumnsInFirstRowOrder() throws {
        let history = History()
        #expect(history.count == 0 && history.columns.isEmpty)
        try history.record([("epoch", 1), ("loss", 0.5)])
        try history.record([("loss", 0.25), ("epoch", 2)])
        #expect(history.columns == ["epoch", "loss"])
        #expect(history.count == 2)
        #expect(try history.column(named: "loss") == [0.5, 0.25])
        #expect(history.row(1) == [2, 0.25])
        #expect(history["epoch"] == [1, 2] && history["accuracy"] == nil)
        #expect(history.row(2) == nil && history.row(-1) == nil)
    }

    @Test func mismatchedRecordsAreErrors() throws {
        let history = History()
        try history.record([("epoch", 1), ("loss", 0.5)])
        #expect(throws: TensorError("record: this history has the columns epoch, loss but the row has epoch, acc; every row must name the same columns")) {
            try history.record([("epoch", 2), ("acc", 0.9)])
        }
        #expect(throws: TensorError("record: the column \"loss\" is given twice")) {
            try history.record([("loss", 2), ("loss", 0.9)])
        }
        #expect(throws: TensorError.self) { try history.record([]) }
        #expect(throws: TensorError("this history has no column \"los\"; its columns are epoch, loss")) {
            _ = try history.column(named: "los")
        }
        #expect(history.count == 1)
    }

    @Test func compactRowsOfFiftyShowRoundEpochs() {
        // 5000 epochs recorded every 100: rows 0…49 are epochs 100…5000.
        let rows = History.compactRowIndices(count: 50, maxRows: 12)
        #expect(rows.map { ($0 + 1) * 100 } == [100, 200, 300, 1000, 2000, 3000, 4000, 4900, 5000])
        #expect(History.compactRowIndices(count: 10, maxRows: 12) == Array(0..<10))
        #expect(History.compactRowIndices(count: 0, maxRows: 12) == [])
        #expect(History.compactRowIndices(count: 5, maxRows: 0) == [])
        #expect(History.compactRowIndices(count: 5, maxRows: 1) == [0])
        #expect(History.compactRowIndices(count: 5, maxRows: 2) == [0, 4])
        // Every 2nd row of the middle would need 8 rows of the 7 left, so every 5th: rows 5, 10, 15 (1-based).
        #expect(History.compactRowIndices(count: 20, maxRows: 12) == [0, 1, 2, 4, 9, 14, 18, 19])
    }

    @Test("compact rows: sorted, distinct, in range, first and last, within the budget",
          arguments: [1, 2, 3, 4, 5, 7, 12, 13, 49, 50, 51, 100, 999, 5000, 100_000])
    func compactRowInvariants(count: Int) {
        for maxRows in [1, 2, 3, 4, 5, 8, 12, 20] {
            let rows = History.compactRowIndices(count: count, maxRows: maxRows)
            #expect(rows.count <= maxRows && !rows.isEmpty)
            #expect(rows == Array(Set(rows)).sorted())
            #expect(rows.allSatisfy { (0..<count).contains($0) })
            #expect(rows.first == 0)
            if maxRows >= 2 { #expect(rows.last == count - 1) }
        }
    }
}
