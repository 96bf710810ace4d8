import Foundation
import LabServe
import LabSession

/// `labrun --serve LAB…`: runs each lab, serves the handouts live (`LabServer`), and prints one line
/// per rerun as watch mode does, until Ctrl-C (exit 130; a report being written is finished first).
struct LabServing {
    let labs: [String]
    let settings: RunSettings
    let host: String
    let port: UInt16?

    func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let quiet = settings.quiet
        let server = LabServer(
            paths: labs,
            options: LabServer.Options(host: host, port: port, reports: settings.reports, session: settings.session),
            logged: { path, outcome, seconds in
                Console.shared.write(outcome.terminalLines(
                    quiet: quiet, summary: "\(TerminalText.escaped(path)): \(outcome.updateSummary(seconds: seconds))"))
            })
        Interrupts.setMessage { "labrun: stopped serving" }
        // As --watch: a lab that cannot be read at the start ends it (its problem was printed).
        guard server.startLabs().isEmpty else { return 2 }
        let bound: UInt16
        do {
            bound = try server.listen()
        } catch {
            printError("\(error)")
            return 2
        }
        let shown = host.contains(":") ? "[\(host)]" : host
        printError("labrun: serving \(labs.count == 1 ? TerminalText.escaped(labs[0]) : "\(labs.count) labs") at http://\(shown):\(bound)/ (Ctrl-C to stop)")
        if !LabServerAddress.isLoopback(host) {
            printError("labrun: warning: listening on \(host): anyone who can reach this machine on that network can read these labs and rerun their cells")
        }
        server.serveForever()
    }
}
