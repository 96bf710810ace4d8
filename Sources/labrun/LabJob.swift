import Dispatch
import Foundation
import LabSession

/// The settings every lab of one labrun invocation shares.
struct RunSettings: Sendable {
    var reports: ReportSettings
    var session: SessionOptions
    var quiet: Bool
    var progress: ProgressStyle
}

/// How one lab went, for the exit status and the summary table.
struct LabOutcome: Sendable {
    var path: String
    /// 0 all as expected, 1 some cell did not behave, 2 unreadable or unwritable.
    var status: Int32
    var cells: Int
    var failures: Int
    var seconds: Double
    /// What went wrong when the lab could not be read or its reports written ("unreadable").
    var problem: String?
}

/// Runs one lab through LabSession's `LabRunner` and prints what came of it: its diagnostics,
/// then a summary line or the reason its reports were not written.
struct LabJob: Sendable {
    let settings: RunSettings
    let board: LiveBoard

    /// Runs the lab at `path`; `label` prefixes its progress lines when several labs run at once.
    func run(_ path: String, label: String?) -> LabOutcome {
        let started = DispatchTime.now()
        let reporter = ProgressReporter(style: settings.progress, label: label, board: board)
        let runner = LabRunner(path: path, options: settings.session, reports: settings.reports)
        let result = runner.run { reporter.handle($0) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        Console.shared.write(lines(for: result, path: path))
        return LabOutcome(
            path: path, status: result.status, cells: result.cells, failures: result.failures, seconds: seconds,
            problem: result.problemSummary)
    }

    /// The diagnostics (warnings left out with --quiet), then the summary or the problem.
    func lines(for result: LabRunOutcome, path: String) -> [String] {
        result.terminalLines(quiet: settings.quiet, summary: summary(result, path: path))
    }

    /// `lab.md: 3 cells, 1 failed, 1 not run → output/lab.html, ...`
    func summary(_ result: LabRunOutcome, path: String) -> String {
        var words = ["\(result.cells) cell\(result.cells == 1 ? "" : "s")"]
        words.append(result.failures == 0 ? "all as expected" : "\(result.failures) failed")
        if result.notRun > 0 { words.append("\(result.notRun) not run") }
        // Paths as the user named the folder, not absolute ones.
        let files = result.written.map { (settings.reports.out as NSString).appendingPathComponent($0.lastPathComponent) }
            .joined(separator: ", ")
        // The paths are the lab's name: a line break or an ESC in it is shown, not obeyed.
        return TerminalText.escaped("\(path): \(words.joined(separator: ", ")) → \(files)")
    }
}

extension LabRunOutcome {
    /// What a run or a watch-mode rerun prints: the cells' diagnostics (warnings left out when
    /// `quiet`), then the problem that stopped the run or, unless `quiet`, the one-line summary.
    func terminalLines(quiet: Bool, summary: @autoclosure () -> String) -> [String] {
        var lines = diagnostics.filter { !(quiet && $0.isWarning) }.map(\.text)
        if let problem {
            lines.append(problem)
        } else if !quiet {
            lines.append(summary())
        }
        return lines
    }
}

/// The table printed after several labs: one row per lab, in the order given.
func summaryTable(_ outcomes: [LabOutcome]) -> [String] {
    let rows = outcomes.map { o -> [String] in
        // Escaped before the widths are measured, so the columns line up as printed.
        let path = TerminalText.escaped(o.path)
        if let problem = o.problem, o.cells == 0 { return [path, "-", problem, "-"] }
        return [path, String(o.cells), String(o.failures), String(format: "%.2f s", o.seconds)]
    }
    let failed = outcomes.filter { $0.status != 0 }.count
    return textTable(header: ["lab", "cells", "failures", "time"], rows: rows, rightAligned: [1, 2, 3])
        + ["\(outcomes.count) labs, \(failed) with problems"]
}

/// `header` and `rows` as lines of aligned columns two spaces apart (the `rightAligned` columns
/// padded on the left), without trailing spaces. Cells must be escaped for the terminal already.
func textTable(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    return all.map { row in
        let cells = row.enumerated().map { column, text in
            let pad = String(repeating: " ", count: widths[column] - text.count)
            return rightAligned.contains(column) ? pad + text : text + pad
        }
        var line = cells.joined(separator: "  ")
        while line.last == " " { line.removeLast() }
        return line
    }
}
