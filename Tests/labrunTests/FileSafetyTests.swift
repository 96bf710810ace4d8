import Foundation
import TestSupport
import Testing

/// The command never writes a report over a file the run reads, never deletes what it did not
/// write, and refuses labs whose reports would overwrite each other — with real files and links.
@Suite struct FileSafetyTests {
    static let lab = "# Lab\n\n```swift-lab\nplot(x: [1.0, 2.0], y: [3.0, 4.0])\n```\n"

    func folder(_ files: [String: String]) throws -> URL {
        try makeTemporaryDirectory(with: files)
    }

    func read(_ dir: URL, _ path: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)
    }

    func names(_ dir: URL, _ path: String = "") throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(path).path))
    }

    @Test(arguments: [["--out", ".", "lab.md"], ["--out", "./", "--format", "md", "lab.md"]])
    func outSetToTheLabsFolderIsRefusedBeforeRunning(arguments: [String]) throws {
        let dir = try folder(["lab.md": Self.lab])
        let result = try runLabrun(arguments, in: dir)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("lab.md:1:1: error: the report"), "\(result.stderr)")
        #expect(result.stderr.contains("would overwrite 'lab.md', the lab"), "\(result.stderr)")
        #expect(!result.stderr.contains("[1/1]"), "nothing ran: \(result.stderr)")
        #expect(try read(dir, "lab.md") == Self.lab)
        #expect(try names(dir) == ["lab.md"])
    }

    @Test func anHTMLLabIsNotReplacedByItsHTMLReport() throws {
        let dir = try folder(["x.html": Self.lab])
        let result = try runLabrun(["--out", ".", "--format", "html", "x.html"], in: dir)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(try read(dir, "x.html") == Self.lab)
    }

    @Test func anEmptyOutIsAUsageError() throws {
        let dir = try folder(["lab.md": Self.lab])
        let result = try runLabrun(["--out", "", "lab.md"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--out needs a folder name"), "\(result.stderr)")
        #expect(try read(dir, "lab.md") == Self.lab)
    }

    @Test func watchWithOutSetToTheLabsFolderStopsAtOnce() throws {
        let dir = try folder(["lab.md": Self.lab])
        let running = try RunningLabrun(["--watch", "--out", ".", "lab.md"], in: dir)
        #expect(running.waitUntil(seconds: 20) { !running.process.isRunning }, "watch kept running")
        #expect(running.wait() == 2)
        #expect(try read(dir, "lab.md") == Self.lab)
    }

    @Test func aDataFileTheLabReadsIsNotReplaced() throws {
        let lab = "# D\n\n```swift-lab\nlet f = readCSV(\"d.json\")\nprint(f)\n```\n"
        let dir = try folder(["d.md": lab, "d.json": "a,b\n1,2\n"])
        let result = try runLabrun(["--out", ".", "--format", "json", "d.md"], in: dir)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("d.md:3:1: error: the report 'd.json' would overwrite 'd.json', a data file this cell read"), "\(result.stderr)")
        #expect(try read(dir, "d.json") == "a,b\n1,2\n")
    }

    /// The attack of the issue: `out2/notes_files -> ../precious`.
    @Test func aLinkedFigureFolderIsRefusedAndItsTargetKept() throws {
        let dir = try folder(["notes.md": Self.lab, "precious/thesis.tex": "thesis"])
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out2"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("out2/notes_files").path, withDestinationPath: "../precious")
        let result = try runLabrun(["--out", "out2", "notes.md"], in: dir)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("'out2/notes_files' is a symbolic link"), "\(result.stderr)")
        #expect(try names(dir, "precious") == ["thesis.tex"])
        #expect(try read(dir, "precious/thesis.tex") == "thesis")
    }

    @Test func filesLabrunDidNotWriteSurviveWhenFiguresGoStale() throws {
        let dir = try folder(["notes.md": Self.lab + "\n```swift-lab\nplot(x: [1.0], y: [2.0])\n```\n"])
        #expect(try runLabrun(["--out", "o", "notes.md"], in: dir).status == 0)
        #expect(try names(dir, "o/notes_files") == [".labrun-manifest", "cell1-chart1.svg", "cell2-chart1.svg"])
        try "mine".write(to: dir.appendingPathComponent("o/notes_files/thesis.tex"), atomically: true, encoding: .utf8)
        try Self.lab.write(to: dir.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        #expect(try runLabrun(["--out", "o", "notes.md"], in: dir).status == 0)
        #expect(try names(dir, "o/notes_files") == [".labrun-manifest", "cell1-chart1.svg", "thesis.tex"])
    }

    @Test(arguments: [["a/lab.md", "b/lab.md"], ["a/lab.md", "a/lab.md"], ["a/lab.md", "b/LAB.markdown"]])
    func labsWhoseReportsShareNamesAreRefused(labs: [String]) throws {
        let dir = try folder(["a/lab.md": "# A\n", "b/lab.md": "# B\n", "b/LAB.markdown": "# B\n"])
        let result = try runLabrun(labs, in: dir)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("labrun: error: lab"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("output").path))
    }
}
