/// A lab file parsed into Swift values: prose blocks and runnable cells, each with where it came from.
///
/// Everything here is plain data, copied out of cmark's tree; no C pointer survives parsing.
public struct LabDocument: Sendable, Equatable {
    /// The path the lab was read from, as given (used in diagnostics).
    public var path: String
    /// The lab's text; invalid UTF-8 has been replaced by U+FFFD.
    public var source: String
    /// The source split into lines (without line terminators); `sourceLines[0]` is line 1.
    public var sourceLines: [String]
    /// Top-level blocks in document order; cells appear as `.cell(index)`.
    public var blocks: [Block]
    /// The runnable cells in document order; `cells[i].index == i`.
    public var cells: [Cell]
    /// Problems with the lab as a whole (for example invalid UTF-8), not tied to one cell.
    public var diagnostics: [MarkdownDiagnostic]
    /// The formulas that became `.math` inlines, in document order, with where they stand.
    public var formulas: [MathFormula]
    /// Where Markdown nested deeper than `LabParser.maxNestingDepth` was first kept as plain text
    /// (a warning in `diagnostics` says so too): from there on, `blocks` may hold less structure
    /// than another Markdown reader would find. Nil when nothing was cut.
    public var flattenedAt: SourcePosition?

    public init(
        path: String, source: String, sourceLines: [String], blocks: [Block], cells: [Cell],
        diagnostics: [MarkdownDiagnostic], formulas: [MathFormula] = [], flattenedAt: SourcePosition? = nil
    ) {
        self.path = path
        self.source = source
        self.sourceLines = sourceLines
        self.blocks = blocks
        self.cells = cells
        self.diagnostics = diagnostics
        self.formulas = formulas
        self.flattenedAt = flattenedAt
    }
}

/// A `$…$` or `$$…$$` formula of the prose and its place in the lab file, so problems in the TeX
/// can be reported at the character where they are.
public struct MathFormula: Sendable, Equatable {
    /// The TeX without delimiters, as in the `.math` inline.
    public var tex: String
    public var display: Bool
    /// Where the TeX's first character stands (after `$` or `$$` and, for display math, any leading space).
    public var position: SourcePosition

    public init(tex: String, display: Bool, position: SourcePosition) {
        self.tex = tex
        self.display = display
        self.position = position
    }

    /// The lab-file position of the character `offset` characters into `tex` (clamped to its length).
    public func position(ofOffset offset: Int) -> SourcePosition {
        var result = position
        for c in tex.prefix(max(0, offset)) {
            if c == "\n" || c == "\r\n" || c == "\r" {
                result.line += 1
                result.column = 1
            } else {
                result.column += 1
            }
        }
        return result
    }
}

/// A 1-based line and column in the lab file; columns count characters (extended grapheme clusters).
public struct SourcePosition: Sendable, Equatable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// The span of lab-file text a block came from, both ends inclusive (as cmark reports them).
public struct SourceRange: Sendable, Equatable, Hashable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }
}

/// A block of the CommonMark tree (plus GFM-free extensions: none yet).
public indirect enum Block: Sendable, Equatable {
    case paragraph([Inline], SourceRange)
    case heading(level: Int, [Inline], SourceRange)
    case blockQuote([Block], SourceRange)
    case list(ListInfo, items: [ListItem], SourceRange)
    /// A code block that is not a cell (indented code, or a fence of another language).
    case codeBlock(info: String, literal: String, SourceRange)
    case htmlBlock(String, SourceRange)
    case thematicBreak(SourceRange)
    /// A swift-lab cell; the value is an index into `LabDocument.cells`.
    case cell(Int)
}

/// One item of a list: its blocks.
public struct ListItem: Sendable, Equatable {
    public var blocks: [Block]
    public var range: SourceRange

    public init(blocks: [Block], range: SourceRange) {
        self.blocks = blocks
        self.range = range
    }
}

/// How a list is numbered and spaced.
public struct ListInfo: Sendable, Equatable {
    public var ordered: Bool
    /// The first number of an ordered list.
    public var start: Int
    /// Tight lists render items without paragraph tags.
    public var tight: Bool

    public init(ordered: Bool, start: Int, tight: Bool) {
        self.ordered = ordered
        self.start = start
        self.tight = tight
    }
}

/// Inline content of paragraphs and headings.
public indirect enum Inline: Sendable, Equatable {
    case text(String)
    case softBreak
    case lineBreak
    case code(String)
    case html(String)
    case emphasis([Inline])
    case strong([Inline])
    case link(destination: String, title: String, [Inline])
    case image(source: String, title: String, [Inline])
    /// A TeX formula from `$…$` (inline) or `$$…$$` (display), read from the lab's source text.
    case math(String, display: Bool)
}

