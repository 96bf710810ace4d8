import Foundation
import TestSupport
import Testing

/// A cell's time limit holds inside built-ins, and a cell that ran past it is never "ok".
@Suite struct LimitTests {
    func folder(_ files: [String: String]) throws -> URL {
        try makeTemporaryDirectory(with: files)
    }

    func status(_ dir: URL) throws -> String {
        let json = try String(contentsOf: dir.appendingPathComponent("output/lab.json"), encoding: .utf8)
        return json.contains("\"status\": \"timed-out\"") ? "timed-out" : json
    }

    /// Few loop iterations, each a long built-in: the loop alone never ticked often enough to look at
    /// the time limit (the attack's 200 sorts of 3M elements ran 50 s with `timeout=1`, status ok).
    @Test func aLoopOfSlowBuiltinsStopsNearTheLimit() throws {
        let code = "let xs = Array((0..<1500000).reversed())\nfor _ in 0..<200 { let s = xs.sorted() }"
        let dir = try folder(["lab.md": "```swift-lab timeout=1\n\(code)\n```\n"])
        let start = Date()
        let result = try runLabrun(["lab.md"], in: dir)
        let seconds = Date().timeIntervalSince(start)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cell timed out after 1 s"), "\(result.stderr)")
        #expect(seconds < 12, "stopped after \(seconds) s")
        #expect(try status(dir) == "timed-out")
    }

    /// One built-in that finishes after the limit, with nothing left to run: timed out, not ok.
    @Test func aCellThatFinishedPastItsLimitIsTimedOut() throws {
        let code = "let xs = Array((0..<1500000).reversed())\nlet s = xs.sorted()\nprint(s.count)"
        let dir = try folder(["lab.md": "```swift-lab timeout=0.05\n\(code)\n```\n\n```swift-lab\nprint(\"next\")\n```\n"])
        let result = try runLabrun(["lab.md"], in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cell timed out after 0.05 s"), "\(result.stderr)")
        #expect(try status(dir) == "timed-out")
        #expect(try String(contentsOf: dir.appendingPathComponent("output/lab.json"), encoding: .utf8)
            .contains("\"status\": \"not-run\""), "later cells do not run")
    }

    @Test func readingALargeCSVStopsAtTheLimit() throws {
        var csv = "a,b,c\n"
        csv.reserveCapacity(12_000_000)
        for i in 0..<600_000 { csv += "\(i),\(i * 2),x\(i)\n" }
        let dir = try folder(["big.csv": csv, "lab.md": "```swift-lab timeout=0.5\nlet f = readCSV(\"big.csv\")\n```\n"])
        let start = Date()
        let result = try runLabrun(["lab.md"], in: dir)
        let seconds = Date().timeIntervalSince(start)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cell timed out after 0.5 s"), "\(result.stderr)")
        #expect(seconds < 5, "stopped after \(seconds) s")
    }

    /// The memory budget (issue: ten tensors under the element cap reached 8.4 GB; `s += s` forty
    /// times used all 24 GB until the kernel's out-of-memory killer ended it).
    @Test(arguments: [
        "var s = \"ab\"\nfor _ in 0..<40 { s += s }",
        "var ts = [zeros([1])]\nfor _ in 0..<40 { ts.append(zeros([20000000])) }",
        "let a = Array(0..<2000000000)",
    ])
    func aCellThatOutgrowsTheMemoryBudgetFailsWithALocatedError(code: String) throws {
        let dir = try folder(["lab.md": "```swift-lab\n\(code)\n```\n\n```swift-lab\nprint(\"next\")\n```\n"])
        let result = try runLabrun(["--max-memory", "400M", "lab.md"], in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("lab.md:"), "located: \(result.stderr)")
        #expect(result.stderr.contains("memory budget of 400 MB"), "\(result.stderr)")
        let json = try String(contentsOf: dir.appendingPathComponent("output/lab.json"), encoding: .utf8)
        #expect(json.contains("\"status\": \"failed\"") && json.contains("\"status\": \"not-run\""))
    }

    @Test func aBudgetThatIsNotASizeIsAUsageError() throws {
        let dir = try folder(["lab.md": "# L\n"])
        let result = try runLabrun(["--max-memory", "lots", "lab.md"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--max-memory must be a size such as 4G"), "\(result.stderr)")
    }
}
