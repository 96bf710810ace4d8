import Foundation
import LabLanguage
import LabMarkdown
import LabReport

/// The report formats (LabReport's table), named here so the command line needs LabSession only.
public typealias ReportFormat = LabReport.ReportFormat

/// labrun's version (LabReport's), named here for the command line.
public let labrunVersionString = LabReport.labrunVersion

/// Lab text made safe for the terminal (LabReport's), named here for the command line too.
public typealias TerminalText = LabReport.TerminalText

/// Where one lab's reports go and what they hold.
public struct ReportSettings: Sendable {
    /// The folder, as the user named it (messages show paths under it as typed).
    public var out: String
    public var formats: [ReportFormat]
    /// Pass raw HTML and every link of the prose through to the HTML and Markdown reports.
    public var unsafeHTML: Bool
    /// Wraps the writing of one lab's report set: labrun makes Ctrl-C wait for a set being written.
    public var aroundWrite: @Sendable (() throws -> [URL]) throws -> [URL]

    public init(
        out: String, formats: [ReportFormat], unsafeHTML: Bool = false,
        aroundWrite: @escaping @Sendable (() throws -> [URL]) throws -> [URL] = { try $0() }
    ) {
        self.out = out
        self.formats = formats
        self.unsafeHTML = unsafeHTML
        self.aroundWrite = aroundWrite
    }
}

/// A diagnostic as labrun prints it: `lab.md:3:5: error: …`, the source line and a caret, with
/// the lab's control characters escaped (`TerminalText`).
public struct PrintedDiagnostic: Sendable, Equatable {
    public var isWarning: Bool
    public var text: String
}

/// How one run of a lab went, as the command line reports it.
public struct LabRunOutcome: Sendable {
    /// 0 every cell behaved as expected, 1 some cell did not, 2 the lab could not be read or its
    /// reports not written.
    public var status: Int32 = 0
    public var cells = 0
    /// Cells that failed or timed out.
    public var failures = 0
    public var notRun = 0
    /// Lab-level diagnostics, then each cell's (but an expected error's), in order.
    public var diagnostics: [PrintedDiagnostic] = []
    /// The report files written.
    public var written: [URL] = []
    /// Why the lab was not read or its reports not written: a whole error line, control
    /// characters of the paths in it escaped (`TerminalText`).
    public var problem: String?
    /// A one-word form of `problem` for tables: "unreadable", "not written".
    public var problemSummary: String? { failure?.rawValue }
    /// What kept the run from its reports, if anything.
    public var failure: Failure?

    /// Why a lab has no new reports.
    public enum Failure: String, Sendable {
        case unreadable
        case notWritten = "not written"
    }
    /// Watch mode: the cells rerun, and whether a newer save stopped the update (nothing written).
    public var cellsRun: [Int] = []
    /// Watch mode: whether this was the first update (its cells ran for the first time).
    public var isFirstRun = false
    public var interrupted = false
    /// Watch mode: the data files the cells asked for and the images the prose shows (absolute).
    public var dataFiles: [String] = []
    public var imageFiles: [String] = []
    /// The report the run made (also when it could not be written), for a server to show.
    public var report: Report?

    public init() {}

    /// An outcome with `report`'s counts of cells, failures and cells not run.
    init(counting report: Report) {
        cells = report.cells.count
        failures = report.cells.filter { $0.status == .failed || $0.status == .timedOut }.count
        notRun = report.cells.filter { $0.status == .notRun }.count
    }
}

/// One lab from its file to its reports: read, run (from scratch, or incrementally while watched),
/// diagnostics formatted, reports written without replacing any input. This is the one entry the
/// command line uses; it keeps options, progress display and the watch loop's polling.
public final class LabRunner: @unchecked Sendable {
    public let path: String
    private let options: SessionOptions
    private let reports: ReportSettings
    private lazy var incremental = IncrementalSession(options: options)

    public init(path: String, options: SessionOptions, reports: ReportSettings) {
        self.path = path
        self.options = options
        self.reports = reports
    }

    /// Reads and runs the lab from its first cell and writes its reports. `events` starts with
    /// `.labStarted` once the lab is read.
    public func run(events: @escaping @Sendable (SessionEvent) -> Void = { _ in }) -> LabRunOutcome {
        // All of it on a large-stack thread: the session is freed when this returns, and freeing a
        // value nested a million levels deep (or a function of 300,000 statements) recurses that deep.
        Interpreter.withLargeStack { [self] in runHere(events: events) }
    }

    /// Reads the lab and tells `events` that it starts, or gives the outcome of a lab that could not be read.
    private func start(_ events: @escaping @Sendable (SessionEvent) -> Void) -> Result<LabDocument, LabRunFailure> {
        let read = read()
        if case .success(let document) = read { events(.labStarted(cellLines: document.cells.map(\.fenceLine))) }
        return read
    }

