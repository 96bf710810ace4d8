import Foundation

/// Reads a lab (CommonMark with `swift-lab` cells) into a `LabDocument`.
///
/// - Any bytes parse. A UTF-8 byte order mark is dropped; invalid UTF-8 is replaced by U+FFFD and
///   reported once, as a warning at the first invalid byte. `\n`, `\r\n` and `\r` all end lines.
/// - A cell is a *fenced* code block (backticks or tildes, any fence length) whose info string's first
///   word is exactly `swift-lab`. Indented code and fences of other languages stay prose.
/// - Cells inside list items and block quotes are cells like any other: they run in document order
///   with the rest, and `Cell.columnOffsets` maps their columns past the container markers.
/// - Option errors stay on their cell (`Cell.optionErrors`); `LabDocument.diagnostics` holds problems
///   of the lab as a whole.
public enum LabParser {
    /// Containers nested deeper than this keep only their text (with a warning), which bounds recursion.
    public static let maxNestingDepth = 100

    /// Parses a lab from raw bytes; never fails.
    public static func parse(bytes: [UInt8], path: String) -> LabDocument {
        let source = SourceText(bytes: bytes)
        var math = MathExtractor()
        let prose = math.protect(source.text)
        let tree = CommonMarkConverter.convert(Array(prose.utf8), maxDepth: maxNestingDepth)
        var builder = DocumentBuilder(source: source, math: math)
        let blocks = builder.blocks(of: tree.root.children.map(math.restoringLiterals), in: .document)
        var diagnostics: [MarkdownDiagnostic] = []
        let flattenedAt = tree.flattenedAt.map {
            SourcePosition(line: $0.line, column: max(1, source.startColumn(line: $0.line, byteColumn: $0.byteColumn)))
        }
        if let position = source.firstInvalidByte {
            diagnostics.append(
                MarkdownDiagnostic(
                    severity: .warning, message: "lab is not valid UTF-8; invalid bytes were replaced by U+FFFD",
                    position: position))
        }
        if let position = flattenedAt {
            diagnostics.append(
                MarkdownDiagnostic(
                    severity: .warning,
                    message: "Markdown nested more than \(maxNestingDepth) levels deep; deeper content is kept as plain text",
                    position: position))
        }
        return LabDocument(
            path: path, source: source.text, sourceLines: source.lines, blocks: blocks, cells: builder.cells,
            diagnostics: diagnostics, formulas: builder.formulas, flattenedAt: flattenedAt)
    }

    /// Parses a lab from text.
    public static func parse(text: String, path: String) -> LabDocument {
        parse(bytes: Array(text.utf8), path: path)
    }

    /// Reads and parses the lab file at `path`.
    /// - Throws: `LabFileError` when the file is missing, a directory, or unreadable.
    public static func parse(contentsOfFile path: String) throws -> LabDocument {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LabFileError(path: path, reason: .notFound)
        }
        guard !isDirectory.boolValue else { throw LabFileError(path: path, reason: .isDirectory) }
        // A FIFO would block the read; a device is no lab.
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw LabFileError(path: path, reason: .notARegularFile)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LabFileError(path: path, reason: .unreadable(Self.systemMessage(error)))
        }
        return parse(bytes: [UInt8](data), path: path)
    }

    /// The system's own words for a failed read ("Permission denied"), without Foundation's domain
    /// and code when the underlying POSIX error is known.
    public static func systemMessage(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
            let posix = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(posix.rawValue))
        }
        return ns.localizedDescription
    }
}

/// A lab file that could not be read.
public struct LabFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case notFound
        case isDirectory
        /// A FIFO, a device or a socket.
        case notARegularFile
        /// The file exists but reading failed; the system's explanation.
        case unreadable(String)
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// For example: `cannot read lab 'labs/x.md': no such file`.
    public var description: String {
        switch reason {
        case .notFound: return "cannot read lab '\(path)': no such file"
        case .isDirectory: return "cannot read lab '\(path)': it is a directory"
        case .notARegularFile: return "cannot read lab '\(path)': it is not a regular file (a FIFO, a device or a socket)"
        case .unreadable(let why): return "cannot read lab '\(path)': \(why)"
        }
    }
}
