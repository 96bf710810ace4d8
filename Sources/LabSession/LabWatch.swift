import Dispatch
import Foundation

/// Keeps one lab's reports up to date while it is edited: the engine of `labrun --watch` and
/// `labrun --serve`. Reruns the lab whenever it or a data file it read changes, from the first cell
/// the change affects (a changed image of the prose only re-renders the reports), or from a cell
/// its owner names (`rerun(from:)`).
///
/// The lab, its data files and its images are polled every 200 ms (modification time and size),
/// which works the same on every system. A save during a rerun interrupts it and starts again.
public final class LabWatch: @unchecked Sendable {
    /// What a watch tells its owner; both closures are called on the watch's own thread.
    public struct Observer: Sendable {
        /// Every session event of every update (cells starting, progress, cells finishing).
        public var events: @Sendable (SessionEvent) -> Void
        /// An update that finished (not one a newer change interrupted), with its wall time in seconds.
        public var updated: @Sendable (LabRunOutcome, Double) -> Void

        public init(
            events: @escaping @Sendable (SessionEvent) -> Void,
            updated: @escaping @Sendable (LabRunOutcome, Double) -> Void
        ) {
            self.events = events
            self.updated = updated
        }
    }

    public let runner: LabRunner
    private let observer: Observer
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
    /// The earliest cell the owner asked to rerun since the last update that finished.
    private var pendingRerun: Int?
    private var busy = false
    /// The lab's stamp taken by `start`, where polling begins.
    private var labStamp: [String: FileStamp] = [:]

    public init(runner: LabRunner, observer: Observer) {
        self.runner = runner
        self.observer = observer
    }

    /// The first update, before polling starts; false when the lab cannot be read (a plain run
    /// ends then too, with status 2).
    public func start() -> Bool {
        // Stamped before the first run reads it: a save during that run is a change to rerun for.
        lock.withLock { labStamp = FileStamp.of([runner.path]) }
        return queue.sync { update() }
    }

    /// Polls the lab and the files it reads until the process ends.
    public func poll() -> Never {
        var stamps = lock.withLock { labStamp }
        while true {
            usleep(200_000)
            let (data, images, recorded) = lock.withLock { (dataFiles, imageFiles, updateStamps) }
            let watched = [runner.path] + data + images
            let now = FileStamp.of(watched)
            let changed = watched.filter { file in (stamps[file] ?? recorded[file]).map { $0 != now[file] } ?? false }
            stamps = now
            guard !changed.isEmpty else { continue }
            runner.interrupt()
            lock.withLock { pendingData.formUnion(Set(changed).intersection(data)) }
            queue.async { [self] in update() }
        }
    }

    /// Reruns the lab from cell `index` (0-based) on, even if nothing changed; a running update is
    /// interrupted first.
    public func rerun(from index: Int) {
        lock.withLock { pendingRerun = min(pendingRerun ?? index, index) }
        runner.interrupt()
        queue.async { [self] in update() }
    }

    /// Whether an update is running (Ctrl-C then stops it before its reports are written).
    public var isBusy: Bool { lock.withLock { busy } }

    /// Rereads the lab and brings its reports up to date; false when the lab could not be read.
    @discardableResult
    private func update() -> Bool {
        let (changed, rerun) = lock.withLock {
            busy = true
            return (pendingData, pendingRerun)
        }
        defer { lock.withLock { busy = false } }
        let started = DispatchTime.now()
        let outcome = runner.update(changedDataFiles: changed, rerunFrom: rerun, events: observer.events)
        if outcome.interrupted { return true }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        if outcome.failure != .unreadable {
            lock.withLock {
                pendingData.subtract(changed)
                if pendingRerun == rerun { pendingRerun = nil }
                dataFiles = outcome.dataFiles
                imageFiles = outcome.imageFiles
                updateStamps = FileStamp.of(dataFiles + imageFiles)
            }
        }
        observer.updated(outcome, seconds)
        return outcome.failure != .unreadable
    }
}

extension LabRunOutcome {
    /// What an update did, in one line: `reran cells 5-6 of 6 in 0.31 s: 1 failed` (`ran` the
    /// first time).
    public func updateSummary(seconds: Double) -> String {
        let verb = isFirstRun ? "ran" : "reran"
        let what: String
        switch cellsRun.count {
        case 0: what = isFirstRun ? "rendered (no cell ran)" : "re-rendered (no cell changed)"
        case 1: what = "\(verb) cell \(cellsRun[0] + 1) of \(cells)"
        default: what = "\(verb) cells \((cellsRun.first ?? 0) + 1)-\((cellsRun.last ?? 0) + 1) of \(cells)"
        }
        let status = failures == 0 ? "all as expected" : "\(failures) failed"
        return "\(what) in \(String(format: "%.2f", seconds)) s: \(status)"
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