/// Where in the document tree a cell stands. Cells inside lists and block quotes run like any other.
public enum CellContainer: Sendable, Equatable {
    case document
    case blockQuote
    case listItem
}

/// A fenced `swift-lab` code block: code to run, its options and its place in the lab file.
public struct Cell: Sendable, Equatable {
    /// Position among the lab's cells, from 0.
    public var index: Int
    /// The code, as cmark hands it over (container indentation removed), ending without a newline.
    public var code: String
    /// The full info string after the fence, e.g. `swift-lab echo=false`.
    public var infoString: String
    public var options: CellOptions
    /// Malformed or unknown options; a cell with any does not run and counts as failed.
    public var optionErrors: [MarkdownDiagnostic]
    /// Lab-file line of the opening fence.
    public var fenceLine: Int
    /// Lab-file line of the first code line (`fenceLine + 1`).
    public var firstCodeLine: Int
    /// Lab-file line of the closing fence, or of the last line the block covers when unclosed.
    public var endLine: Int
    /// For each code line, how many characters stand before it on its lab-file line
    /// (block-quote markers and list indentation), so cell columns map to file columns.
    public var columnOffsets: [Int]
    public var container: CellContainer
    /// The `// BEGIN SOLUTION` … `// END SOLUTION` regions of the code, in order.
    public var solutionRegions: [SolutionRegion]

    public init(
        index: Int, code: String, infoString: String, options: CellOptions,
        optionErrors: [MarkdownDiagnostic], fenceLine: Int, firstCodeLine: Int, endLine: Int,
        columnOffsets: [Int], container: CellContainer, solutionRegions: [SolutionRegion] = []
    ) {
        self.solutionRegions = solutionRegions
        self.index = index
        self.code = code
        self.infoString = infoString
        self.options = options
        self.optionErrors = optionErrors
        self.fenceLine = fenceLine
        self.firstCodeLine = firstCodeLine
        self.endLine = endLine
        self.columnOffsets = columnOffsets
        self.container = container
    }

    /// Maps a 1-based (line, column) inside `code` to the lab file.
    public func filePosition(line: Int, column: Int) -> SourcePosition {
        let offset = line >= 1 && line <= columnOffsets.count ? columnOffsets[line - 1] : 0
        return SourcePosition(line: firstCodeLine + line - 1, column: column + offset)
    }
}

/// A cell's options, read from its info string.
public struct CellOptions: Sendable, Equatable {
    /// Show the code in the report.
    public var echo: Bool = true
    /// Show the outputs in the report (the cell runs either way).
    public var output: Bool = true
    /// The cell must fail; its error is shown and the run goes on.
    public var expectsError: Bool = false
    /// Seconds this cell may run; nil means the runner's default.
    public var timeout: Double? = nil
    /// A name for anchors, JSON and diagnostics.
    public var id: String? = nil
    /// With `error="…"`: text the error's message must contain for the failure to be the expected one.
    public var expectedErrorText: String? = nil
    /// The whole cell is the instructor's solution (`solution`): a student copy has `todo()` instead.
    public var solution: Bool = false
    /// The cell checks an exercise (`check`, `check=hidden`); nil for an ordinary cell.
    public var check: CheckVisibility? = nil
    /// What the check is worth (`points=N`); nil means 1.
    public var points: Double? = nil
    /// The caption of the cell's first figure or table in the handout (`caption="…"`).
    public var caption: String? = nil

    public init(
        echo: Bool = true, output: Bool = true, expectsError: Bool = false, timeout: Double? = nil,
        id: String? = nil, expectedErrorText: String? = nil, solution: Bool = false,
        check: CheckVisibility? = nil, points: Double? = nil, caption: String? = nil
    ) {
        self.caption = caption
        self.echo = echo
        self.output = output
        self.expectsError = expectsError
        self.timeout = timeout
        self.id = id
        self.expectedErrorText = expectedErrorText
        self.solution = solution
        self.check = check
        self.points = points
    }

    /// The points a check cell is worth (1 unless `points=` says otherwise); 0 for other cells.
    public var checkPoints: Double { check == nil ? 0 : points ?? 1 }
}

/// Who sees a check cell: everyone, or only the instructor's runs and grading (`check=hidden`: left
/// out of student copies, and its code out of every report a student sees).
public enum CheckVisibility: String, Sendable, Equatable {
    case visible, hidden
}

/// A problem found while reading the lab, at a lab-file position.
public struct MarkdownDiagnostic: Sendable, Equatable {
    public enum Severity: String, Sendable, Equatable {
        case error, warning
    }

    public var severity: Severity
    public var message: String
    public var position: SourcePosition

    public init(severity: Severity, message: String, position: SourcePosition) {
        self.severity = severity
        self.message = message
        self.position = position
    }
}
