import Dispatch
import Foundation
import LabLanguage
import LabMarkdown
import LabOutput
import LabReport
import LabStdlib
import TensorCore

/// How a lab is run.
public struct SessionOptions: Sendable {
    /// Run the cells after an unexpected failure instead of marking them not run.
    public var keepGoing: Bool
    /// Seconds a cell may run unless its `timeout=` option says otherwise.
    public var defaultTimeout: Double
    /// The most elements one tensor may have (LANGUAGE.md: 100,000,000 unless raised).
    public var maxElements: Int
    /// The memory budget in bytes: a cell fails when the process uses more (nil: no budget).
    public var maxMemory: Int?

    public init(keepGoing: Bool = false, defaultTimeout: Double = 60, maxElements: Int = 100_000_000, maxMemory: Int? = nil) {
        self.keepGoing = keepGoing
        self.defaultTimeout = defaultTimeout
        self.maxElements = maxElements
        self.maxMemory = maxMemory
    }
}

/// What a running lab reports as it goes, for progress displays.
public enum SessionEvent: Sendable, Equatable {
    /// The lab was read; its cells' fence lines, in order (sent by `LabRunner` before any cell runs).
    case labStarted(cellLines: [Int])
    case cellStarted(index: Int, count: Int, firstLine: String)
    /// Progress inside a running cell, reported by a built-in such as `train` (epoch `step` of `total`).
    case cellProgress(index: Int, step: Int, total: Int, note: String)
    case cellFinished(index: Int, status: CellStatus, wallTimeMs: Double)
}

/// Runs one lab: every cell in order in one interpreter, outputs captured per cell, errors mapped to
/// lab-file lines. Each session has its own interpreter and tensor context, so labs do not share state.
public final class LabSession: @unchecked Sendable {
    var document: LabDocument
    let options: SessionOptions
    let interpreter = Interpreter()
    let stdlib: Stdlib
    /// Which data files each cell read, for watch mode.
    let dataFiles = DataFileLog()
    /// The folder relative paths of the lab (data files, images) start from.
    let labDirectory: URL
    private let interruption = InterruptionFlag()
    /// The files the last report was made from — the lab, the data files its cells asked for, the
    /// images its prose shows — which no report may replace.
    public private(set) var inputs: [RunInput] = []

    /// Prepares a session for `document`; nothing runs until `run(events:)`. Data paths in the lab
    /// are relative to `labDirectory`, by default the folder of `document.path`.
    public init(document: LabDocument, options: SessionOptions = SessionOptions(), labDirectory: URL? = nil) {
        self.document = document
        self.options = options
        let directory = labDirectory ?? URL(fileURLWithPath: document.path).deletingLastPathComponent()
        self.labDirectory = directory
        self.stdlib = Stdlib(labDirectory: directory.standardizedFileURL.path)
        stdlib.context.maxElements = options.maxElements
        // One string or array alone may not take the whole budget either (process-wide: every lab
        // of a run has the same budget).
        if let budget = options.maxMemory {
            ValueLimits.maxBytes = budget
            // Memory kept for reuse counts against the budget too (it is resident): a quarter at most.
            stdlib.context.maxCachedBytes = min(stdlib.context.maxCachedBytes, budget / 4)
        }
        stdlib.install(into: interpreter)
        let dataFiles = dataFiles, folder = directory.standardizedFileURL
        stdlib.onDataFileRead = { path in dataFiles.record(path, labDirectory: folder) }
    }

    /// Stops the run from any thread (Ctrl-C, or a watched file saved again): the running cell is
    /// cancelled and no later cell starts. `run` still returns; check `isInterrupted`.
    public func interrupt() {
        interruption.set()
        interpreter.cancellation.cancel()
        stdlib.cancellation.cancel()
    }

    /// Whether `interrupt()` was called; the report of an interrupted run is incomplete.
    public var isInterrupted: Bool { interruption.isSet }

