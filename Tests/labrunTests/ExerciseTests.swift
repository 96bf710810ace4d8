import Foundation
import TestSupport
import Testing

/// `labrun --student`, `labrun --grade` and `--format junit` end to end (issue 17): real files, the
/// built labrun, its exit statuses.
@Suite struct ExerciseTests {
    /// A small exercise: a solution region, a visible and a hidden check, and a check on an error.
    static let key = """
        # Sums

        ```swift-lab id=setup
        let xs = [1, 2, 3]
        ```

        ```swift-lab id=answer
        // BEGIN SOLUTION
        var total = 0
        for x in xs { total += x }
        // END SOLUTION
        ```

        ```swift-lab id=visible check points=2
        assert(total == 6, "total should be 6, it is \\(total)")
        ```

        ```swift-lab id=hidden check=hidden points=3
        print("secret output")
        assert(total > 0, "secret message")
        ```

        ```swift-lab id=errors check error="out of range"
        let bad = xs[10]
        ```

        """

    /// The key with its answer replaced by `answer`.
    static func submission(answer: String, editing: (String) -> String = { $0 }) -> String {
        let start = key.range(of: "// BEGIN SOLUTION\n")!.lowerBound
        let end = key.range(of: "// END SOLUTION\n")!.upperBound
        return editing(key.replacingCharacters(in: start..<end, with: answer + "\n"))
    }

