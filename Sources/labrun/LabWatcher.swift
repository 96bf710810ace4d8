import Dispatch
import Foundation
import LabSession

/// `labrun --watch LAB`: keeps the lab's reports up to date as it is edited (`LabWatch` does the
/// watching and rerunning) and prints one line per run on standard error, after the cells' errors.
final class LabWatcher: @unchecked Sendable {
    private let path: String
    private let settings: RunSettings
    private let watch: LabWatch

    init(path: String, settings: RunSettings) {
        self.path = path
        var settings = settings
        // One line per run: per-cell lines would drown it, so only a terminal's live line remains.
        if settings.progress == .plain { settings.progress = .none }
        self.settings = settings
        let quiet = settings.quiet
        let reporter = ProgressReporter(style: settings.progress, label: nil, board: LiveBoard())
        let runner = LabRunner(path: path, options: settings.session, reports: settings.reports)
        watch = LabWatch(runner: runner, observer: LabWatch.Observer(
            events: { reporter.handle($0) },
            updated: { outcome, seconds in
                Console.shared.setLive(nil)
                // The cells' errors (as a plain run prints them), then one line for the run.
                Console.shared.write(outcome.terminalLines(
                    quiet: quiet,
                    summary: "\(TerminalText.escaped(path)): \(outcome.updateSummary(seconds: seconds))"))
            }))
    }

    /// Watches until interrupted (Ctrl-C exits with status 130).
    func run() -> Int32 {
        Interrupts.setMessage { [watch] in
            watch.isBusy ? "labrun: interrupted; this run's reports not written, the earlier ones stay" : "labrun: stopped watching"
        }
        if !settings.quiet {
            printError("labrun: watching \(TerminalText.escaped(path)) and the files it reads (Ctrl-C to stop)")
        }
        // A lab that cannot be read ends the watch (exit 2), as it ends a plain run.
        guard watch.start() else { return 2 }
        watch.poll()
    }
}
