import Foundation
import LabMarkdown
import LabReport
@testable import LabSession
import TestSupport
import Testing

/// Reports never replace an input of the run, and stale figures are removed only when labrun
/// wrote them (the figure folder's manifest), never through links.
@Suite struct ReportSafetyTests {
    static let chartLab = "```swift-lab\nplot(x: [1.0, 2.0], y: [3.0, 4.0])\n```\n\n```swift-lab\nplot(x: [1.0, 2.0], y: [5.0, 6.0])\n```\n"

    /// A lab written into `dir` and run there: its report and its session.
    func runLab(_ text: String, named name: String = "lab.md", in dir: URL) throws -> (Report, LabSession) {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        let session = LabSession(document: LabParser.parse(text: text, path: url.path))
        return (session.run(), session)
    }

    func names(in dir: URL) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
    }

    static let formatSets: [[ReportFormat]] = [[.md], [.html, .md, .json]]

    @Test(arguments: formatSets)
    func aReportIsNeverWrittenOverTheLab(formats: [LabReport.ReportFormat]) throws {
        let dir = try makeTemporaryDirectory()
        let text = "# Lab\n\n```swift-lab\nprint(1)\n```\n"
        let (report, session) = try runLab(text, in: dir)
        #expect(throws: OverwriteRefusal.self) {
            try ReportWriter.write(report, formats: formats, to: dir, protecting: session.inputs)
        }
        #expect(try String(contentsOf: dir.appendingPathComponent("lab.md"), encoding: .utf8) == text)
        #expect(try names(in: dir) == ["lab.md"], "nothing is written when one file would replace an input")
    }

    @Test func theLabIsProtectedEvenWithoutTheSessionsInputs() throws {
        let dir = try makeTemporaryDirectory()
        let (report, _) = try runLab("# L\n", named: "x.html", in: dir)
        #expect(throws: OverwriteRefusal.self) { try ReportWriter.write(report, formats: [.html], to: dir) }
        #expect(try String(contentsOf: dir.appendingPathComponent("x.html"), encoding: .utf8) == "# L\n")
    }

    @Test func aDataFileTheLabReadIsProtectedAndTheErrorNamesTheCellThatReadIt() throws {
        let dir = try makeTemporaryDirectory()
        try "a,b\n1,2\n".write(to: dir.appendingPathComponent("lab.json"), atomically: true, encoding: .utf8)
        let text = "# L\n\n```swift-lab\nlet f = readCSV(\"lab.json\")\nprint(f)\n```\n"
        let (report, session) = try runLab(text, in: dir)
        let out = dir.appendingPathComponent("other")
        try ReportWriter.write(report, formats: [.json], to: out, protecting: session.inputs)
        do {
            try ReportWriter.write(report, formats: [.json], to: dir, protecting: session.inputs)
            Issue.record("the JSON report replaced the data file")
        } catch let refusal as OverwriteRefusal {
            #expect(refusal.input.line == 3, "the fence of the cell that read it")
            #expect(refusal.description.contains(":3:1: error: the report"), "\(refusal)")
            #expect(refusal.description.contains("a data file this cell read"), "\(refusal)")
        }
        #expect(try String(contentsOf: dir.appendingPathComponent("lab.json"), encoding: .utf8) == "a,b\n1,2\n")
    }

    @Test func anImageOfTheProseIsProtected() throws {
        let dir = try makeTemporaryDirectory()
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("lab_files"), withIntermediateDirectories: true)
        try svg.write(to: dir.appendingPathComponent("lab_files/cell1-chart1.svg"), atomically: true, encoding: .utf8)
        let text = "# L\n\nSee ![old](lab_files/cell1-chart1.svg).\n\n```swift-lab\nplot(x: [1.0, 2.0], y: [3.0, 4.0])\n```\n"
        let (report, session) = try runLab(text, named: "lab.markdown", in: dir)
        #expect(throws: OverwriteRefusal.self) {
            try ReportWriter.write(report, formats: [.md], to: dir, protecting: session.inputs)
        }
        #expect(try String(contentsOf: dir.appendingPathComponent("lab_files/cell1-chart1.svg"), encoding: .utf8) == svg)
    }

    @Test func staleFiguresAreRemovedOnlyWhenLabrunWroteThem() throws {
        let dir = try makeTemporaryDirectory()
        let out = dir.appendingPathComponent("out")
        let (report, _) = try runLab(Self.chartLab, in: dir)
        try ReportWriter.write(report, formats: [.md], to: out)
        let figures = out.appendingPathComponent("lab_files")
        #expect(try names(in: figures) == [".labrun-manifest", "cell1-chart1.svg", "cell2-chart1.svg"])
        // The user's own file in the folder, a link to a file elsewhere and a tampered manifest.
        let precious = dir.appendingPathComponent("precious.tex")
        try "thesis".write(to: precious, atomically: true, encoding: .utf8)
        try "mine".write(to: figures.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: figures.appendingPathComponent("cell7-chart1.svg"), withDestinationURL: precious)
        let manifest = figures.appendingPathComponent(".labrun-manifest")
        let tampered = try String(contentsOf: manifest, encoding: .utf8) + "cell7-chart1.svg\n../../precious.tex\nnotes.txt/\n"
        try tampered.write(to: manifest, atomically: true, encoding: .utf8)

        let (shorter, _) = try runLab("```swift-lab\nplot(x: [1.0, 2.0], y: [3.0, 4.0])\n```\n", in: dir)
        try ReportWriter.write(shorter, formats: [.md], to: out)
        #expect(try names(in: figures) == [".labrun-manifest", "cell1-chart1.svg", "cell7-chart1.svg", "notes.txt"])
        #expect(try String(contentsOf: precious, encoding: .utf8) == "thesis")
        #expect(FigureFolder(url: figures, stem: "lab").listed() == ["cell1-chart1.svg"])

        let (none, _) = try runLab("# No figures\n", in: dir)
        try ReportWriter.write(none, formats: [.md], to: out)
        #expect(try names(in: figures) == ["cell7-chart1.svg", "notes.txt"], "the manifest goes; the folder stays, not empty")
    }

    @Test func figuresOfEarlierVersionsWithoutAManifestAreLeftAlone() throws {
        let dir = try makeTemporaryDirectory()
        let figures = dir.appendingPathComponent("out/lab_files")
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        try "<svg/>".write(to: figures.appendingPathComponent("cell9-chart1.svg"), atomically: true, encoding: .utf8)
        let (report, _) = try runLab("```swift-lab\nprint(1)\n```\n", in: dir)
        try ReportWriter.write(report, formats: [.md], to: dir.appendingPathComponent("out"))
        #expect(try names(in: figures) == ["cell9-chart1.svg"])
    }

    @Test func aFigureFolderThatIsALinkIsRefusedAndNothingBehindItChanges() throws {
        let dir = try makeTemporaryDirectory()
        let precious = dir.appendingPathComponent("precious")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: true)
        try "thesis".write(to: precious.appendingPathComponent("thesis.tex"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("lab_files"), withDestinationURL: precious)
        let (report, _) = try runLab(Self.chartLab, in: dir)
        #expect(throws: UnsafeFolder.self) { try ReportWriter.write(report, formats: [.md], to: out) }
        #expect(try names(in: precious) == ["thesis.tex"])
        #expect(try names(in: out) == ["lab_files"], "no report either")
        // Without the Markdown report the folder is not touched, so the others are written.
        try ReportWriter.write(report, formats: [.html, .json], to: out)
        #expect(try names(in: precious) == ["thesis.tex"])
    }

    @Test func labsWhoseReportsWouldCollideAreFoundBeforeAnyRuns() throws {
        let dir = try makeTemporaryDirectory()
        for path in ["a/lab.md", "b/lab.md", "b/Lab.markdown", "c.md"] {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "# L\n".write(to: url, atomically: true, encoding: .utf8)
        }
        let lab = { (path: String) in dir.appendingPathComponent(path).path }
        let out = dir.appendingPathComponent("out").path
        #expect(OutputGuard.problems(labs: [lab("a/lab.md"), lab("c.md")], formats: [.md], out: out).isEmpty)
        #expect(OutputGuard.problems(labs: [lab("a/lab.md"), lab("b/lab.md")], formats: [.md], out: out).count == 1)
        #expect(OutputGuard.problems(labs: [lab("a/lab.md"), lab("b/Lab.markdown")], formats: [.md], out: out).count == 1)
        #expect(OutputGuard.problems(labs: [lab("c.md"), lab("c.md")], formats: [.md], out: out) == ["error: lab '\(lab("c.md"))' is named twice; each lab runs once"])
        let overLab = OutputGuard.problems(labs: [lab("c.md")], formats: [.html, .md], out: dir.path)
        #expect(overLab.count == 1 && overLab[0].contains("would overwrite"), "\(overLab)")
    }
}

@Suite struct MemoryBudgetTests {
    @Test func sizesParseWithBinaryUnits() {
        #expect(MemoryBudget.parse("512M") == 512 << 20)
        #expect(MemoryBudget.parse("4G") == 4 << 30)
        #expect(MemoryBudget.parse("1.5gb") == 3 << 29)
        #expect(MemoryBudget.parse("1000") == 1000)
        for bad in ["", "x", "-1G", "0", "inf"] { #expect(MemoryBudget.parse(bad) == nil, "\(bad)") }
    }

    @Test func theDefaultIsAShareOfWhatTheProcessMayUse() throws {
        let budget = MemoryBudget.defaultBytes()
        #expect(budget > 0 && Double(budget) <= Double(ProcessInfo.processInfo.physicalMemory) * 0.8 + 1)
        let resident = try #require(MemoryBudget.residentBytes())
        #expect(resident > 1 << 20 && resident < budget)
    }
}
