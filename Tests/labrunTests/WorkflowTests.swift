import Foundation
import TestSupport
import Testing

/// End-to-end tests of the student's and the CI loop: time limits, progress lines, several labs,
/// interrupts, kills while writing, and watch mode.
@Suite struct WorkflowTests {
    func folder(_ files: [String: String]) throws -> URL {
        try makeTemporaryDirectory(with: files)
    }

    func read(_ dir: URL, _ path: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)
    }

    /// Runs labrun and also returns how long it took in seconds.
    func timedRun(_ arguments: [String], in dir: URL) throws -> (CommandResult, Double) {
        let start = Date()
        let result = try runLabrun(arguments, in: dir)
        return (result, Date().timeIntervalSince(start))
    }

    static let runaways = [
        "var i = 0\nwhile true { i += 1 }",
        "while true {}",
        "var m = randn([200, 200])\nfor i in 1...1000000 { m = matmul(m, m) / 200.0 }",
        // Each product takes a while itself, so the limit usually lands inside one.
        "let a = randn([2000, 2000])\nvar b = a\nfor i in 1...100 { b = matmul(a, a) }",
    ]

    @Test(arguments: runaways)
    func aRunawayCellStopsNearItsLimitAndLaterCellsDoNotRun(code: String) throws {
        let lab = "# L\n\n```swift-lab\n\(code)\n```\n\n```swift-lab\nprint(\"after\")\n```\n"
        let dir = try folder(["lab.md": lab])
        let (result, seconds) = try timedRun(["--timeout", "1", "lab.md"], in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(seconds < 5, "the limit is 1 s; the run took \(seconds) s")
        #expect(result.stderr.contains("cell timed out after 1 s"), "\(result.stderr)")
        let md = try read(dir, "output/lab.md")
        #expect(md.contains("timed out after 1 s"))
        #expect(!md.contains("\nafter\n"))
        #expect(try read(dir, "output/lab.json").contains("\"status\": \"not-run\""))
    }

    @Test func keepGoingRunsTheCellsAfterATimeout() throws {
        let lab = "```swift-lab timeout=0.5\nwhile true {}\n```\n\n```swift-lab\nprint(\"after\")\n```\n"
        let dir = try folder(["lab.md": lab])
        let result = try runLabrun(["--keep-going", "lab.md"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cell timed out after 0.5 s"))
        #expect(try read(dir, "output/lab.md").contains("after"))
    }

    @Test func progressIsPlainLinesWhenStderrIsAFile() throws {
        let lab = "# P\n\n```swift-lab\nlet a = 1\n```\n\ntext\n\n```swift-lab\nprint(nope)\n```\n\n```swift-lab\nprint(2)\n```\n"
        let dir = try folder(["lab.md": lab])
        let result = try runLabrun(["lab.md"], in: dir)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let progress = lines.filter { $0.hasPrefix("[") }.map {
            $0.replacingOccurrences(of: #"\d+\.\d\d s$"#, with: "T s", options: .regularExpression)
        }
        #expect(progress == ["[1/3] cell 1 (line 3) ok T s", "[2/3] cell 2 (line 9) failed T s"])
    }

    @Test func quietPrintsNothingWhenAllIsWell() throws {
        let dir = try folder(["lab.md": "```swift-lab\nprint(1)\n```\n"])
        let result = try runLabrun(["--quiet", "lab.md"], in: dir)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty && result.stdout.isEmpty, "\(result.stderr)")
    }

    @Test func severalLabsRunAndEndWithASummaryTable() throws {
        var files: [String: String] = [:]
        for n in 1...4 { files["ok\(n).md"] = "```swift-lab\nprint(\(n))\n```\n" }
        files["bad.md"] = "```swift-lab\nprint(1)\n```\n\n```swift-lab\nprint(nope)\n```\n"
        let dir = try folder(files)
        let names = ["ok1.md", "bad.md", "ok2.md", "ok3.md", "ok4.md"]
        let result = try runLabrun(names, in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("lab ") }), header + 6 < lines.count else {
            Issue.record("no summary table in:\n\(result.stderr)")
            return
        }
        let rows = lines[(header + 1)...(header + 5)].map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
        #expect(rows == ["ok1.md 1 0", "bad.md 2 1", "ok2.md 1 0", "ok3.md 1 0", "ok4.md 1 0"])
        #expect(lines[header + 6] == "5 labs, 1 with problems")
        for name in names {
            let stem = name.replacingOccurrences(of: ".md", with: "")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output/\(stem).html").path))
            #expect(result.stderr.contains("\(name): [1/"), "progress lines name their lab")
        }
    }

    @Test func anUnreadableLabAmongSeveralExitsTwo() throws {
        let dir = try folder(["a.md": "```swift-lab\nprint(nope)\n```\n"])
        let result = try runLabrun(["a.md", "gone.md"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("unreadable"))
    }

    @Test func watchTakesOneLab() throws {
        let dir = try folder(["a.md": "x\n", "b.md": "y\n"])
        let result = try runLabrun(["--watch", "a.md", "b.md"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--watch takes exactly one lab"))
    }

    @Test func ctrlCExitsWith130AndLeavesThePreviousReports() throws {
        let dir = try folder(["lab.md": "```swift-lab\nprint(\"old\")\n```\n"])
        #expect(try runLabrun(["lab.md"], in: dir).status == 0)
        let before = try ["html", "md", "json"].map { try read(dir, "output/lab.\($0)") }
        let slow = "```swift-lab\nprint(\"new\")\n```\n\n```swift-lab\nwhile true {}\n```\n"
        try slow.write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        let running = try RunningLabrun(["lab.md"], in: dir)
        #expect(running.waitUntil { running.stderr.contains("[1/2]") })
        running.send(SIGINT)
        #expect(running.wait() == 130)
        #expect(running.stderr.contains("interrupted"))
        let after = try ["html", "md", "json"].map { try read(dir, "output/lab.\($0)") }
        #expect(after == before)
        #expect(try read(dir, "lab.md") == slow)
    }

    @Test func killingLabrunWhileItWritesLeavesOldOrNewReportsNeverPartial() throws {
        let body = { (version: String) in
            "# Big\n\n```swift-lab\nfor i in 1...9000 { print(\"line \\(i) of version \(version)\") }\n```\n"
        }
        let dir = try folder(["A.md": body("A"), "B.md": body("B")])
        // Reference reports of both versions (HTML and Markdown are byte-for-byte reproducible).
        var reference: [String: [String]] = [:]
        var seconds = 0.0
        for version in ["A", "B"] {
            try body(version).write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
            let (result, time) = try timedRun(["--out", "ref\(version)", "lab.md"], in: dir)
            #expect(result.status == 0)
            seconds = max(seconds, time)
            reference[version] = try ["html", "md"].map { try read(dir, "ref\(version)/lab.\($0)") }
        }
        #expect(try runLabrun(["lab.md"], in: dir).status == 0)
        var current = "B"
        var generator = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        var lastTarget = "B"
        for _ in 0..<20 {
            // Each round runs the other version, so "old" and "new" always differ.
            let target = current == "A" ? "B" : "A"
            lastTarget = target
            try body(target).write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
            let running = try RunningLabrun(["lab.md"], in: dir)
            usleep(UInt32(Double.random(in: 0...(seconds * 1.2), using: &generator) * 1e6))
            running.send(SIGKILL)
            running.wait()
            let now = try ["html", "md", "json"].map { try read(dir, "output/lab.\($0)") }
            let versions = zip(now.prefix(2), [0, 1]).map { text, i in
                text == reference["A"]?[i] ? "A" : text == reference["B"]?[i] ? "B" : "partial"
            }
            #expect(!versions.contains("partial"), "a report is neither the old nor the new one")
            let json = try JSONSerialization.jsonObject(with: Data(now[2].utf8))
            #expect(json is [String: Any] && now[2].contains("line 9000 of version"), "JSON report is partial")
            outcomes[versions.joined(), default: 0] += 1
            current = versions[1]
        }
        #expect(try read(dir, "lab.md") == body(lastTarget), "the lab source is never written")
        // A full run afterwards leaves no temporary files of the killed runs behind.
        #expect(try runLabrun(["lab.md"], in: dir).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("output").path)
        #expect(Set(names) == ["lab.html", "lab.md", "lab.json"], "\(names)")
        print("kill test: (html, md) versions after 20 kills: \(outcomes.sorted { $0.key < $1.key }), run \(seconds) s")
    }

    @Test func watchRerunsFromTheEditedCellAndStopsOnCtrlC() throws {
        let lab = "# W\n\n```swift-lab\nvar n = 1\nprint(\"first \\(n)\")\n```\n\n```swift-lab\nprint(\"second \\(n)\")\n```\n"
        let dir = try folder(["lab.md": lab])
        let running = try RunningLabrun(["--watch", "--format", "md", "lab.md"], in: dir)
        defer { running.send(SIGKILL) }
        let report = dir.appendingPathComponent("output/lab.md")
        func reportText() -> String { (try? String(contentsOf: report, encoding: .utf8)) ?? "" }
        #expect(running.waitUntil { reportText().contains("second 1") }, "\(running.stderr)")
        let edited = lab.replacingOccurrences(of: "print(\"second \\(n)\")", with: "print(\"second \\(n + 41)\")")
        try edited.write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        #expect(running.waitUntil { reportText().contains("second 42") }, "\(running.stderr)")
        #expect(running.waitUntil { running.stderr.contains("reran cell 2 of 2") }, "\(running.stderr)")
        #expect(running.stderr.contains("lab.md: ran cells 1-2 of 2"), "the first run says ran, not reran")
        running.send(SIGINT)
        #expect(running.wait() == 130)
    }

    @Test func watchRerendersWhenAProseImageChangesOrAppears() throws {
        func svg(_ width: Int) -> String { "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"4\"/>" }
        let lab = "# W\n\n![a](a.svg) ![b](b.svg)\n\n```swift-lab\nprint(1)\n```\n"
        let dir = try folder(["lab.md": lab, "a.svg": svg(4)])
        let running = try RunningLabrun(["--watch", "--format", "html", "lab.md"], in: dir)
        defer { running.send(SIGKILL) }
        let report = dir.appendingPathComponent("output/lab.html")
        func embeds(_ text: String) -> Bool {
            ((try? String(contentsOf: report, encoding: .utf8)) ?? "").contains(Data(text.utf8).base64EncodedString())
        }
        #expect(running.waitUntil { embeds(svg(4)) }, "\(running.stderr)")
        // An edited picture and one that did not exist yet both reach the handout, without a rerun.
        try svg(7).write(to: dir.appendingPathComponent("a.svg"), atomically: true, encoding: .utf8)
        #expect(running.waitUntil { embeds(svg(7)) }, "\(running.stderr)")
        try svg(9).write(to: dir.appendingPathComponent("b.svg"), atomically: true, encoding: .utf8)
        #expect(running.waitUntil { embeds(svg(9)) }, "\(running.stderr)")
        #expect(running.stderr.contains("re-rendered (no cell changed)"), "\(running.stderr)")
        running.send(SIGINT)
        #expect(running.wait() == 130)
    }
}