    /// Readies an interrupted session for another run (watch mode); call only while nothing runs.
    func clearInterruption() {
        interruption.reset()
        interpreter.cancellation.reset()
        stdlib.cancellation.reset()
    }

    /// Runs all cells and returns the report. Cells run on a thread with a large stack, so deep
    /// recursion in a lab ends in a located error rather than a crash.
    public func run(events: @escaping @Sendable (SessionEvent) -> Void = { _ in }) -> Report {
        let results = onSessionThread { [self] in runCells(document.cells[...], stopped: false, events: events) }
        return report(cells: results)
    }

    /// The report of the current document with `cells`' results: lab-level diagnostics, formula
    /// warnings and the prose's images (read now, so a changed image shows on the next run).
    func report(cells: [CellResult]) -> Report {
        reportAndImageFiles(cells: cells).report
    }

    /// `report(cells:)` and the files its prose images come from (see `ProseImages.files`).
    func reportAndImageFiles(cells: [CellResult]) -> (report: Report, imageFiles: [String]) {
        var images = ProseImages(labDirectory: labDirectory)
        images.embed(document)
        let math = ConvertedFormulas(document.formulas)
        let diagnostics = Self.limited(Self.labDiagnostics(document) + math.diagnostics + images.diagnostics)
        let report = Report(
            document: document, cells: cells, diagnostics: diagnostics, embeddedImages: images.embedded, math: math)
        inputs = runInputs(images: images)
        return (report, images.files)
    }

    /// The lab, its data files (located at the fence of the first cell that asked for each) and
    /// its images (located where the prose shows them).
    private func runInputs(images: ProseImages) -> [RunInput] {
        let lab = document.path
        var inputs = [RunInput(role: "the lab", path: lab, labPath: lab)]
        for path in dataFiles.paths {
            let cell = dataFiles.readers[path]?.min().flatMap { $0 < document.cells.count ? document.cells[$0] : nil }
            inputs.append(
                RunInput(role: "a data file this cell read", path: path, labPath: lab, line: cell?.fenceLine ?? 1))
        }
        for path in images.files {
            let place = images.places[path]
            inputs.append(
                RunInput(
                    role: "an image the prose shows", path: path, labPath: lab, line: place?.line ?? 1,
                    column: place?.column ?? 1))
        }
        return inputs
    }

    /// The lab-level diagnostics of `document` (outside any cell) in report form.
    static func labDiagnostics(_ document: LabDocument) -> [ReportDiagnostic] {
        document.diagnostics.map { d in
            ReportDiagnostic(
                severity: d.severity == .error ? .error : .warning, message: d.message,
                line: d.position.line, column: d.position.column)
        }
    }

    /// Runs `body` on a large-stack thread with the session's tensor context installed.
    func onSessionThread<T>(_ body: @escaping () -> T) -> T {
        Interpreter.withLargeStack { [self] in stdlib.withContext(body) }
    }

    /// Runs `cells` in order; `stopped` says an earlier cell already stopped the run. `afterCell`
    /// sees each cell that ran, with its result, before the next starts. An interrupted run returns
    /// the results of the cells finished before the interruption only.
    func runCells(
        _ cells: ArraySlice<Cell>, stopped initiallyStopped: Bool,
        events: (SessionEvent) -> Void, afterCell: (Cell, CellResult) -> Void = { _, _ in }
    ) -> [CellResult] {
        var results: [CellResult] = []
        var stopped = initiallyStopped
        for cell in cells {
            if stopped {
                results.append(CellResult(status: .notRun, highlights: highlights(cell)))
                continue
            }
            if isInterrupted { break }
            let firstLine = cell.code.split(separator: "\n").first.map(String.init) ?? ""
            events(.cellStarted(index: cell.index, count: document.cells.count, firstLine: firstLine))
            let result = withoutActuallyEscaping(events) { events in
                stdlib.onProgress = { step, total, note in
                    events(.cellProgress(index: cell.index, step: step, total: total, note: note))
                }
                defer { stdlib.onProgress = { _, _, _ in } }
                return runCell(cell)
            }
            if isInterrupted { break }
            events(.cellFinished(index: cell.index, status: result.status, wallTimeMs: result.wallTimeMs))
            results.append(result)
            afterCell(cell, result)
            if Self.stopsRun(cell, result, keepGoing: options.keepGoing) { stopped = true }
        }
        return results
    }

