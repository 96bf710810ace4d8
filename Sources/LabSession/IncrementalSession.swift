import Foundation
import LabLanguage
import LabMarkdown
import LabReport
import LabStdlib

/// Reruns a lab as it is edited (watch mode): from the first changed cell only, restoring the
/// session state saved after the cell before it.
///
/// A change to prose alone reruns nothing; results of unchanged cells are kept (their diagnostics
/// moved with the cell when lines above it were added or removed). When the state after a cell could
/// not be saved faithfully (a tensor inside a recorded graph, a native without snapshot support),
/// the rerun starts from the nearest earlier cell whose state was saved, or from the beginning.
public final class IncrementalSession: @unchecked Sendable {
    /// What one update did.
    public struct Outcome: Sendable {
        /// The lab's report: reused results of unchanged cells and the results of the cells rerun.
        public var report: Report
        /// The indices of the cells that ran in this update, in order.
        public var cellsRun: [Int]
        /// True when `interrupt()` stopped the update; its report is incomplete and must not be written.
        public var interrupted: Bool
        /// The data files (absolute paths) the lab's cells asked for so far: the files to watch.
        public var dataFiles: [String]
        /// The image files (absolute paths, found or not) the prose shows: a change to one needs only
        /// a new report, no cell rerun.
        public var imageFiles: [String]
        /// The files the report was made from, which no report may replace (`ReportWriter`'s
        /// `protecting`).
        public var inputs: [RunInput]
        /// True for the session's first update (every cell ran for the first time).
        public var isFirstRun = false
    }

    private let options: SessionOptions
    private let labDirectory: URL?
    private var session: LabSession?
    private var initialState: SavedState?
    private var completed: [CompletedCell] = []
    private let lock = NSLock()
    private var running: LabSession?

    /// A session for labs whose data paths are relative to `labDirectory` (by default the lab's folder).
    public init(options: SessionOptions = SessionOptions(), labDirectory: URL? = nil) {
        self.options = options
        self.labDirectory = labDirectory
    }

    /// Brings the results up to date with `document`. `changedDataFiles` are absolute paths of data
    /// files that changed since the last update; cells from the first one that read them rerun too,
    /// and so do the cells from `rerunFrom` (0-based) on, changed or not.
    public func update(
        to document: LabDocument, changedDataFiles: Set<String> = [], rerunFrom: Int? = nil,
        events: @escaping @Sendable (SessionEvent) -> Void = { _ in }
    ) -> Outcome {
        let isFirstRun = self.session == nil
        let session = prepareSession(for: document)
        var start = min(firstChangedCell(in: document.cells), max(rerunFrom ?? .max, 0))
        if let reader = session.dataFiles.firstReader(of: changedDataFiles) { start = min(start, reader) }
        let stopped = completed.prefix(start).contains { $0.stopsRun(keepGoing: options.keepGoing) }
        // Rerunning from `start` needs the state after the cell before it; when that could not be
        // saved, from the nearest earlier cell whose state was. (Nothing to rerun, nothing to back up:
        // a prose edit reran every cell after the last faithful snapshot.)
        if !stopped && start < document.cells.count {
            while start > 0 && completed[start - 1].state?.isComplete != true { start -= 1 }
        }
        let reused = zip(completed.prefix(start), document.cells).map { old, cell in old.result(movedTo: cell) }
        completed.removeSubrange(start...)
        session.dataFiles.forget(from: start)
        if !stopped, let state = start == 0 ? initialState : completed[start - 1].state {
            state.restore(into: session)
        }
        var cellsRun: [Int] = []
        let fresh = session.onSessionThread { [self] in
            session.runCells(document.cells[start...], stopped: stopped, events: events) { cell, result in
                cellsRun.append(cell.index)
                let previous = completed.last?.state ?? initialState
                completed.append(
                    CompletedCell(cell: cell, result: result, state: SavedState(of: session, after: previous)))
            }
        }
        lock.withLock { running = nil }
        let (report, imageFiles) = session.reportAndImageFiles(cells: reused + fresh)
        return Outcome(
            report: report, cellsRun: cellsRun, interrupted: session.isInterrupted,
            dataFiles: session.dataFiles.paths, imageFiles: imageFiles, inputs: session.inputs,
            isFirstRun: isFirstRun)
    }

    /// Stops a running update from another thread; it returns soon with `interrupted` set.
    public func interrupt() {
        lock.withLock { running }?.interrupt()
    }

    /// The session, made on first use (saving the fresh state), pointed at `document`.
    private func prepareSession(for document: LabDocument) -> LabSession {
        let session: LabSession
        if let existing = self.session {
            session = existing
            session.document = document
            session.clearInterruption()
        } else {
            session = LabSession(document: document, options: options, labDirectory: labDirectory)
            self.session = session
            initialState = session.onSessionThread { SavedState(of: session, after: nil) }
        }
        lock.withLock { running = session }
        return session
    }

    /// The index of the first cell that differs from the one that ran at its place (or that never ran).
    private func firstChangedCell(in cells: [Cell]) -> Int {
        var index = 0
        while index < min(cells.count, completed.count) && completed[index].key == CellKey(cells[index]) {
            index += 1
        }
        return index
    }
}

/// What decides a cell's result: its code, its options, and where its lines start.
struct CellKey: Equatable {
    let code: String
    let infoString: String
    let columnOffsets: [Int]

    init(_ cell: Cell) {
        code = cell.code
        infoString = cell.infoString
        columnOffsets = cell.columnOffsets
    }
}

/// A cell that ran, its result and the session state right after it.
struct CompletedCell {
    let key: CellKey
    let fenceLine: Int
    let result: CellResult
    let state: SavedState?
    /// The cell as it ran (for `LabSession.stopsRun`).
    let cell: Cell

    init(cell: Cell, result: CellResult, state: SavedState?) {
        key = CellKey(cell)
        fenceLine = cell.fenceLine
        self.result = result
        self.state = state
        self.cell = cell
    }

    /// Whether this result stops later cells from running.
    func stopsRun(keepGoing: Bool) -> Bool {
        LabSession.stopsRun(cell, result, keepGoing: keepGoing)
    }

    /// The result with its diagnostics moved to where the same cell now starts.
    func result(movedTo cell: Cell) -> CellResult {
        let shift = cell.fenceLine - fenceLine
        var moved = result
        moved.diagnostics = moved.diagnostics.map { d in
            var d = d
            d.line += shift
            return d
        }
        return moved
    }
}

/// A session's interpreter globals and tensor state at one moment.
struct SavedState {
    let interpreter: InterpreterSnapshot
    let stdlib: StdlibSnapshot

    var isComplete: Bool { interpreter.isComplete }

    init(of session: LabSession, after previous: SavedState?) {
        interpreter = session.interpreter.snapshot(after: previous?.interpreter)
        stdlib = session.stdlib.snapshot()
    }

    func restore(into session: LabSession) {
        session.interpreter.restore(interpreter)
        session.stdlib.restore(stdlib)
    }
}
