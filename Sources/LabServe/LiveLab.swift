import Dispatch
import Foundation
import LabReport
import LabSession

/// One lab as the server shows it: the handout of its latest run (kept current by a `LabWatch`,
/// so the reports on disk are rewritten as in watch mode) and the events of its reruns for the
/// pages that show it.
final class LiveLab: @unchecked Sendable {
    /// The lab file as named on the command line.
    let path: String
    /// The lab's file name without `.md`: its page is `/<stem>.html`.
    let stem: String
    /// The pages of this lab that follow their own stream (`/events?lab=`).
    let hub = EventHub()
    /// The server's stream of every lab's events (`/events`), which each browser's pages share.
    private let shared: EventHub
    private let reports: ReportSettings
    private let lock = NSLock()
    private var page: String
    private var version = 0
    private var summary = "starting"
    private var cellCount = 0
    private var lastProgress: UInt64 = 0
    private let watch: LabWatch
    /// Names this run of the server: versions count from 1 again when labrun is restarted, so a
    /// page left open compares the run too, not the version alone.
    let run = String(UInt64.random(in: 1...UInt64.max), radix: 36)

    /// `logged` is told of every finished update (the terminal's line per run).
    init(path: String, reports: ReportSettings, options: SessionOptions, shared: EventHub,
         logged: @escaping @Sendable (LabRunOutcome, Double) -> Void) {
        self.path = path
        self.reports = reports
        self.shared = shared
        stem = (URL(fileURLWithPath: path).lastPathComponent as NSString).deletingPathExtension
        page = "<!DOCTYPE html><html><head><title>\(HTML.escape(path))</title></head><body><p>Running…</p></body></html>"
        // The watch's observer reaches this lab through `owner`, set once the lab is whole.
        let owner = Owner()
        let runner = LabRunner(path: path, options: options, reports: reports)
        watch = LabWatch(runner: runner, observer: LabWatch.Observer(
            events: { event in owner.lab?.forward(event) },
            updated: { outcome, seconds in
                owner.lab?.updated(outcome, seconds: seconds)
                logged(outcome, seconds)
            }))
        owner.lab = self
    }

    private final class Owner: @unchecked Sendable {
        weak var lab: LiveLab?
    }

    /// The first run; false when the lab cannot be read.
    func start() -> Bool { watch.start() }

    /// Watches the lab and the files it reads until the process ends.
    func poll() -> Never { watch.poll() }

    /// Reruns from cell `index` (0-based), changed or not.
    func rerun(from index: Int) { watch.rerun(from: index) }

    /// The page to serve and its version.
    var current: (html: String, version: Int, summary: String, cells: Int) {
        lock.withLock { (page, version, summary, cellCount) }
    }

    /// What a page that connects is told first: the version it should show and the last summary.
    func hello() -> Data {
        let (_, version, summary, _) = current
        return EventHub.encode("hello", json(["version": version, "summary": summary, "run": run]))
    }

    /// Sends an event to this lab's pages, on their own streams and on the shared one.
    private func publish(_ event: String, _ fields: [String: Any]) {
        let data = json(fields)
        hub.publish(event, data)
        shared.publish(event, data)
    }

    private func forward(_ event: SessionEvent) {
        switch event {
        case .labStarted(let lines):
            lock.withLock { cellCount = lines.count }
        case .cellStarted(let index, let count, _):
            publish("running", ["cell": index, "count": count])
        case .cellProgress(let index, let step, let total, let note):
            // At most ten a second: a training loop reports every epoch.
            let now = DispatchTime.now().uptimeNanoseconds
            let due = lock.withLock {
                guard now - lastProgress >= 100_000_000 || step == total else { return false }
                lastProgress = now
                return true
            }
            if due {
                publish("progress", ["cell": index, "count": current.cells, "step": step, "total": total, "note": note])
            }
        case .cellFinished(let index, let status, _):
            publish("finished", ["cell": index, "status": status.rawValue])
        }
    }

    private func updated(_ outcome: LabRunOutcome, seconds: Double) {
        guard let report = outcome.report else {
            // The lab could not be read (deleted, or no longer UTF-8): the last handout stays.
            publish("problem", ["message": outcome.problem ?? "the lab could not be read"])
            return
        }
        let line = outcome.updateSummary(seconds: seconds)
        let links = ReportWriter.links(
            labDirectory: URL(fileURLWithPath: path).deletingLastPathComponent(),
            reportDirectory: URL(fileURLWithPath: reports.out))
        let html = ReportWriter.render(report, as: .html, unsafeHTML: reports.unsafeHTML, links: links)
        let version: Int = lock.withLock {
            self.version += 1
            page = LivePage.inject(into: html, lab: stem, run: run, version: self.version)
            summary = line
            cellCount = report.cells.count
            return self.version
        }
        publish("update", ["version": version, "summary": line, "run": run])
        if let problem = outcome.problem { publish("problem", ["message": problem]) }
    }

    /// One line of JSON (what an event's data must be), naming this lab: pages on the shared
    /// stream pick their own lab's events by it.
    private func json(_ fields: [String: Any]) -> String {
        var object = fields
        object["lab"] = stem
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