    /// Whether `cell` ending with `result` keeps the cells after it from running: an unexpected
    /// failure or a timeout does, unless `keepGoing`. A failed check is feedback, not a broken lab:
    /// the cells and checks after it still run.
    static func stopsRun(_ cell: Cell, _ result: CellResult, keepGoing: Bool) -> Bool {
        !keepGoing && cell.options.check == nil && (result.status == .failed || result.status == .timedOut)
    }

    private func runCell(_ cell: Cell) -> CellResult {
        dataFiles.currentCell = cell.index
        if !cell.optionErrors.isEmpty {
            let diagnostics = cell.optionErrors.map(reportDiagnostic)
            return CellResult(status: .failed, diagnostics: diagnostics, highlights: highlights(cell))
        }
        let started = DispatchTime.now().uptimeNanoseconds
        stdlib.beginCell(index: cell.index)
        let limit = cell.options.timeout ?? options.defaultTimeout
        let flags = (interpreter.cancellation, stdlib.cancellation)
        // The time and memory limits stop a cell the same way: both tiers see the flag.
        let cancelCell: @Sendable () -> Void = {
            flags.0.cancel()
            flags.1.cancel()
        }
        let watchdog = Watchdog(seconds: limit, fire: cancelCell)
        let memory = options.maxMemory.map { MemoryWatch(limit: $0, exceeded: cancelCell) }
        var run = interpreter.run(cell.code, sourceID: cell.index)
        // What the cell's tensors kept for reuse goes back now that the cell is done.
        stdlib.context.releaseCachedBlocks()
        watchdog.disarm()
        memory?.stop()
        // A tensor operation stopped by the limit surfaces as an ordinary error; the flag tells.
        if interpreter.cancellation.isCancelled && !run.succeeded { run.cancelled = true }
        // A cell whose last built-in finished after the limit, before anything looked at the flag,
        // still ran too long: it is timed out, not ok.
        if watchdog.fired && run.succeeded {
            run.cancelled = true
            run.succeeded = false
        }
        interpreter.cancellation.reset()
        stdlib.cancellation.reset()
        if run.succeeded, let value = run.lastValue { stdlib.display(value, name: run.lastName) }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        var diagnostics = Self.limited(run.diagnostics).map { mapDiagnostic($0, in: cell) }
        if let memory, memory.fired, !run.succeeded, let budget = options.maxMemory {
            // Stopped for its memory, not its time: failed, with the budget named.
            run.cancelled = false
            diagnostics = memoryDiagnostics(diagnostics, cell: cell, budget: budget)
        }
        if run.cancelled { diagnostics = timeoutDiagnostics(diagnostics, cell: cell, limit: limit) }
        let status = status(of: run, cell: cell, diagnostics: &diagnostics)
        return CellResult(
            status: status, outputs: stdlib.endCell(), diagnostics: diagnostics,
            wallTimeMs: elapsed, highlights: highlights(cell))
    }

