import Foundation
import LabSession
import TestSupport
import Testing

/// The watch loop under `--watch` and `--serve`.
@Suite struct LabWatchTests {
    /// A save made while the first run is still going (here: as it finishes, before polling starts)
    /// is a change: the lab was stamped before that run read it. (Polling stamped the lab only when
    /// it began, so such a save was taken as the starting point and never rerun.)
    @Test func aSaveDuringTheFirstRunIsSeen() throws {
        let dir = try makeTemporaryDirectory(with: ["lab.md": "```swift-lab\nprint(1)\n```\n"])
        let lab = dir.appendingPathComponent("lab.md")
        let runs = Slots<LabRunOutcome>(count: 2)
        let counter = Slots<Int>(count: 1)
        let runner = LabRunner(
            path: lab.path, options: SessionOptions(),
            reports: ReportSettings(out: dir.appendingPathComponent("out").path, formats: [.json], unsafeHTML: false))
        let watch = LabWatch(runner: runner, observer: LabWatch.Observer(events: { _ in }, updated: { outcome, _ in
            let index = counter[0] ?? 0
            counter[0] = index + 1
            if index < 2 { runs[index] = outcome }
            if index == 0 { try? "```swift-lab\nprint(2)\n```\n".write(to: lab, atomically: true, encoding: .utf8) }
        }))
        #expect(watch.start())
        Thread { watch.poll() }.start()
        let deadline = Date().addingTimeInterval(10)
        while runs[1] == nil && Date() < deadline { usleep(20_000) }
        #expect(runs[1]?.cellsRun == [0], "the save during the first run was not rerun")
    }
}
