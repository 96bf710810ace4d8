import Foundation
import LabMarkdown
import LabOutput
import Testing
import TestSupport
@testable import LabReport

@Suite struct JSONRendererTests {
    private func parse(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func keysAreSortedAtEveryLevel() {
        let json = JSONRenderer.render(Fixture.lab, timings: false)
        var keysByIndent: [Int: [String]] = [:]
        var lastIndent = 0
        for line in json.split(separator: "\n") {
            let indent = line.prefix { $0 == " " }.count
            if indent > lastIndent { keysByIndent[indent] = [] }
            lastIndent = indent
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("\""), let colon = trimmed.range(of: "\": ") else { continue }
            let key = String(trimmed[trimmed.index(after: trimmed.startIndex)..<colon.lowerBound])
            if let previous = keysByIndent[indent]?.last { #expect(previous < key, "\(previous) before \(key)") }
            keysByIndent[indent, default: []].append(key)
        }
        #expect(json.hasPrefix("{\n  \"cells\": ["))
    }

    @Test func statusesCountsAndIDs() throws {
        let root = try parse(JSONRenderer.render(Fixture.lab))
        let cells = try #require(root["cells"] as? [[String: Any]])
        #expect(cells.map { $0["status"] as? String } == ["ok", "ok", "expected-error", "failed", "not-run"])
        #expect(cells.map { $0["id"] as? String } == ["cell-1", "cell-2", "cell-3", "oops", "cell-5"])
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["succeeded"] as? Bool == false)
        let counts = try #require(summary["counts"] as? [String: Int])
        #expect(counts == ["ok": 2, "failed": 1, "expected-error": 1, "not-run": 1, "timed-out": 0])
        #expect(root["lab"] as? String == "labs/fixture.md")
    }

    @Test func timingsCanBeLeftOut() throws {
        #expect(JSONRenderer.render(Fixture.lab).contains("\"wallTimeMs\": 1.25"))
        #expect(!JSONRenderer.render(Fixture.lab, timings: false).contains("wallTimeMs"))
    }

    @Test func numbersKeepFullPrecisionAndNonFiniteBecomeStrings() throws {
        let table = TableOutput(columns: ["v"], rows: [[.double(0.1 + 0.2)], [.double(.nan)], [.double(-.infinity)], [.int(Int.min)]])
        let json = JSONRenderer.render(Fixture.single(result: CellResult(status: .ok, outputs: [.table(table)])))
        let root = try parse(json)
        let output = try #require((root["cells"] as? [[String: Any]])?.first?["outputs"] as? [[String: Any]])
        let rows = try #require(output.first?["rows"] as? [[Any]])
        // Foundation's parser rounds long decimals, so check the text: it must round-trip exactly.
        #expect(json.contains("0.30000000000000004"))
        #expect(Double("0.30000000000000004") == 0.1 + 0.2)
        #expect(rows[0][0] is Double)
        #expect(rows[1][0] as? String == "nan")
        #expect(rows[2][0] as? String == "-inf")
        #expect(json.contains("-9223372036854775808"))
    }

    @Test func stringsAreEscaped() throws {
        let text = "quote \" backslash \\ tab \t nul \u{0} line\u{2028}"
        let json = JSONRenderer.render(Fixture.single(result: CellResult(status: .ok, outputs: [.text(text)])))
        #expect(json.contains("\\u0000"))
        #expect(json.contains("\\u2028"))
        let root = try parse(json)
        let output = try #require((root["cells"] as? [[String: Any]])?.first?["outputs"] as? [[String: Any]])
        #expect(output.first?["text"] as? String == text)
    }
}

@Suite struct JSONDocumentationTests {
    /// The example in docs/report-json.md must be what the renderer really writes.
    @Test func documentedExampleMatchesTheRenderer() throws {
        let url = repositoryRoot().appendingPathComponent("docs/report-json.md")
        let doc = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(doc.range(of: "```json\n"))
        let end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        let example = String(doc[start.upperBound..<end.lowerBound]) + "\n"

        let source = "# Squares\n\n```swift-lab\nlet x = 2.0\nprint(x * x)\n```\n\n```swift-lab\nprint(y)\n```\n"
        let cells = [
            Fixture.cell(0, "let x = 2.0\nprint(x * x)", fence: 3), Fixture.cell(1, "print(y)", fence: 8),
        ]
        let blocks: [Block] = [.heading(level: 1, [.text("Squares")], Fixture.range(1, 1)), .cell(0), .cell(1)]
        let report = Report(
            document: Fixture.document(source, blocks: blocks, cells: cells, path: "labs/square.md"),
            cells: [
                CellResult(status: .ok, outputs: [.text("4.0")], wallTimeMs: 0.5),
                CellResult(
                    status: .failed,
                    diagnostics: [ReportDiagnostic(severity: .error, message: "cannot find 'y' in scope", line: 9, column: 7)],
                    wallTimeMs: 0.25),
            ], diagnostics: [])
        let actual = JSONRenderer.render(report)
        #expect(actual == example, "\(lineDiff(expected: example, actual: actual))")
    }
}
