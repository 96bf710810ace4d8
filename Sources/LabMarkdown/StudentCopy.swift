/// The student's copy of an exercise lab (`labrun --student`): each `// BEGIN SOLUTION` …
/// `// END SOLUTION` region becomes one `todo()` line at the marker's indentation, each `solution`
/// cell a cell holding only `todo()` (its fence keeps every other option), and each `check=hidden`
/// cell is left out. Every other line stays byte for byte as written, line endings included.
public enum StudentCopy {
    /// The copy of `document`'s source.
    public static func text(of document: LabDocument) -> String {
        var lines = SourceLines(document.source)
        // From the last cell up, so earlier line numbers stay valid while later lines change.
        for cell in document.cells.reversed() {
            if cell.options.check == .hidden {
                // With the blank line after it when one is before it too, so no double gap is left.
                let end = max(cell.fenceLine, cell.endLine)
                let gapAfter = lines.isBlank(end + 1) && (cell.fenceLine == 1 || lines.isBlank(cell.fenceLine - 1))
                lines.replace(cell.fenceLine...(gapAfter ? end + 1 : end), with: [])
            } else if cell.options.solution {
                replaceSolutionCell(cell, in: &lines)
            } else {
                for region in cell.solutionRegions.reversed() {
                    let first = cell.firstCodeLine + region.begin
                    let prefix = String(lines.text(of: first).prefix(offset(cell, region.begin)))
                    lines.replace(first...(cell.firstCodeLine + region.end),
                                  with: [prefix + region.indentation + "todo()" + lines.terminator(of: first)])
                }
            }
        }
        return lines.joined
    }

    /// The fence without the `solution` option, then one `todo()` line where the code was.
    private static func replaceSolutionCell(_ cell: Cell, in lines: inout SourceLines) {
        let fence = lines.text(of: cell.fenceLine)
        let codeLines = cell.columnOffsets.count
        let prefix: String
        if codeLines > 0 {
            prefix = String(lines.text(of: cell.firstCodeLine).prefix(offset(cell, 0)))
        } else {
            prefix = String(fence.prefix { $0 != "`" && $0 != "~" })
        }
        let todo = prefix + "todo()" + lines.terminator(of: cell.fenceLine)
        let code = codeLines > 0 ? cell.firstCodeLine...(cell.firstCodeLine + codeLines - 1) : nil
        if let code {
            lines.replace(code, with: [todo])
        } else {
            lines.insert(todo, after: cell.fenceLine)
        }
        lines.replace(cell.fenceLine...cell.fenceLine,
                      with: [withoutSolutionOption(fence) + lines.terminator(of: cell.fenceLine)])
    }

    private static func offset(_ cell: Cell, _ codeLine: Int) -> Int {
        codeLine < cell.columnOffsets.count ? cell.columnOffsets[codeLine] : 0
    }

    /// The fence line with its `solution` (or `solution=…`) word and the blanks before it removed.
    static func withoutSolutionOption(_ fence: String) -> String {
        let characters = Array(fence)
        var index = 0
        while index < characters.count, characters[index] != "`", characters[index] != "~" { index += 1 }
        let mark = index < characters.count ? characters[index] : "`"
        while index < characters.count, characters[index] == mark { index += 1 }
        let words = CellExtractor.words(in: characters[index...])
        guard let word = words.first(where: { $0.text == "solution" || $0.text.hasPrefix("solution=") }) else {
            return fence
        }
        var start = word.column - 1
        while start > 0, characters[start - 1] == " " || characters[start - 1] == "\t" { start -= 1 }
        return String(characters[..<start]) + String(characters[(word.column - 1 + word.text.count)...])
    }
}

/// A text as lines that keep their own terminators (`\n`, `\r\n`, `\r`, as CommonMark counts
/// lines), so that putting them back together gives the text byte for byte.
struct SourceLines {
    private var lines: [(text: String, terminator: String)]

    init(_ source: String) {
        lines = []
        let bytes = Array(source.utf8)
        var start = 0, index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                index += 1
                continue
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                lines.append((text, "\r\n"))
                index += 2
            } else {
                lines.append((text, byte == UInt8(ascii: "\n") ? "\n" : "\r"))
                index += 1
            }
            start = index
        }
        if start < bytes.count { lines.append((String(decoding: bytes[start...], as: UTF8.self), "")) }
    }

    /// Line `number` (1-based) without its terminator; "" past the end.
    func text(of number: Int) -> String { number >= 1 && number <= lines.count ? lines[number - 1].text : "" }

    /// Whether line `number` exists and holds only spaces and tabs.
    func isBlank(_ number: Int) -> Bool {
        number >= 1 && number <= lines.count && lines[number - 1].text.allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// The terminator of line `number`, or "\n" for a last line without one.
    func terminator(of number: Int) -> String {
        let own = number >= 1 && number <= lines.count ? lines[number - 1].terminator : ""
        return own.isEmpty ? "\n" : own
    }

    /// Replaces lines `range` (1-based, inclusive; clamped to the text) by `replacement`, each
    /// element a whole line with its terminator.
    mutating func replace(_ range: ClosedRange<Int>, with replacement: [String]) {
        let low = max(1, range.lowerBound), high = min(lines.count, range.upperBound)
        guard low <= high else { return }
        lines.replaceSubrange((low - 1)..<high, with: replacement.map { (text: $0, terminator: "") })
    }

    /// Inserts a whole line (with its terminator) after line `number`.
    mutating func insert(_ line: String, after number: Int) {
        lines.insert((text: line, terminator: ""), at: min(max(0, number), lines.count))
    }

    var joined: String { lines.map { $0.text + $0.terminator }.joined() }
}
