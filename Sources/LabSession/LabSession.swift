import Dispatch
import Foundation
import LabLanguage
import LabMarkdown
import LabReport
import LabStdlib
import TensorCore

/// How a lab is run.
public struct SessionOptions: Sendable {
    /// Run the cells after an unexpected failure instead of marking them not run.
    public var keepGoing: Bool
    /// Seconds a cell may run unless its `timeout=` option says otherwise.
    public var defaultTimeout: Double

    public init(keepGoing: Bool = false, defaultTimeout: Double = 60) {
        self.keepGoing = keepGoing
        self.defaultTimeout = defaultTimeout
    }
}

/// What a running lab reports as it goes, for progress displays.
public enum SessionEvent: Sendable {
    case cellStarted(index: Int, count: Int, firstLine: String)
    case cellFinished(index: Int, status: CellStatus, wallTimeMs: Double)
}

/// Runs one lab: every cell in order in one interpreter, outputs captured per cell, errors mapped to
/// lab-file lines. Each session has its own interpreter and tensor context, so labs do not share state.
public final class LabSession {
    private let document: LabDocument
    private let options: SessionOptions
    private let interpreter = Interpreter()
    private let stdlib: Stdlib

    /// Prepares a session for `document`; nothing runs until `run(events:)`. Data paths in the lab
    /// are relative to `labDirectory`, by default the folder of `document.path`.
    public init(document: LabDocument, options: SessionOptions = SessionOptions(), labDirectory: URL? = nil) {
        self.document = document
        self.options = options
        let directory = labDirectory ?? URL(fileURLWithPath: document.path).deletingLastPathComponent()
        self.stdlib = Stdlib(labDirectory: directory.standardizedFileURL.path)
        stdlib.install(into: interpreter)
    }

    /// Runs all cells and returns the report. Cells run on a thread with a large stack, so deep
    /// recursion in a lab ends in a located error rather than a crash.
    public func run(events: @escaping @Sendable (SessionEvent) -> Void = { _ in }) -> Report {
        let results = Interpreter.withLargeStack { [self] in stdlib.withContext { runCells(events: events) } }
        let labDiagnostics = document.diagnostics.map { d in
            ReportDiagnostic(
                severity: d.severity == .error ? .error : .warning, message: d.message,
                line: d.position.line, column: d.position.column)
        }
        return Report(document: document, cells: results, diagnostics: labDiagnostics)
    }

    private func runCells(events: (SessionEvent) -> Void) -> [CellResult] {
        var results: [CellResult] = []
        var stopped = false
        for cell in document.cells {
            if stopped {
                results.append(CellResult(status: .notRun, highlights: highlights(cell)))
                continue
            }
            let firstLine = cell.code.split(separator: "\n").first.map(String.init) ?? ""
            events(.cellStarted(index: cell.index, count: document.cells.count, firstLine: firstLine))
            let result = runCell(cell)
            events(.cellFinished(index: cell.index, status: result.status, wallTimeMs: result.wallTimeMs))
            results.append(result)
            let unexpected = result.status == .failed || result.status == .timedOut
            if unexpected && !options.keepGoing { stopped = true }
        }
        return results
    }

