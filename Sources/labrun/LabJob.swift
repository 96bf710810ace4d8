import Dispatch
import Foundation
import LabMarkdown
import LabReport
import LabSession

/// The settings every lab of one labrun invocation shares.
struct RunSettings: Sendable {
    var out: String
    var formats: [ReportFormat]
    var session: SessionOptions
    var unsafeHTML: Bool
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
    /// What went wrong when the lab could not be read or its reports written.
    var problem: String?
}

/// Runs one lab: reads it, runs its session, prints its diagnostics, writes its reports.
struct LabJob: Sendable {
    let settings: RunSettings
    let board: LiveBoard

    /// Runs the lab at `path`; `label` prefixes its progress lines when several labs run at once.
    func run(_ path: String, label: String?) -> LabOutcome {
        let started = DispatchTime.now()
        var outcome = LabOutcome(path: path, status: 0, cells: 0, failures: 0, seconds: 0)
        guard let document = LabJob.read(path) else {
            outcome.problem = "unreadable"
            return outcome.with(status: 2)
        }
        let reporter = ProgressReporter(document: document, style: settings.progress, label: label, board: board)
        let session = LabSession(document: document, options: settings.session)
        let report = session.run { reporter.handle($0) }
        outcome.cells = report.cells.count
        outcome.failures = report.cells.filter { $0.status == .failed || $0.status == .timedOut }.count
        outcome.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        var lines = diagnosticLines(of: report)
        do {
            let written = try Interrupts.whileWriting {
                try ReportWriter.write(
                    report, formats: settings.formats, to: URL(fileURLWithPath: settings.out),
                    unsafeHTML: settings.unsafeHTML, protecting: session.inputs)
            }
            if !settings.quiet { lines.append(summary(report, written: written)) }
            Console.shared.write(lines)
        } catch {
            lines.append(writeFailure(error, out: settings.out))
            Console.shared.write(lines)
            outcome.problem = "not written"
            return outcome.with(status: 2)
        }
        return outcome.with(status: report.succeeded ? 0 : 1)
    }

    /// The lab parsed, or nil (with the error printed) when it cannot be read.
    static func read(_ path: String) -> LabDocument? {
        do {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            return LabParser.parse(bytes: bytes, path: path)
        } catch {
            printError("labrun: error: cannot read lab '\(path)': \(describe(error))")
            return nil
        }
    }

    /// The report's diagnostics formatted as `path:line:column: error: ...` blocks.
    func diagnosticLines(of report: Report) -> [String] {
        let lines = report.document.sourceLines
        let path = report.document.path
        var all = report.diagnostics
        for cell in report.cells where cell.status != .expectedError { all += cell.diagnostics }
        return all.filter { !(settings.quiet && $0.severity == .warning) }.map {
            DiagnosticFormatter.format($0, path: path, sourceLines: lines)
        }
    }

    /// `lab.md: 3 cells, 1 failed, 1 not run → output/lab.html, ...`
    func summary(_ report: Report, written: [URL]) -> String {
        let failed = report.cells.filter { $0.status == .failed || $0.status == .timedOut }.count
        let notRun = report.cells.filter { $0.status == .notRun }.count
        var words = ["\(report.cells.count) cell\(report.cells.count == 1 ? "" : "s")"]
        words.append(failed == 0 ? "all as expected" : "\(failed) failed")
        if notRun > 0 { words.append("\(notRun) not run") }
        // Paths as the user named the folder, not absolute ones.
        let files = written.map { (settings.out as NSString).appendingPathComponent($0.lastPathComponent) }
            .joined(separator: ", ")
        return "\(report.document.path): \(words.joined(separator: ", ")) → \(files)"
    }
}

extension LabOutcome {
    func with(status: Int32) -> LabOutcome {
        var copy = self
        copy.status = status
        return copy
    }
}

/// What labrun prints when a lab's reports were not written: a refusal to overwrite an input is a
/// located error of its own; anything else names the folder.
func writeFailure(_ error: Error, out: String) -> String {
    switch error {
    case let refusal as OverwriteRefusal: return refusal.description + " (no report was written)"
    case let folder as UnsafeFolder: return "labrun: " + folder.description + " (no report was written)"
    default: return "labrun: error: cannot write reports to '\(out)': \(describe(error))"
    }
}

/// The table printed after several labs: one row per lab, in the order given.
func summaryTable(_ outcomes: [LabOutcome]) -> [String] {
    let rows = outcomes.map { o -> [String] in
        if let problem = o.problem, o.cells == 0 { return [o.path, "-", problem, "-"] }
        return [o.path, String(o.cells), String(o.failures), String(format: "%.2f s", o.seconds)]
    }
    let header = ["lab", "cells", "failures", "time"]
    let widths = (0..<4).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    func format(_ row: [String]) -> String {
        row.enumerated().map { column, text in
            let pad = String(repeating: " ", count: widths[column] - text.count)
            return column == 0 ? text + pad : pad + text
        }.joined(separator: "  ")
    }
    let failed = outcomes.filter { $0.status != 0 }.count
    return [format(header)] + rows.map(format) + ["\(outcomes.count) labs, \(failed) with problems"]
}
