import Dispatch
import Foundation
import LabSession

/// How progress is shown: a live line on a terminal, plain lines in logs, or nothing.
enum ProgressStyle {
    case live, plain, none
}

/// Turns one lab's session events into progress output on the console.
final class ProgressReporter: @unchecked Sendable {
    /// The fence line of each cell, from `.labStarted`.
    private var cellLines: [Int] = []
    private let style: ProgressStyle
    private let label: String?
    private let board: LiveBoard
    private let console: Console

    /// `label` prefixes each line (the lab's path when several labs run).
    init(style: ProgressStyle, label: String?, board: LiveBoard, console: Console = .shared) {
        self.style = style
        // A lab's path: escaped here, before any width is measured from it.
        self.label = label.map(TerminalText.escaped)
        self.board = board
        self.console = console
    }

    /// Handles one event; called on the session's thread.
    func handle(_ event: SessionEvent) {
        switch (style, event) {
        case (_, .labStarted(let lines)):
            cellLines = lines
        case (.plain, .cellFinished(let index, let status, let ms)):
            console.write([prefixed(plainLine(index: index, status: status, ms: ms))])
        case (.live, .cellStarted(let index, let count, let firstLine)):
            board.start(
                key: ObjectIdentifier(self), label: label, position: "[\(index + 1)/\(count)]",
                firstLine: TerminalText.escaped(firstLine))
        case (.live, .cellProgress(_, let step, let total, let note)):
            board.progress(key: ObjectIdentifier(self), text: Self.progressText(step: step, total: total, note: note))
        case (.live, .cellFinished):
            board.finish(key: ObjectIdentifier(self))
        default:
            break
        }
    }

    /// `epoch 120/5000`: the note names the unit (`train` says "epoch"); it was shown alone before,
    /// without the count.
    static func progressText(step: Int, total: Int, note: String) -> String {
        "\(note.isEmpty ? "step" : note) \(step)/\(total)"
    }

    /// `[2/7] cell 2 (line 31) ok 0.12 s`
    func plainLine(index: Int, status: some RawRepresentable<String>, ms: Double) -> String {
        let line = index < cellLines.count ? cellLines[index] : 0
        let seconds = String(format: "%.2f", ms / 1000)
        return "[\(index + 1)/\(cellLines.count)] cell \(index + 1) (line \(line)) \(status.rawValue) \(seconds) s"
    }

    private func prefixed(_ text: String) -> String {
        label.map { "\($0): \(text)" } ?? text
    }
}

/// The live line of a terminal: the cell running most recently started, its elapsed time and any
/// progress inside it, refreshed a few times a second.
final class LiveBoard: @unchecked Sendable {
    private struct Entry {
        var label: String?
        var position: String
        var firstLine: String
        var started: DispatchTime
        var progress: String?
    }

    private let console: Console
    private let lock = NSLock()
    private var entries: [ObjectIdentifier: Entry] = [:]
    private var latest: ObjectIdentifier?
    private var timer: DispatchSourceTimer?

    init(console: Console = .shared) {
        self.console = console
    }

    func start(key: ObjectIdentifier, label: String?, position: String, firstLine: String) {
        lock.withLock {
            entries[key] = Entry(label: label, position: position, firstLine: firstLine, started: .now())
            latest = key
            startTimerIfNeeded()
        }
        refresh()
    }

    func progress(key: ObjectIdentifier, text: String) {
        lock.withLock { entries[key]?.progress = text }
        refresh()
    }

    func finish(key: ObjectIdentifier) {
        lock.withLock {
            entries[key] = nil
            if latest == key { latest = entries.keys.first }
            if entries.isEmpty {
                timer?.cancel()
                timer = nil
            }
        }
        refresh()
    }

    /// Redraws the live line from the current entries.
    func refresh() {
        let text: String? = lock.withLock {
            guard let key = latest, let entry = entries[key] else { return nil }
            return LiveBoard.render(entry, others: entries.count - 1, width: console.width)
        }
        console.setLive(text)
    }

    private func startTimerIfNeeded() {
        guard timer == nil else { return }
        let source = DispatchSource.makeTimerSource(queue: .global())
        source.schedule(deadline: .now() + 0.25, repeating: 0.25)
        source.setEventHandler { [weak self] in self?.refresh() }
        source.resume()
        timer = source
    }

    private static func render(_ entry: Entry, others: Int, width: Int) -> String {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - entry.started.uptimeNanoseconds) / 1e9
        var head = [entry.label, entry.position, String(format: "%.1f s", elapsed), entry.progress]
            .compactMap { $0 }.joined(separator: " ")
        if others > 0 { head += " (+\(others) running)" }
        let line = head + "  " + entry.firstLine.trimmingCharacters(in: .whitespaces)
        return truncate(line, to: max(width - 1, 10))
    }

    /// `text` cut to `width` characters, ending with an ellipsis when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}