    func read(_ dir: URL, _ path: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)
    }

    func json(_ dir: URL, _ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(read(dir, path).utf8)) as? [String: Any])
    }

    @Test func studentCopyLeavesOutSolutionsAndHiddenChecks() throws {
        let dir = try makeTemporaryDirectory(with: ["key.md": Self.key])
        let result = try runLabrun(["--student", "key.md"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let copy = try read(dir, "output/student/key.md")
        #expect(copy == Self.submission(answer: "todo()").replacingOccurrences(
            of: "```swift-lab id=hidden check=hidden points=3\nprint(\"secret output\")\nassert(total > 0, \"secret message\")\n```\n\n",
            with: ""))
        // Its handout and JSON: the todo() fails, the cells after it do not run, nothing hidden shows.
        let handout = try read(dir, "output/student/key.html")
        let report = try json(dir, "output/student/key.json")
        for text in [handout, try read(dir, "output/student/key.json")] {
            #expect(!text.contains("secret"))
        }
        #expect(handout.contains("exercise not done yet"))
        let cells = try #require(report["cells"] as? [[String: Any]])
        #expect(cells.map { $0["status"] as? String } == ["ok", "failed", "not-run", "not-run"])
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("output/key.html").path))
        // Running the copy as a student does: exit 1, at the todo().
        let student = try runLabrun(["output/student/key.md", "--out", "mine"], in: dir)
        #expect(student.status == 1)
        #expect(student.stderr.contains("output/student/key.md:8:5: error: exercise not done yet"), "\(student.stderr)")
    }

    /// Tampered, deleted and moved checks are all the key's again; wrong, slow and crashing answers
    /// and a submission whose ids differ from the key's are graded; the feedback never shows hidden code.
    @Test func gradingPutsTheKeysChecksBack() throws {
        let tampered = Self.submission(answer: "let total = 6") {
            $0.replacingOccurrences(of: "assert(total == 6, ", with: "assert(true, ")
        }
        let deletedAndMoved = Self.submission(answer: "let total = 5") { text in
            let errors = "```swift-lab id=errors check error=\"out of range\"\nlet bad = xs[10]\n```\n"
            let withoutVisible = text.replacingOccurrences(
                of: "```swift-lab id=visible check points=2\nassert(total == 6, \"total should be 6, it is \\(total)\")\n```\n", with: "")
            return errors + "\n" + withoutVisible.replacingOccurrences(of: errors, with: "")
        }
        let slow = Self.submission(answer: "var total = 0\nwhile true { total += 1 }")
        let crash = Self.submission(answer: "let total = xs[99]")
        let renamed = Self.submission(answer: "let total = 6") { $0.replacingOccurrences(of: "id=answer", with: "id=mine") }
        let dir = try makeTemporaryDirectory(with: [
            "key.md": Self.key, "a/good.md": tampered, "b/wrong.md": deletedAndMoved, "c/slow.md": slow,
            "d/crash.md": crash, "e/renamed.md": renamed,
        ])
        let result = try runLabrun(
            ["--grade", "key.md", "a/good.md", "b/wrong.md", "c/slow.md", "d/crash.md", "e/renamed.md", "--timeout", "1",
             "--out", "grades"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try read(dir, "grades/grades.csv") == [
            "submission,points,max_points,visible,hidden,errors,problem",
            "a/good.md,6,6,2,3,1,", "b/wrong.md,4,6,0,3,1,", "c/slow.md,0,6,0,0,0,", "d/crash.md,0,6,0,0,0,",
            "e/renamed.md,6,6,2,3,1,", "",
        ].joined(separator: "\r\n"))
        let grades = try json(dir, "grades/grades.json")
        let submissions = try #require(grades["submissions"] as? [[String: Any]])
        let wrongChecks = try #require(submissions[1]["checks"] as? [[String: Any]])
        #expect(wrongChecks[0]["status"] as? String == "failed")
        #expect(wrongChecks[0]["message"] as? String == "assertion failed: total should be 6, it is 5")
        let slowChecks = try #require(submissions[2]["checks"] as? [[String: Any]])
        #expect(slowChecks.map { $0["status"] as? String } == ["not-run", "not-run", "not-run"])
        // The renamed cell's id is named, with where the key has it.
        let warnings = try #require(submissions[4]["warnings"] as? [String])
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasSuffix("no cell with id 'answer' (the key's cell at key.md:7); the checks after it run where the key's order of cells puts them") == true, "\(warnings)")
        #expect(result.stderr.contains("e/renamed.md:1:1: warning: the submission has no cell with id 'answer'"), "\(result.stderr)")
        let row = result.stderr.split(separator: "\n").first { $0.hasPrefix("b/wrong.md ") }
        #expect(row?.split(separator: " ") == ["b/wrong.md", "4/6", "failed:", "visible"], "\(result.stderr)")
        // Feedback: the visible check's failure shows, the hidden check's code and output do not.
        let feedback = try read(dir, "grades/wrong.html")
        #expect(feedback.contains("total should be 6, it is 5"))
        for name in ["good", "wrong", "slow", "crash", "renamed"] {
            let html = try read(dir, "grades/\(name).html")
            #expect(!html.contains("secret"), "\(name).html shows the hidden check")
        }
        #expect(try read(dir, "grades/slow.html").contains("timed out"))
        try expectValidJUnit(dir.appendingPathComponent("grades/grades.xml"))
    }

    @Test func aKeyThatCannotGradeAndAMissingSubmissionExitTwo() throws {
        let noID = "# Key\n\n```swift-lab check\nassert(true)\n```\n"
        let dir = try makeTemporaryDirectory(with: ["key.md": Self.key, "noid.md": noID, "good.md": Self.key])
        let bad = try runLabrun(["--grade", "noid.md", "good.md"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("noid.md:3:1: error: a check cell needs an id="), "\(bad.stderr)")
        let none = try runLabrun(["--grade", "key.md"], in: dir)
        #expect(none.status == 2)
        #expect(none.stderr.contains("--grade KEY needs at least one submission to grade"), "\(none.stderr)")
        let missing = try runLabrun(["--grade", "key.md", "good.md", "gone.md"], in: dir)
        #expect(missing.status == 2)
        #expect(try read(dir, "output/grades.csv").contains("good.md,6,6,2,3,1,"))
        #expect(try read(dir, "output/grades.csv").contains("gone.md,,6,,,,"))
        try expectValidJUnit(dir.appendingPathComponent("output/grades.xml"))
    }

    @Test func junitFormatHasATestCasePerCell() throws {
        let lab = "# Lab\n\n```swift-lab id=a\nprint(1)\n```\n\n```swift-lab id=b\nlet x = <\n```\n\n```swift-lab\nprint(2)\n```\n"
        let dir = try makeTemporaryDirectory(with: ["lab.md": lab])
        let result = try runLabrun(["lab.md", "--format", "junit"], in: dir)
        #expect(result.status == 1)
        let xml = try read(dir, "output/lab.junit.xml")
        #expect(xml.contains("<testcase name=\"a\" classname=\"lab\" time=\"0.000\"/>"))
        #expect(xml.contains("<failure message=\"expected an expression"), "\(xml)")
        #expect(xml.contains("<skipped message=\"not run: an earlier cell failed\"/>"))
        try expectValidJUnit(dir.appendingPathComponent("output/lab.junit.xml"))
    }

    /// The lecture as an exercise: the key passes, its student copy fails exactly at its todo()s,
    /// and the key graded as a submission gets every point.
    @Test func theLectureIsAnExercise() throws {
        let root = repositoryRoot()
        let dir = try makeTemporaryDirectory()
        let lab = root.appendingPathComponent("labs/gradient-descent.md").path
        let key = try runLabrun([lab, "--out", "key", "--format", "json"], in: dir)
        #expect(key.status == 0, "\(key.stderr)")
        let student = try runLabrun(["--student", lab, "--out", "."], in: dir)
        #expect(student.status == 0, "\(student.stderr)")
        try FileManager.default.copyItem(at: root.appendingPathComponent("labs/data"), to: dir.appendingPathComponent("student/data"))
        let run = try runLabrun(["student/gradient-descent.md", "--out", "run", "--keep-going", "--format", "json"], in: dir)
        #expect(run.status == 1)
        let cells = try #require(try json(dir, "run/gradient-descent.json")["cells"] as? [[String: Any]])
        let todo = cells.filter { cell in
            (cell["diagnostics"] as? [[String: Any]])?.contains { $0["message"] as? String == "exercise not done yet" } == true
        }
        #expect(todo.map { $0["id"] as? String } == ["hard", "easy"])
        #expect(cells.filter { ($0["code"] as? String)?.contains("todo()") == true }.count == 2)
        let graded = try runLabrun(["--grade", lab, lab, "--out", "graded"], in: dir)
        #expect(graded.status == 0, "\(graded.stderr)")
        #expect(try read(dir, "graded/grades.csv").hasSuffix("gradient-descent.md,5,5,2,3,\r\n"))
    }

    /// xmllint's verdict on `file` against the JUnit schema the CI systems accept.
    func expectValidJUnit(_ file: URL) throws {
        guard isOnPath("xmllint") else { return }
        let schema = repositoryRoot().appendingPathComponent("Tests/labrunTests/Schemas/junit.xsd").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xmllint", "--noout", "--schema", schema, file.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(file.lastPathComponent) is not valid JUnit XML: \(text)")
    }
}

/// Whether `name` is an executable on the PATH.
func isOnPath(_ name: String) -> Bool {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
}
