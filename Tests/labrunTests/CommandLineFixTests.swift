import Foundation
import TestSupport
import Testing

/// Command-line behaviour a student met (issue 13 item 8).
@Suite struct CommandLineFixTests {
    func folder(_ files: [String: String]) throws -> URL {
        try makeTemporaryDirectory(with: files)
    }

    @Test func aNegativeTimeoutNamesTheProblemAndUsageIsPrintedOnce() throws {
        let dir = try folder(["lab.md": "# L\n"])
        let result = try runLabrun(["--timeout", "-1", "lab.md"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--timeout must be a number of seconds above 0 and at most 86400, got -1.0"), "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "Usage: labrun").count == 2, "one usage line: \(result.stderr)")
        #expect(try runLabrun(["--timeout", "inf", "lab.md"], in: dir).status == 2)
    }

    @Test func watchingALabThatCannotBeReadEndsAtOnce() throws {
        let dir = try folder([:])
        let running = try RunningLabrun(["--watch", "missing.md"], in: dir)
        #expect(running.waitUntil(seconds: 20) { !running.process.isRunning }, "still watching")
        #expect(running.wait() == 2)
        #expect(running.stderr.contains("cannot read lab 'missing.md': no such file"), "\(running.stderr)")
    }

    @Test func watchPrintsTheCellsErrorsAndCtrlCWhileIdleSaysItStopped() throws {
        let dir = try folder(["lab.md": "```swift-lab\nprint(nope)\n```\n"])
        let running = try RunningLabrun(["--watch", "lab.md"], in: dir)
        #expect(running.waitUntil { running.stderr.contains("1 failed") }, "\(running.stderr)")
        #expect(running.stderr.contains("lab.md:2:7: error: cannot find 'nope' in scope"), "\(running.stderr)")
        running.send(SIGINT)
        #expect(running.wait() == 130)
        #expect(running.stderr.contains("labrun: stopped watching"), "\(running.stderr)")
        #expect(!running.stderr.contains("reports not written"))
    }
}

@Suite struct OddLabNameTests {
    @Test func aLabWhoseNameStartsWithADashRuns() throws {
        let dir = try makeTemporaryDirectory()
        try "```swift-lab\nprint(1)\n```\n".write(to: dir.appendingPathComponent("-dash.md"), atomically: true, encoding: .utf8)
        let result = try runLabrun(["-dash.md"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("USAGE"), "it printed the help")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output/-dash.md").path))
    }

    @Test func aFIFOOrADeviceIsNotALab() throws {
        let dir = try makeTemporaryDirectory()
        let fifo = dir.appendingPathComponent("pipe.md").path
        #expect(mkfifo(fifo, 0o644) == 0)
        for lab in [fifo, "/dev/null"] {
            let result = try runLabrun([lab], in: dir)
            #expect(result.status == 2, "\(lab): \(result.stderr)")
            #expect(result.stderr.contains("it is not a regular file"), "\(result.stderr)")
        }
    }
}
