/// A lab's bytes made ready for cmark: BOM removed, invalid UTF-8 replaced, lines located.
///
/// Also converts cmark's byte columns into the character columns that diagnostics use.
struct SourceText {
    /// The repaired text.
    let text: String
    /// The repaired text's UTF-8, which is what cmark parses, so cmark's positions index it.
    let bytes: [UInt8]
    /// Lines without their terminators (`\n`, `\r\n` or a lone `\r`, as in CommonMark).
    let lines: [String]
    /// Where the first invalid byte of the original input was, if any.
    let firstInvalidByte: SourcePosition?
    private let lineRanges: [Range<Int>]

    init(bytes input: [UInt8]) {
        let raw = Self.withoutByteOrderMark(input)
        // Swift's repair replaces each maximal invalid subsequence by one U+FFFD, as Unicode recommends.
        let text = String(decoding: raw, as: UTF8.self)
        let bytes = Array(text.utf8)
        let ranges = Self.lineRanges(of: bytes)
        self.text = text
        self.bytes = bytes
        self.lineRanges = ranges
        // cmark reads a NUL as U+FFFD, so the cells' code (and its messages) has U+FFFD; the lines
        // shown under a message must say the same (one character each, so columns agree).
        self.lines = ranges.map { range in
            let line = String(decoding: bytes[range], as: UTF8.self)
            return line.contains("\0") ? line.replacingOccurrences(of: "\0", with: "\u{FFFD}") : line
        }
        self.firstInvalidByte = Self.firstInvalidOffset(in: raw).map { Self.position(ofOffset: $0, in: raw) }
    }

    /// The text of 1-based `line`, or nil when the line does not exist.
    func line(_ line: Int) -> String? {
        line >= 1 && line <= lines.count ? lines[line - 1] : nil
    }

    /// cmark's positions of a node as a character range.
    ///
    /// cmark ends a block that a later line closed at column 0 of that later line; such an end is
    /// moved to the end of the line before, so a range never reaches past the block's own text.
    func range(from start: MarkdownNode.RawPosition, to end: MarkdownNode.RawPosition) -> SourceRange {
        var endLine = end.line
        var endColumn = self.endColumn(line: end.line, byteColumn: end.byteColumn)
        if end.byteColumn == 0 && end.line > start.line {
            endLine -= 1
            endColumn = line(endLine)?.count ?? 0
        }
        return SourceRange(
            start: SourcePosition(line: start.line, column: startColumn(line: start.line, byteColumn: start.byteColumn)),
            end: SourcePosition(line: endLine, column: endColumn))
    }

    /// The character column of the character that starts at cmark byte column `byteColumn`.
    func startColumn(line: Int, byteColumn: Int) -> Int {
        byteColumn <= 0 ? byteColumn : characters(inFirst: byteColumn - 1, bytesOf: line) + 1
    }

    /// The character column of the character that contains (inclusive) byte column `byteColumn`.
    func endColumn(line: Int, byteColumn: Int) -> Int {
        byteColumn <= 0 ? byteColumn : characters(inFirst: byteColumn, bytesOf: line)
    }

    /// Counts characters in the first `count` bytes of a line; bytes past its end count one each.
    private func characters(inFirst count: Int, bytesOf line: Int) -> Int {
        guard line >= 1 && line <= lineRanges.count else { return count }
        let range = lineRanges[line - 1]
        let inside = min(count, range.count)
        let prefix = bytes[range.lowerBound..<(range.lowerBound + inside)]
        let counted = prefix.allSatisfy { $0 < 0x80 } ? inside : String(decoding: prefix, as: UTF8.self).count
        return counted + (count - inside)
    }

    private static func withoutByteOrderMark(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    }

    /// Byte ranges of the lines, split at `\n`, `\r\n` and lone `\r`; a final terminator ends the last line.
    private static func lineRanges<C: Collection<UInt8>>(of bytes: C) -> [Range<Int>] where C.Index == Int {
        var ranges: [Range<Int>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            guard byte == 0x0A || byte == 0x0D else { continue }
            ranges.append(start..<(index - 1))
            if byte == 0x0D && index < bytes.endIndex && bytes[index] == 0x0A { index += 1 }
            start = index
        }
        if start < bytes.endIndex { ranges.append(start..<bytes.endIndex) }
        return ranges
    }

    /// Index of the first byte that does not belong to valid UTF-8.
    private static func firstInvalidOffset(in bytes: ArraySlice<UInt8>) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = bytes.startIndex
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// Line and character column of a byte offset whose line prefix is valid UTF-8.
    private static func position(ofOffset offset: Int, in bytes: ArraySlice<UInt8>) -> SourcePosition {
        let ranges = lineRanges(of: bytes)
        let index = ranges.lastIndex { $0.lowerBound <= offset } ?? 0
        let lineStart = ranges.isEmpty ? bytes.startIndex : ranges[index].lowerBound
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        return SourcePosition(line: index + 1, column: column)
    }
}
