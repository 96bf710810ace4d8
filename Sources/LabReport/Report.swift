import LabMarkdown
import LabOutput

/// Everything a lab run produced: the parsed document and, for each of its cells, what happened.
///
/// This is data only; the renderers (HTML, Markdown, JSON) turn it into files.
public struct Report: Sendable {
    /// The lab as parsed.
    public var document: LabDocument
    /// One result per cell, parallel to `document.cells`.
    public var cells: [CellResult]
    /// Lab-level warnings and errors (invalid UTF-8, formula problems, missing images), located in the lab file.
    public var diagnostics: [ReportDiagnostic]
    /// Images of the prose read by the session, as `data:` URIs keyed by the source written in the
    /// lab; the HTML report shows these instead of the path so it stays one file.
    public var embeddedImages: [String: String]
    /// The document's formulas as MathML (converted once; the session reports their warnings).
    public var math: ConvertedFormulas

    /// A report; `math` is converted from the document's formulas unless given.
    public init(
        document: LabDocument, cells: [CellResult], diagnostics: [ReportDiagnostic],
        embeddedImages: [String: String] = [:], math: ConvertedFormulas? = nil
    ) {
        self.document = document
        self.cells = cells
        self.diagnostics = diagnostics
        self.embeddedImages = embeddedImages
        self.math = math ?? ConvertedFormulas(document.formulas)
    }

    /// The lab's title: its first heading's text, else the file's stem.
    public var title: String {
        for block in document.blocks {
            if case .heading(_, let inlines, _) = block { return plainText(inlines) }
        }
        return stem(of: document.path)
    }

    /// The points of the check cells that passed, and of all check cells (0 and 0 without checks).
    public var points: (earned: Double, possible: Double) {
        var earned = 0.0, possible = 0.0
        for cell in document.cells where cell.options.check != nil {
            possible += cell.options.checkPoints
            if result(at: cell.index).passed { earned += cell.options.checkPoints }
        }
        return (earned, possible)
    }

    /// True when every cell behaved as expected (ran cleanly, or failed where a failure was expected).
    public var succeeded: Bool {
        cells.allSatisfy(\.passed)
            && !diagnostics.contains { $0.severity == .error }
    }
}

/// The outcome of one cell.
public enum CellStatus: String, Sendable, Codable, Equatable {
    /// Ran to the end without error.
    case ok
    /// Failed unexpectedly, or succeeded although `error=expected`, or had bad options.
    case failed
    /// Failed, as its `error=expected` option said it would.
    case expectedError = "expected-error"
    /// Skipped because an earlier cell failed.
    case notRun = "not-run"
    /// Stopped at its time limit.
    case timedOut = "timed-out"
}

/// What one cell produced and how it ended.
public struct CellResult: Sendable {
    public var status: CellStatus
    /// Outputs in the order the cell produced them.
    public var outputs: [CellOutput]
    /// Errors and warnings of this cell, located in the lab file.
    public var diagnostics: [ReportDiagnostic]
    /// Wall-clock time the cell took, in milliseconds (0 for cells that did not run).
    public var wallTimeMs: Double
    /// Token classes of the cell's code for highlighting; empty when unknown.
    public var highlights: [HighlightSpan]

    /// Whether the cell behaved as its options say (ran cleanly, or failed as expected): a check
    /// cell earns its points then.
    public var passed: Bool { status == .ok || status == .expectedError }

    public init(
        status: CellStatus, outputs: [CellOutput] = [], diagnostics: [ReportDiagnostic] = [],
        wallTimeMs: Double = 0, highlights: [HighlightSpan] = []
    ) {
        self.status = status
        self.outputs = outputs
        self.diagnostics = diagnostics
        self.wallTimeMs = wallTimeMs
        self.highlights = highlights
    }
}

/// A diagnostic located in the lab file.
public struct ReportDiagnostic: Sendable, Equatable {
    public enum Severity: String, Sendable, Codable, Equatable {
        case error, warning
    }

    public var severity: Severity
    public var message: String
    public var line: Int
    public var column: Int
    /// Extra advice, such as the Swift spelling of a PyTorch habit.
    public var hint: String?
    /// For an error raised inside a function: the calls that led there, innermost first, folded
    /// (see `TraceFrame.folded`).
    public var trace: [TraceFrame]

    public init(
        severity: Severity, message: String, line: Int, column: Int, hint: String? = nil, trace: [TraceFrame] = []
    ) {
        self.severity = severity
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        self.trace = trace
    }
}

/// One call on the way to an error, in the lab file; `repeats` counts the same call made again
/// and again in a row (recursion).
public struct TraceFrame: Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var repeats: Int

    public init(line: Int, column: Int, repeats: Int = 1) {
        self.line = line
        self.column = column
        self.repeats = repeats
    }

    /// The most frames a trace keeps; the outermost are dropped past it (a frame saying how many
    /// calls were left out takes the last place).
    public static let maxFrames = 8

    /// `calls` (innermost first) with runs of one call site folded into one frame and at most
    /// `maxFrames` frames; when calls were left out, the last frame has line 0 and counts them in
    /// `repeats`.
    public static func folded(_ calls: [(line: Int, column: Int)]) -> [TraceFrame] {
        var frames: [TraceFrame] = []
        for call in calls {
            if let last = frames.last, last.line == call.line, last.column == call.column {
                frames[frames.count - 1].repeats += 1
            } else {
                frames.append(TraceFrame(line: call.line, column: call.column))
            }
        }
        guard frames.count > maxFrames else { return frames }
        let omitted = frames[(maxFrames - 1)...].reduce(0) { $0 + $1.repeats }
        return Array(frames.prefix(maxFrames - 1)) + [TraceFrame(line: 0, column: 0, repeats: omitted)]
    }
}

/// A run of cell code (in characters, 0-based offsets into `Cell.code`) and its token class.
public struct HighlightSpan: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case keyword, identifier, number, string, comment, `operator`, punctuation, builtin
    }

    public var start: Int
    public var length: Int
    public var kind: Kind

    public init(start: Int, length: Int, kind: Kind) {
        self.start = start
        self.length = length
        self.kind = kind
    }
}

/// The text of inline content without markup (for titles, anchors and alt text).
public func plainText(_ inlines: [Inline]) -> String {
    inlines.map { inline -> String in
        switch inline {
        case .text(let s), .code(let s), .math(let s, _): return s
        case .softBreak, .lineBreak: return " "
        case .html: return ""
        case .emphasis(let c), .strong(let c), .link(_, _, let c), .image(_, _, let c):
            return plainText(c)
        }
    }.joined()
}

/// The file name of `path` without directory and extension.
public func stem(of path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    if let dot = name.lastIndex(of: "."), dot != name.startIndex { return String(name[..<dot]) }
    return name
}