    /// Decides a cell's status from how its run ended and what the cell expected.
    private func status(
        of run: CellRun, cell: Cell, diagnostics: inout [ReportDiagnostic]
    ) -> CellStatus {
        if run.cancelled { return .timedOut }
        if cell.options.expectsError {
            if !run.succeeded { return expectedFailure(cell, &diagnostics) }
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

    /// The status of a cell marked `error=expected` that failed: an expected error, unless the
    /// option names text (`error="shapes"`) that no error message of the cell contains.
    private func expectedFailure(_ cell: Cell, _ diagnostics: inout [ReportDiagnostic]) -> CellStatus {
        guard let text = cell.options.expectedErrorText,
              !diagnostics.contains(where: { $0.severity == .error && $0.message.contains(text) }) else {
            return .expectedError
        }
        diagnostics.append(
            ReportDiagnostic(
                severity: .error, message: "cell was marked error=\"\(text)\" but its error says something else",
                line: cell.fenceLine, column: 1,
                hint: "the option expects an error whose message contains '\(text)'"))
        return .failed
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

    /// Replaces the cancellation message of a cell stopped for its memory with one that names the
    /// budget, keeping the place where the cell was stopped.
    private func memoryDiagnostics(_ diagnostics: [ReportDiagnostic], cell: Cell, budget: Int) -> [ReportDiagnostic] {
        [
            ReportDiagnostic(
                severity: .error,
                message: "the lab used more than its memory budget of \(ValueLimits.describe(budget)); the cell was stopped",
                line: diagnostics.first?.line ?? cell.fenceLine, column: diagnostics.first?.column ?? 1,
                hint: "raise the budget with labrun --max-memory, or keep fewer large values alive")
        ]
    }

    /// A cell's diagnostic in lab-file positions: its own location and its trace's each in the cell
    /// their code is in (a function declared in an earlier cell reports inside that cell).
    private func mapDiagnostic(_ d: Diagnostic, in cell: Cell) -> ReportDiagnostic {
        let position = filePosition(SourceLocation(line: d.line, column: d.column, source: d.source), default: cell)
        let calls = d.trace.map { call -> (line: Int, column: Int) in
            let place = filePosition(call, default: cell)
            return (place.line, place.column)
        }
        return ReportDiagnostic(
            severity: d.severity == .error ? .error : .warning, message: d.message,
            line: position.line, column: position.column, hint: d.hint, trace: TraceFrame.folded(calls))
    }

    /// The lab-file position of `location`, in the cell whose code it names (the running cell when
    /// the number is not one of the document's).
    private func filePosition(_ location: SourceLocation, default cell: Cell) -> SourcePosition {
        let owner = document.cells.indices.contains(location.source) ? document.cells[location.source] : cell
        return owner.filePosition(line: location.line, column: location.column)
    }

    private func reportDiagnostic(_ d: MarkdownDiagnostic) -> ReportDiagnostic {
        ReportDiagnostic(
            severity: d.severity == .error ? .error : .warning, message: d.message,
            line: d.position.line, column: d.position.column)
    }

    func highlights(_ cell: Cell) -> [HighlightSpan] {
        interpreter.highlight(cell.code).map { token in
            HighlightSpan(start: token.offset, length: token.length, kind: Self.highlightKind(token.kind))
        }
    }

    /// The report's name for a token class (the language's and the report's kinds are separate
    /// types, so neither module depends on the other).
    static func highlightKind(_ kind: TokenSpan.Kind) -> HighlightSpan.Kind {
        switch kind {
        case .keyword: return .keyword
        case .identifier: return .identifier
        case .number: return .number
        case .string: return .string
        case .comment: return .comment
        case .operator: return .operator
        case .punctuation: return .punctuation
        case .builtin: return .builtin
        }
    }
}

/// A flag set once from any thread.
final class InterruptionFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    func reset() { lock.withLock { value = false } }
    var isSet: Bool { lock.withLock { value } }
}

/// Calls `fire` once after `seconds` unless disarmed first; after `disarm()` returns it never fires.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var armed = true
    private var didFire = false

    init(seconds: Double, fire: @escaping @Sendable () -> Void) {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.lock()
            defer { lock.unlock() }
            if armed {
                didFire = true
                fire()
            }
        }
    }

    /// Whether the limit passed before `disarm()`.
    var fired: Bool { lock.withLock { didFire } }

    func disarm() {
        lock.lock()
        armed = false
        lock.unlock()
    }
}
