import Foundation
import TestSupport
import Testing

/// End-to-end tests of the `labrun` executable: files written, diagnostics printed, exit statuses.
@Suite struct ExitCodeTests {
    /// Writes `files` into a fresh folder and runs labrun there.
    func run(_ arguments: [String], files: [String: String]) throws -> (CommandResult, URL) {
        let dir = try makeTemporaryDirectory()
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return (try runLabrun(arguments, in: dir), dir)
    }

    func read(_ dir: URL, _ path: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)
    }

    static let board = """
        # Board

        ```swift-lab
        let x = tensor(2.0, requiresGrad: true)
        let y = tensor(3.0, requiresGrad: true)
        let f = x * (x + y) + y * y
        f.backward()
        print(f, x.grad, y.grad)
        ```
        """

    @Test func boardExampleWritesAllThreeReports() throws {
        let (result, dir) = try run(["board.md"], files: ["board.md": Self.board])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = "tensor(19., grad_fn=<AddBackward0>) tensor(7.) tensor(8.)"
        #expect(try read(dir, "output/board.md").contains(expected))
        let escaped = "tensor(19., grad_fn=&lt;AddBackward0&gt;) tensor(7.) tensor(8.)"
        #expect(try read(dir, "output/board.html").contains(escaped))
        let json = try read(dir, "output/board.json")
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object != nil)
        #expect(json.contains("\"status\": \"ok\""))
    }

    @Test(arguments: ["", "# Only prose\n\nNo cells here.\n", "Text\n\n```python\nprint(1)\n```\n"])
    func labsWithoutCellsSucceed(text: String) throws {
        let (result, dir) = try run(["lab.md"], files: ["lab.md": text])
        #expect(result.status == 0, "\(result.stderr)")
        for ext in ["html", "md", "json"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output/lab.\(ext)").path))
        }
        #expect(try read(dir, "output/lab.html").hasPrefix("<!doctype html>"))
    }

    @Test func syntaxErrorIsLocatedAndExitsOne() throws {
        let lab = "# Lab\n\n```swift-lab\nlet a = (1 + 2\nprint(a)\n```\n"
        let (result, _) = try run(["lab.md"], files: ["lab.md": lab])
        #expect(result.status == 1)
        #expect(result.stderr.contains("lab.md:4:"), "\(result.stderr)")
        #expect(!result.stderr.contains("at 1:9"), "positions in messages are lab-file positions")
        #expect(result.stderr.contains("error:"))
    }

    @Test func unknownNameIsLocatedAndExitsOne() throws {
        let lab = "Intro\n\n```swift-lab\nlet a = 1\nprint(a + bogus)\n```\n"
        let (result, dir) = try run(["lab.md"], files: ["lab.md": lab])
        #expect(result.status == 1)
        #expect(result.stderr.contains("lab.md:5:11: error:"), "\(result.stderr)")
        #expect(result.stderr.contains("bogus"))
        #expect(try read(dir, "output/lab.md").contains("bogus"))
    }

    @Test func unknownOptionIsLocatedAndExitsOne() throws {
        let lab = "Intro\n\n```swift-lab ecko=false\nprint(1)\n```\n"
        let (result, _) = try run(["lab.md"], files: ["lab.md": lab])
        #expect(result.status == 1)
        #expect(result.stderr.contains("lab.md:3:14: error:"), "\(result.stderr)")
    }

    @Test func laterCellsAreNotRunAfterAFailureUnlessKeepGoing() throws {
        let lab = "```swift-lab\nprint(nope)\n```\n\n```swift-lab\nprint(\"second\")\n```\n"
        let (stopped, dir) = try run(["lab.md", "--format", "json"], files: ["lab.md": lab])
        #expect(stopped.status == 1)
        #expect(try read(dir, "output/lab.json").contains("not-run"))
        let (going, dir2) = try run(["--keep-going", "lab.md"], files: ["lab.md": lab])
        #expect(going.status == 1)
        #expect(try read(dir2, "output/lab.md").contains("second"))
    }

    @Test func expectedErrorCellsPassOnlyWhenTheyFail() throws {
        let failing = "```swift-lab error=expected\nprint(nope)\n```\n"
        let (ok, _) = try run(["lab.md"], files: ["lab.md": failing])
        #expect(ok.status == 0, "\(ok.stderr)")
        let passing = "```swift-lab error=expected\nprint(1)\n```\n"
        let (bad, _) = try run(["lab.md"], files: ["lab.md": passing])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error=expected"))
    }

    @Test func missingLabExitsTwoAndOthersStillRun() throws {
        let (result, dir) = try run(
            ["missing.md", "good.md"], files: ["good.md": "```swift-lab\nprint(1)\n```\n"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("missing.md"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output/good.md").path))
    }

    @Test(arguments: [["--format", "pdf", "lab.md"], [], ["--timeout", "-1", "lab.md"], ["--bogus", "lab.md"]])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let (result, _) = try run(arguments, files: ["lab.md": "text\n"])
        #expect(result.status == 2, "\(result.stderr)")
    }

    @Test(arguments: ["--help", "-h"]) func helpPrintsUsageAndExitsZero(flag: String) throws {
        let (result, _) = try run([flag], files: [:])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE: labrun"), "\(result.stdout)")
        for option in ["--out", "--format", "--keep-going", "--timeout", "--watch", "Exit status"] {
            #expect(result.stdout.contains(option), "help lacks \(option)")
        }
        // The formats come from LabReport's table, each with what it is for.
        for format in ["html: a self-contained HTML handout", "md: GitHub-flavoured Markdown", "json: "] {
            #expect(result.stdout.contains(format), "help lacks \(format)")
        }
    }

    @Test func anUnknownFormatNamesTheKnownOnes() throws {
        let (result, _) = try run(["--format", "html,pdf", "lab.md"], files: ["lab.md": "text\n"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown format 'pdf'; expected html, md, json or junit"), "\(result.stderr)")
    }

    @Test func formatAndOutSelectFiles() throws {
        let (result, dir) = try run(
            ["--out", "reports", "--format", "md", "lab.md"], files: ["lab.md": "# T\n"])
        #expect(result.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("reports").path)
        #expect(files == ["lab.md"])
    }
}

@Suite struct LimitOptionTests {
    @Test func maxElementsRaisesOrLowersTheTensorLimit() throws {
        let dir = try makeTemporaryDirectory()
        try "```swift-lab\nlet t = zeros([10, 10])\nprint(t.count)\n```\n".write(
            to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        let small = try runLabrun(["--max-elements", "50", "lab.md"], in: dir)
        #expect(small.status == 1)
        #expect(small.stderr.contains("exceeds the limit of 50 elements"), "\(small.stderr)")
        let enough = try runLabrun(["--max-elements", "100", "lab.md"], in: dir)
        #expect(enough.status == 0, "\(enough.stderr)")
        #expect(try runLabrun(["--max-elements", "0", "lab.md"], in: dir).status == 2)
    }
}