    private func runCell(_ cell: Cell) -> CellResult {
        if !cell.optionErrors.isEmpty {
            let diagnostics = cell.optionErrors.map(reportDiagnostic)
            return CellResult(status: .failed, diagnostics: diagnostics, highlights: highlights(cell))
        }
        let started = DispatchTime.now().uptimeNanoseconds
        stdlib.beginCell()
        let limit = cell.options.timeout ?? options.defaultTimeout
        let flags = (interpreter.cancellation, stdlib.cancellation)
        let watchdog = Watchdog(seconds: limit) {
            flags.0.cancel()
            flags.1.cancel()
        }
        var run = interpreter.run(cell.code)
        watchdog.disarm()
        // A tensor operation stopped by the limit surfaces as an ordinary error; the flag tells.
        if interpreter.cancellation.isCancelled && !run.succeeded { run.cancelled = true }
        interpreter.cancellation.reset()
        stdlib.cancellation.reset()
        if run.succeeded, let value = run.lastValue { stdlib.display(value) }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        var diagnostics = run.diagnostics.map { mapDiagnostic($0, in: cell) }
        if run.cancelled { diagnostics = timeoutDiagnostics(diagnostics, cell: cell, limit: limit) }
        let status = status(of: run, cell: cell, diagnostics: &diagnostics)
        return CellResult(
            status: status, outputs: numberCharts(stdlib.endCell(), cell: cell), diagnostics: diagnostics,
            wallTimeMs: elapsed, highlights: highlights(cell))
    }

    /// Gives each chart an id from its cell and position, unique in the report and the same on
    /// every run (a rerun from a saved state numbers them alike).
    private func numberCharts(_ outputs: [CellOutput], cell: Cell) -> [CellOutput] {
        var count = 0
        return outputs.map { output in
            guard case .chart(var chart) = output else { return output }
            count += 1
            chart.id = "cell-\(cell.index + 1)-chart-\(count)"
            return .chart(chart)
        }
    }

    /// Decides a cell's status from how its run ended and what the cell expected.
    private func status(
        of run: CellRun, cell: Cell, diagnostics: inout [ReportDiagnostic]
    ) -> CellStatus {
        if run.cancelled { return .timedOut }
        if cell.options.expectsError {
            if !run.succeeded { return .expectedError }
            diagnostics.append(
                ReportDiagnostic(
                    severity: .error,
                    message: "cell was marked error=expected but ran without an error",
                    line: cell.fenceLine, column: 1,
                    hint: "remove error=expected from the cell's options, or make the cell fail"))
            return .failed
        }
        return run.succeeded ? .ok : .failed
    }

    /// Replaces the interpreter's cancellation message with one that names the limit, keeping the
    /// place where the cell was stopped.
    private func timeoutDiagnostics(
        _ diagnostics: [ReportDiagnostic], cell: Cell, limit: Double
    ) -> [ReportDiagnostic] {
        let seconds = limit == limit.rounded() ? String(Int(limit)) : String(limit)
        let line = diagnostics.first?.line ?? cell.fenceLine
        let column = diagnostics.first?.column ?? 1
        return [
            ReportDiagnostic(
                severity: .error, message: "cell timed out after \(seconds) s", line: line,
                column: column,
                hint: "raise the limit with the cell option timeout=N or labrun --timeout N")
        ]
    }

    private func mapDiagnostic(_ d: Diagnostic, in cell: Cell) -> ReportDiagnostic {
        let position = cell.filePosition(line: d.line, column: d.column)
        return ReportDiagnostic(
            severity: d.severity == .error ? .error : .warning, message: d.message,
            line: position.line, column: position.column, hint: d.hint)
    }

    private func reportDiagnostic(_ d: MarkdownDiagnostic) -> ReportDiagnostic {
        ReportDiagnostic(
            severity: d.severity == .error ? .error : .warning, message: d.message,
            line: d.position.line, column: d.position.column)
    }

    private func highlights(_ cell: Cell) -> [HighlightSpan] {
        Interpreter.highlight(cell.code).compactMap { token in
            guard let kind = HighlightSpan.Kind(rawValue: token.kind.rawValue) else { return nil }
            return HighlightSpan(start: token.offset, length: token.length, kind: kind)
        }
    }
}

/// Calls `fire` once after `seconds` unless disarmed first; after `disarm()` returns it never fires.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var armed = true

    init(seconds: Double, fire: @escaping @Sendable () -> Void) {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.lock()
            defer { lock.unlock() }
            if armed { fire() }
        }
    }

    func disarm() {
        lock.lock()
        armed = false
        lock.unlock()
    }
}
