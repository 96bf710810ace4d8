import CSV
import Foundation

/// Reads a CSV file of the lab into a frame.
///
/// `path` is relative to `labDirectory` and must stay inside it once `..` and links are resolved.
/// The first non-blank line is the header (a nameless column is called `Unnamed: i`, 0-based, as
/// pandas does); blank lines are skipped; fields may be quoted (`"a, b"`, `""` for a quote) but may
/// not span lines. A column is numbers when every cell parses as a number, else text.
/// Errors name the file, line and field: missing or empty file, ragged row, repeated header name,
/// a quote not closed on its line, text after a closing quote.
///
/// `isCancelled` is asked every few thousand rows; when it says yes (a cell's time limit passed),
/// reading stops with an error.
public func readCSV(path: String, labDirectory: URL, isCancelled: () -> Bool = { false }) throws -> Frame {
    let resolved = try resolveInsideLab(path, labDirectory: labDirectory)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
        throw missingFile(path, resolved: resolved)
    }
    guard !isDirectory.boolValue else { throw DataError("readCSV: '\(path)' is a folder, not a file") }
    let data: Data
    do {
        data = try Data(contentsOf: URL(fileURLWithPath: resolved))
    } catch {
        throw DataError("the file cannot be read (\(error.localizedDescription))", file: path)
    }
    guard var text = String(data: data, encoding: .utf8) else {
        throw DataError("the file is not UTF-8 text", file: path)
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    return try parseCSV(text, file: path, isCancelled: isCancelled)
}

/// Parses CSV text into a frame; `file` is the name errors use.
///
/// Why yaslab/CSV.swift and not swiftcsv/SwiftCSV: errors here must name the line and the field.
/// CSV.swift hands out one row at a time from an iterator, so we stop at the first bad row knowing
/// its line, and it returns fields exactly as written. SwiftCSV parses the whole text up front, throws
/// its quote errors without any position, pads short rows with empty cells (hiding a ragged row),
/// drops leading spaces in fields, and loses an empty last field when the file does not end in a
/// newline. CSV.swift's weakness is leniency about quotes (a missing closing quote runs the field on
/// into the next lines; `"ab"c` becomes `ab"`); `checkQuotes` catches both, at their line and field.
func parseCSV(_ text: String, file: String, isCancelled: () -> Bool = { false }) throws -> Frame {
    let reader = try CSVReader(string: text, hasHeaderRow: false)
    var header: [String]?
    var cells: [[String]] = []
    var lines: [Int] = []
    var line = 0
    let rawLines = text.contains("\"") ? splitLines(text) : []
    // Every row the reader returns ends at exactly one line break, because fields spanning lines
    // are rejected before any later row is read; so the line number is the count of rows so far.
    while let row = reader.next() {
        line += 1
        if line % 4096 == 0, isCancelled() {
            throw DataError("reading stopped: the cell ran out of time", file: file, line: line)
        }
        if row == [""] { continue }
        if line <= rawLines.count {
            try checkQuotes(rawLines[line - 1], at: Position(file: file, line: line, header: header))
        }
        try checkSingleLine(row, at: Position(file: file, line: line, header: header))
        guard let names = header else {
            header = try headerNames(row, line: line, file: file)
            cells = Array(repeating: [], count: row.count)
            continue
        }
        guard row.count == names.count else {
            throw DataError("row has \(row.count) fields, the header has \(names.count)", file: file, line: line)
        }
        for (column, field) in row.enumerated() { cells[column].append(field) }
        lines.append(line)
    }
    guard let names = header else {
        throw DataError("the file is empty; readCSV needs a header row of column names", file: file)
    }
    let origin = Origin(file: file, lines: lines)
    let columns = zip(names, cells).map { Column(name: $0, cells: $1, origin: origin) }
    return Frame(checked: columns, count: lines.count)
}

/// The header's names; a repeated name is an error at the second one.
private func headerNames(_ row: [String], line: Int, file: String) throws -> [String] {
    let names = row.enumerated().map { $1.isEmpty ? "Unnamed: \($0)" : $1 }
    var firstColumn: [String: Int] = [:]
    for (index, name) in names.enumerated() {
        if let earlier = firstColumn[name] {
            throw DataError(
                "column \(index + 1) repeats the name '\(name)' of column \(earlier + 1); column names must differ",
                file: file, line: line, column: index + 1)
        }
        firstColumn[name] = index
    }
    return names
}

/// Where a field is, for messages: the file, the line and the header (when read).
private struct Position {
    var file: String
    var line: Int
    var header: [String]?

    /// "field 2 'b'" (1-based), or "field 2" while the header is being read.
    func field(_ number: Int) -> String {
        guard let header, number >= 1, number <= header.count else { return "field \(number)" }
        return "field \(number) '\(header[number - 1])'"
    }

    func error(_ message: String, field number: Int) -> DataError {
        DataError("\(field(number)) \(message)", file: file, line: line, column: number)
    }
}

/// A field with a line break in it is almost always a missing closing quote, so it is an error here.
/// (`checkQuotes` finds that first when it can see the line; this is the guard for the rest.)
private func checkSingleLine(_ row: [String], at position: Position) throws {
    guard let index = row.firstIndex(where: { $0.contains("\n") || $0.contains("\r") }) else { return }
    throw position.error("runs on past the end of the line; is a closing quote missing?", field: index + 1)
}

/// The text's lines, split where CSV.swift ends a row: at `\n`, `\r` or `\r\n`.
private func splitLines(_ text: String) -> [Substring] {
    text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
}

/// Checks that every quoted field of a raw line ends on that line at a closing quote followed by a
/// comma or the line's end (`""` inside is a quote).
private func checkQuotes(_ raw: Substring, at position: Position) throws {
    var field = 1
    var atFieldStart = true
    var index = raw.startIndex
    while index < raw.endIndex {
        let character = raw[index]
        if atFieldStart && character == "\"" {
            index = try closingQuote(in: raw, after: index, field: field, at: position)
        } else if character == "," {
            field += 1
            atFieldStart = true
        } else {
            atFieldStart = false
        }
        if index < raw.endIndex { index = raw.index(after: index) }
    }
}

/// The index of a quoted field's closing quote when a comma follows, or the line's end.
private func closingQuote(in raw: Substring, after open: String.Index, field: Int, at position: Position) throws -> String.Index {
    var index = raw.index(after: open)
    while index < raw.endIndex {
        let next = raw.index(after: index)
        if raw[index] == "\"" {
            if next < raw.endIndex && raw[next] == "\"" {
                index = raw.index(after: next)
                continue
            }
            guard next == raw.endIndex || raw[next] == "," else {
                throw position.error("has text after its closing quote", field: field)
            }
            return next == raw.endIndex ? next : index
        }
        index = next
    }
    throw position.error("has no closing quote on this line", field: field)
}

/// "No such file", with a did-you-mean from the files beside where it was looked for.
private func missingFile(_ path: String, resolved: String) -> DataError {
    let url = URL(fileURLWithPath: resolved)
    let folder = url.deletingLastPathComponent().path
    let siblings = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    var message = "readCSV: no file '\(path)' in the lab's folder"
    if let suggestion = closestName(to: url.lastPathComponent, among: siblings.sorted()) {
        let shown = (path as NSString).deletingLastPathComponent
        message += "; did you mean '\(shown.isEmpty ? suggestion : shown + "/" + suggestion)'?"
    }
    return DataError(message)
}