    private func runHere(events: @escaping @Sendable (SessionEvent) -> Void) -> LabRunOutcome {
        let document: LabDocument
        switch start(events) {
        case .success(let parsed): document = parsed
        case .failure(let failure): return failure.outcome
        }
        let session = LabSession(document: document, options: options)
        let report = session.run(events: events)
        return finish(report, inputs: session.inputs)
    }

    /// Watch mode: rereads the lab, reruns from the first cell a change affects (`changedDataFiles`
    /// are absolute paths of data files saved since the last update) or from cell `rerunFrom`
    /// if that is earlier, and writes the reports, unless `interrupt()` stopped it.
    public func update(
        changedDataFiles: Set<String>, rerunFrom: Int? = nil,
        events: @escaping @Sendable (SessionEvent) -> Void = { _ in }
    ) -> LabRunOutcome {
        // On a large-stack thread, as `run`: an update frees the state of the cells it reruns.
        Interpreter.withLargeStack { [self] in
            updateHere(changedDataFiles: changedDataFiles, rerunFrom: rerunFrom, events: events)
        }
    }

    private func updateHere(
        changedDataFiles: Set<String>, rerunFrom: Int?, events: @escaping @Sendable (SessionEvent) -> Void
    ) -> LabRunOutcome {
        let document: LabDocument
        switch start(events) {
        case .success(let parsed): document = parsed
        case .failure(let failure): return failure.outcome
        }
        let update = incremental.update(
            to: document, changedDataFiles: changedDataFiles, rerunFrom: rerunFrom, events: events)
        guard !update.interrupted else {
            var outcome = LabRunOutcome()
            outcome.interrupted = true
            return outcome
        }
        var outcome = finish(update.report, inputs: update.inputs)
        outcome.cellsRun = update.cellsRun
        outcome.isFirstRun = update.isFirstRun
        outcome.dataFiles = update.dataFiles.map { URL(fileURLWithPath: $0).path }
        outcome.imageFiles = update.imageFiles
        return outcome
    }

    /// Stops a running update from another thread (a newer save in watch mode).
    public func interrupt() {
        incremental.interrupt()
    }

    /// The lab parsed, or the outcome of a lab that cannot be read.
    private func read() -> Result<LabDocument, LabRunFailure> {
        do {
            return .success(try LabParser.parse(contentsOfFile: path))
        } catch {
            var outcome = LabRunOutcome()
            outcome.status = 2
            let message = Self.readFailure(error, reading: "lab", at: path)
            outcome.problem = TerminalText.escaped("labrun: error: " + message)
            outcome.failure = .unreadable
            return .failure(LabRunFailure(outcome: outcome))
        }
    }

    /// Why the file at `path` could not be read as a lab: the parser's own message, else the
    /// system's (`what` names the file's role: "lab", "the key", "submission").
    static func readFailure(_ error: Error, reading what: String, at path: String) -> String {
        (error as? LabFileError)?.description ?? "cannot read \(what) '\(path)': \(LabParser.systemMessage(error))"
    }

    /// Counts, diagnostics and the written reports of a finished run.
    private func finish(_ report: Report, inputs: [RunInput]) -> LabRunOutcome {
        var outcome = LabRunOutcome(counting: report)
        outcome.diagnostics = Self.diagnostics(of: report)
        outcome.report = report
        do {
            outcome.written = try reports.aroundWrite { [reports] in
                try ReportWriter.write(
                    report, formats: reports.formats, to: URL(fileURLWithPath: reports.out),
                    unsafeHTML: reports.unsafeHTML, protecting: inputs)
            }
            outcome.status = report.succeeded ? 0 : 1
        } catch {
            outcome.status = 2
            outcome.problem = TerminalText.escaped(writeFailure(error))
            outcome.failure = .notWritten
        }
        return outcome
    }

    /// The report's diagnostics as labrun prints them (escaped for the terminal).
    static func diagnostics(of report: Report) -> [PrintedDiagnostic] {
        var all = report.diagnostics
        for cell in report.cells where cell.status != .expectedError { all += cell.diagnostics }
        return all.map {
            PrintedDiagnostic(
                isWarning: $0.severity == .warning,
                text: DiagnosticFormatter.format(
                    $0, path: report.document.path, sourceLines: report.document.sourceLines, forTerminal: true))
        }
    }

    /// Why the reports were not written: a refusal to overwrite an input is a located error of its
    /// own; anything else names the folder.
    private func writeFailure(_ error: Error) -> String {
        switch error {
        case let refusal as OverwriteRefusal: return refusal.description + " (no report was written)"
        case let folder as UnsafeFolder: return "labrun: " + folder.description + " (no report was written)"
        default: return "labrun: error: cannot write reports to '\(reports.out)': \(LabParser.systemMessage(error))"
        }
    }
}

/// A lab that could not be read, carried through `Result`.
private struct LabRunFailure: Error {
    var outcome: LabRunOutcome
}
