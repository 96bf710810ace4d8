import Foundation
@testable import LabSession
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
        // No process has pid 2^22 + 1 (above Linux's pid_max default); the parent is alive.
        let dead = ".r.html.4194305.00000000deadbeef.labrun-tmp"
        let live = ".r.html.\(getppid()).00000000deadbeef.labrun-tmp"
        // Not labrun's pattern (no random part): left alone whoever made it.
        let foreign = ".r.html.4194305.labrun-tmp"
        for name in [dead, live, foreign] {
            try "partial".write(to: dir.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        try AtomicFile.write(Data("x".utf8), to: dir.appendingPathComponent("r.html"))
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(names == ["r.html", live, foreign])
    }

    @Test func aStaleTemporaryThatIsALinkIsRemovedWithoutTouchingItsTarget() throws {
        let dir = try makeTemporaryDirectory()
        let victim = dir.appendingPathComponent("victim.txt")
        try "keep".write(to: victim, atomically: false, encoding: .utf8)
        let link = dir.appendingPathComponent(".r.html.4194305.00000000deadbeef.labrun-tmp")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: victim)
        try AtomicFile.write(Data("x".utf8), to: dir.appendingPathComponent("r.html"))
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["r.html", "victim.txt"])
    }

    /// The attack of the issue: links planted at the names the old scheme used (`.<name>.<pid>.labrun-tmp`)
    /// for every likely pid; the report must not reach the file they point to.
    @Test func linksPlantedAtPredictableNamesAreNotFollowed() throws {
        let dir = try makeTemporaryDirectory()
        let victim = dir.appendingPathComponent("victim.txt")
        try "keep".write(to: victim, atomically: false, encoding: .utf8)
        for pid in [getpid(), getpid() + 1, getppid()] {
            try FileManager.default.createSymbolicLink(
                at: dir.appendingPathComponent(".r.html.\(pid).labrun-tmp"), withDestinationURL: victim)
        }
        try AtomicFile.write(Data("report".utf8), to: dir.appendingPathComponent("r.html"))
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep")
        #expect(try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8) == "report")
    }

    @Test func aLinkAtTheTargetIsReplacedNotWrittenThrough() throws {
        let dir = try makeTemporaryDirectory()
        let victim = dir.appendingPathComponent("victim.txt")
        try "keep".write(to: victim, atomically: false, encoding: .utf8)
        let target = dir.appendingPathComponent("r.html")
        try FileManager.default.createSymbolicLink(at: target, withDestinationURL: victim)
        try AtomicFile.write(Data("report".utf8), to: target)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep")
        let type = try FileManager.default.attributesOfItem(atPath: target.path)[.type] as? FileAttributeType
        #expect(type == .typeRegular)
    }

    @Test func temporaryNamesAreUnpredictableAndReportsGetOrdinaryPermissions() throws {
        let a = AtomicFile.temporaryName(for: "r.html", pid: 7, random: 0xabc)
        #expect(a == ".r.html.7.0000000000000abc.labrun-tmp")
        let dir = try makeTemporaryDirectory()
        let (fd1, url1) = try AtomicFile.createTemporary(for: "r.html", in: dir)
        let (fd2, url2) = try AtomicFile.createTemporary(for: "r.html", in: dir)
        close(fd1)
        close(fd2)
        #expect(url1 != url2)
        let target = dir.appendingPathComponent("r.html")
        let previous = umask(0o022)
        defer { umask(previous) }
        try AtomicFile.write(Data("x".utf8), to: target)
        let mode = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }

    @Test func aMissingFolderIsAThrownError() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/r.md")
        #expect(throws: (any Error).self) { try AtomicFile.write(Data("x".utf8), to: url) }
    }
}

