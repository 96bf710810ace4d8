/// A cell together with what the document-wide checks (unique ids) need to know about it.
struct ExtractedCell {
    var cell: Cell
    /// Column of the cell's `id=` option, if it has a valid one.
    var idColumn: Int?

    /// Adds an option error at `column` of the fence line.
    mutating func reject(_ problem: CellOptionProblem, at column: Int) {
        let position = SourcePosition(line: cell.fenceLine, column: column)
        cell.optionErrors.append(MarkdownDiagnostic(severity: .error, message: problem.message, position: position))
    }
}

/// Builds a `Cell` from a `swift-lab` code block: its code, options and lab-file positions.
struct CellExtractor {
    let source: SourceText

    func cell(from node: MarkdownNode, index: Int, container: CellContainer) -> ExtractedCell {
        let fenceLine = node.start.line
        let code = Self.code(fromLiteral: node.literal)
        let codeLines = code.isEmpty ? [] : code.split(separator: "\n", omittingEmptySubsequences: false)
        var offsets: [Int] = []
        for (number, codeLine) in codeLines.enumerated() {
            offsets.append(columnOffset(of: codeLine, onLine: fenceLine + 1 + number))
        }
        let parsed = CellOptionsParser.parse(infoWords(of: node).dropFirst())
        let cell = Cell(
            index: index, code: code, infoString: node.info, options: parsed.options, optionErrors: [],
            fenceLine: fenceLine, firstCodeLine: fenceLine + 1,
            endLine: max(fenceLine, source.range(from: node.start, to: node.end).end.line),
            columnOffsets: offsets, container: container)
        var extracted = ExtractedCell(cell: cell, idColumn: parsed.idColumn)
        for (problem, column) in parsed.problems {
            extracted.reject(problem, at: column)
        }
        let markers = SolutionMarkers.find(in: codeLines)
        extracted.cell.solutionRegions = markers.regions
        for (message, line, column) in markers.problems {
            let position = cell.filePosition(line: line + 1, column: column)
            extracted.cell.optionErrors.append(MarkdownDiagnostic(severity: .error, message: message, position: position))
        }
        return extracted
    }

    /// cmark's literal ends every line with a newline; the cell's code has none at the end.
    static func code(fromLiteral literal: String) -> String {
        // cmark keeps a CRLF lab's `\r` in code; Swift sees "\r\n" as one Character, so normalize first.
        var code = literal.replacingCRLF()
        if code.hasSuffix("\n") { code.removeLast() }
        return code
    }

    /// How many characters stand before `codeLine` on its lab-file line (container markers, indentation).
    ///
    /// Usually the code line is a suffix of the file line. When cmark split a tab while removing a
    /// container's indentation it hands over spaces instead, so then match from the first non-blank
    /// character, which is where any diagnostic column worth mapping lies.
    func columnOffset(of codeLine: Substring, onLine lineNumber: Int) -> Int {
        guard let line = source.line(lineNumber) else { return 0 }
        if line.hasSuffix(codeLine) { return line.count - codeLine.count }
        let text = codeLine.drop { $0 == " " || $0 == "\t" }
        guard line.hasSuffix(text) else { return 0 }
        return max(0, line.count - text.count - (codeLine.count - text.count))
    }

    /// The info string's words with their lab-file columns.
    ///
    /// cmark's info string has no position (and has escapes and entities resolved), so the words
    /// are read again from the fence line; if they differ from cmark's, cmark's words are used, all
    /// placed at the fence's column.
    func infoWords(of node: MarkdownNode) -> [InfoWord] {
        let fenceLine = node.start.line
        let fenceColumn = source.startColumn(line: fenceLine, byteColumn: node.start.byteColumn)
        let fallback = Self.words(in: Array(node.info)[...]).map { InfoWord(text: $0.text, column: fenceColumn) }
        guard let line = source.line(fenceLine) else { return fallback }
        let characters = Array(line)
        var index = min(max(0, fenceColumn - 1), characters.count)
        while index < characters.count && characters[index] != "`" && characters[index] != "~" { index += 1 }
        guard index < characters.count else { return fallback }
        let fence = characters[index]
        while index < characters.count && characters[index] == fence { index += 1 }
        let words = Self.words(in: characters[index...])
        return words.map(\.text) == fallback.map(\.text) ? words : fallback
    }

    /// Words separated by spaces and tabs, except inside double quotes (`error="bad shapes"` is one
    /// word); a word's column is its 1-based index in the full line.
    static func words(in characters: ArraySlice<Character>) -> [InfoWord] {
        var words: [InfoWord] = []
        var index = characters.startIndex
        while index < characters.endIndex {
            guard characters[index] != " " && characters[index] != "\t" else {
                index += 1
                continue
            }
            let start = index
            var quoted = false
            while index < characters.endIndex && (quoted || (characters[index] != " " && characters[index] != "\t")) {
                if characters[index] == "\"" { quoted.toggle() }
                index += 1
            }
            words.append(InfoWord(text: String(characters[start..<index]), column: start + 1))
        }
        return words
    }
}

extension String {
    /// Line terminators `\r\n` and lone `\r` turned into `\n`, as CommonMark treats them alike.
    func replacingCRLF() -> String {
        guard unicodeScalars.contains("\r") else { return self }
        var result = ""
        result.unicodeScalars.reserveCapacity(unicodeScalars.count)
        var previousWasCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                result.unicodeScalars.append("\n")
                previousWasCR = true
                continue
            }
            if !(scalar == "\n" && previousWasCR) { result.unicodeScalars.append(scalar) }
            previousWasCR = false
        }
        return result
    }
}
