import Foundation
import LabSession
import TestSupport
import Testing

@Suite struct AtomicFileTests {
    @Test func replacesTheFileAndLeavesNoTemporary() throws {
        let dir = try makeTemporaryDirectory()
        let url = dir.appendingPathComponent("r.html")
        try AtomicFile.write(Data("old".utf8), to: url)
        try AtomicFile.write(Data("new".utf8), to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.html"])
    }

    @Test func temporariesOfKilledRunsAreRemovedButNotThoseOfLiveOnes() throws {
        let dir = try makeTemporaryDirectory()
        // No process has pid 2^22 + 1 (above Linux's pid_max default); this process is alive.
        let dead = ".r.html.4194305.labrun-tmp"
        let live = ".r.html.\(getppid()).labrun-tmp"
        for name in [dead, live] {
            try "partial".write(to: dir.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        try AtomicFile.write(Data("x".utf8), to: dir.appendingPathComponent("r.html"))
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(names == ["r.html", live])
    }

    @Test func aMissingFolderIsAThrownError() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/r.md")
        #expect(throws: (any Error).self) { try AtomicFile.write(Data("x".utf8), to: url) }
    }
}

@Suite struct ReportWriterFilesTests {
    @Test func figuresTheReportNoLongerLinksAreRemovedAfterItIsWritten() throws {
        let dir = try makeTemporaryDirectory()
        let figures = dir.appendingPathComponent("lab_files")
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        try "<svg/>".write(to: figures.appendingPathComponent("cell9-chart1.svg"), atomically: true, encoding: .utf8)
        let report = runLab("```swift-lab\nprint(1)\n```\n")
        try ReportWriter.write(report, formats: [.md], to: dir)
        #expect(try FileManager.default.contentsOfDirectory(atPath: figures.path).isEmpty)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("lab.md").path))
    }
}
