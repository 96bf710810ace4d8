import Dispatch
import Foundation
import LabSession

/// `labrun --watch LAB`: reruns the lab whenever it or a data file it read changes, from the first
/// cell the change affects, and rewrites the reports; one line per run on standard error. A changed
/// image of the prose only re-renders the reports.
///
/// The lab, its data files and its images are polled every 200 ms (modification time and size),
/// which works the same on every system. A save during a rerun interrupts it and starts again.
final class LabWatcher: @unchecked Sendable {
    private let path: String
    private let settings: RunSettings
    private let runner: LabRunner
    private let board = LiveBoard()
    /// Runs updates one at a time, off the polling thread.
    private let queue = DispatchQueue(label: "labrun.watch")
    private let lock = NSLock()
    private var dataFiles: [String] = []
    private var imageFiles: [String] = []
    /// Stamps of the data and image files taken when an update finished with them: a file the
    /// poller has not stamped yet is compared with this, so an edit saved between the update and
    /// the next poll still counts as a change.
    private var updateStamps: [String: FileStamp] = [:]
    /// Data files changed since the last update that finished (an interrupted one does not count).
    private var pendingData: Set<String> = []
    private var busy = false

    init(path: String, settings: RunSettings) {
        self.path = path
        var settings = settings
        // One line per run: per-cell lines would drown it, so only a terminal's live line remains.
        if settings.progress == .plain { settings.progress = .none }
        self.settings = settings
        runner = LabRunner(path: path, options: settings.session, reports: settings.reports)
    }

    /// Watches until interrupted (Ctrl-C exits with status 130).
    func run() -> Int32 {
        Interrupts.setMessage { [self] in
            isBusy ? "labrun: interrupted; this run's reports not written, the earlier ones stay" : "labrun: stopped watching"
        }
        if !settings.quiet {
            printError("labrun: watching \(TerminalText.escaped(path)) and the files it reads (Ctrl-C to stop)")
        }
        var stamps = FileStamp.of([path])
        // The first run happens before polling starts: a lab that cannot be read ends the watch
        // (exit 2), as it ends a plain run.
        guard queue.sync(execute: { update() }) else { return 2 }
        while true {
            usleep(200_000)
            let (data, images, recorded) = lock.withLock { (dataFiles, imageFiles, updateStamps) }
            let watched = [path] + data + images
            let now = FileStamp.of(watched)
            let changed = watched.filter { file in (stamps[file] ?? recorded[file]).map { $0 != now[file] } ?? false }
            stamps = now
            guard !changed.isEmpty else { continue }
            runner.interrupt()
            scheduleUpdate(changedData: Set(changed).intersection(data))
        }
    }

    private func scheduleUpdate(changedData: Set<String>) {
        lock.withLock { pendingData.formUnion(changedData) }
        queue.async { [self] in update() }
    }

    /// Rereads the lab and brings its reports up to date; false when the lab could not be read.
    @discardableResult
    private func update() -> Bool {
        lock.withLock { busy = true }
        defer { lock.withLock { busy = false } }
        let changed = lock.withLock { pendingData }
        let started = DispatchTime.now()
        let reporter = ProgressReporter(style: settings.progress, label: nil, board: board)
        let outcome = runner.update(changedDataFiles: changed) { reporter.handle($0) }
        Console.shared.setLive(nil)
        if outcome.interrupted { return true }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        if outcome.failure != .unreadable {
            lock.withLock {
                pendingData.subtract(changed)
                dataFiles = outcome.dataFiles
                imageFiles = outcome.imageFiles
                updateStamps = FileStamp.of(dataFiles + imageFiles)
            }
        }
        // The cells' errors (as a plain run prints them), then one line for the run.
        Console.shared.write(outcome.terminalLines(quiet: settings.quiet, summary: runLine(outcome, seconds: seconds)))
        return outcome.failure != .unreadable
    }

    /// Whether an update is running (Ctrl-C then stops it before its reports are written).
    var isBusy: Bool { lock.withLock { busy } }

    /// `lab.md: reran cells 5-6 of 6 in 0.31 s: 1 failed`
    private func runLine(_ outcome: LabRunOutcome, seconds: Double) -> String {
        let count = outcome.cells
        let what: String
        switch outcome.cellsRun.count {
        case 0: what = "re-rendered (no cell changed)"
        case 1: what = "reran cell \(outcome.cellsRun[0] + 1) of \(count)"
        default:
            what = "reran cells \((outcome.cellsRun.first ?? 0) + 1)-\((outcome.cellsRun.last ?? 0) + 1) of \(count)"
        }
        let status = outcome.failures == 0 ? "all as expected" : "\(outcome.failures) failed"
        return "\(TerminalText.escaped(path)): \(what) in \(String(format: "%.2f", seconds)) s: \(status)"
    }
}

/// A file's modification time and size, or its absence: what polling compares.
struct FileStamp: Equatable {
    let modified: Date?
    let size: Int?

    /// The stamps of `paths` (a missing file has a stamp too, so its creation is a change).
    static func of(_ paths: [String]) -> [String: FileStamp] {
        var stamps: [String: FileStamp] = [:]
        for path in paths {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            stamps[path] = FileStamp(
                modified: attributes?[.modificationDate] as? Date,
                size: (attributes?[.size] as? NSNumber)?.intValue)
        }
        return stamps
    }
}
