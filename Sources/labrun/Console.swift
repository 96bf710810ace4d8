import Foundation
import LabSession

/// Standard error, shared by every thread: whole lines only (concurrent labs never interleave
/// mid-line), and on a terminal one live status line kept below them and rewritten in place.
///
/// Everything written here passes through `TerminalText`, so no control character of a lab (an
/// ESC sequence in a message, a source line or a file name) reaches the terminal. Callers escape
/// lab text themselves where a line's layout depends on it (a caret's column, a table's widths, a
/// line break inside a name); the escape changes nothing already escaped, so this is a last gate.
final class Console: @unchecked Sendable {
    /// The one console of the process.
    static let shared = Console()

    /// Whether standard error is a terminal (live line) rather than a file or pipe (plain lines).
    let isTerminal: Bool
    private let lock = NSLock()
    private var live: String?

    init(isTerminal: Bool = isatty(2) == 1) {
        self.isTerminal = isTerminal
    }

    /// Writes lines (kept together), above the live line if one is shown; a line may hold line
    /// breaks of labrun's own (a diagnostic and its source line).
    func write(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        lock.withLock {
            var text = live == nil ? "" : Console.clearLine
            text += lines.map { TerminalText.escapedKeepingLineBreaks($0) + "\n" }.joined()
            if let live { text += live }
            Console.emit(text)
        }
    }

    /// Shows `text` as the live line (nil removes it); ignored when standard error is not a terminal.
    func setLive(_ text: String?) {
        guard isTerminal else { return }
        // One line: a line break would leave part of it behind when the line is cleared.
        let text = text.map(TerminalText.escaped)
        lock.withLock {
            guard text != live else { return }
            Console.emit(Console.clearLine + (text ?? ""))
            live = text
        }
    }

    /// The terminal's width in columns (80 when it cannot be told).
    var width: Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    private static let clearLine = "\r\u{1B}[K"

    private static func emit(_ text: String) {
        writeAll(Array(text.utf8), to: 2)
    }
}

/// Writes every byte to `fd` with one `write` call where the system allows, retrying interrupted calls.
private func writeAll(_ bytes: [UInt8], to fd: Int32) {
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        offset += n
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    Console.shared.write([text])
}

/// Writes text to standard output (`--help`), control characters escaped as on standard error.
func printOutput(_ text: String) {
    print(TerminalText.escapedKeepingLineBreaks(text))
}
