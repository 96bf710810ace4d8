import LabMarkdown
import LabReport

/// A check cell of the answer key: every check needs an `id=`, by which it is found again.
public struct KeyCheck: Sendable, Equatable {
    public var id: String
    public var points: Double
    public var visibility: CheckVisibility
    /// The key's cell (its code, options and place in the key).
    public var cell: Cell
}

/// The lab a submission is graded as: the submission as the student wrote it, except that its own
/// check cells (cells marked `check`, and cells with a check's id) are blanked out, and the key's
/// checks — visible and hidden — follow it under a "Checks" heading and run in the key's places.
///
/// The submission's lines keep their numbers, so errors in the student's code are located in their
/// file as they see it; the key's checks are parsed apart and their lines follow its last line. A
/// check runs after the submission's cell with the id of the nearest earlier key cell it has, plus
/// as many cells as the key has between that one and the check (without such an id, after as many
/// of the submission's cells as the key has before the check), and never after the submission's
/// cell with the id of the next key cell it has.
enum GradedDocument {
    /// The key's checks, or the problems that keep the key from grading (a check without an id).
    static func checks(of key: LabDocument) -> (checks: [KeyCheck], problems: [GradingProblem]) {
        var checks: [KeyCheck] = []
        var problems: [GradingProblem] = []
        for cell in key.cells {
            guard let visibility = cell.options.check else { continue }
            guard let id = cell.options.id else {
                problems.append(GradingProblem(
                    path: key.path, line: cell.fenceLine, column: 1,
                    message: "a check cell needs an id= (for example id=check-\(cell.index + 1)) so it can be found in submissions",
                    isError: true))
                continue
            }
            checks.append(KeyCheck(id: id, points: cell.options.checkPoints, visibility: visibility, cell: cell))
        }
        for cell in key.cells {
            for d in cell.optionErrors {
                problems.append(GradingProblem(path: key.path, line: d.position.line, column: d.position.column,
                                               message: d.message, isError: true))
            }
        }
        if checks.isEmpty && problems.isEmpty {
            problems.append(GradingProblem(path: key.path, line: 1, column: 1,
                                           message: "the key has no check cells (cell option check or check=hidden) to grade with",
                                           isError: true))
        }
        return (checks, problems)
    }

    /// The graded lab, and warnings about ids of the key the submission lacks.
    static func make(key: LabDocument, checks: [KeyCheck], submission: LabDocument) -> (LabDocument, [GradingProblem]) {
        let checkIDs = Set(checks.map(\.id))
        let replaced = submission.cells.filter { $0.options.check != nil || $0.options.id.map(checkIDs.contains) == true }
        var lines = submission.sourceLines
        for cell in replaced {
            for line in cell.fenceLine...max(cell.fenceLine, cell.endLine) where line <= lines.count { lines[line - 1] = "" }
        }
        let own = LabParser.parse(text: lines.joined(separator: "\n") + "\n", path: submission.path)
        // The checks are parsed apart and joined after: appended to the submission's text, an
        // unclosed fence or HTML comment there would swallow them.
        var appendix = "## Checks\n"
        for check in checks {
            let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: check.cell.code) + 1))
            appendix += "\n\(fence)swift-lab id=\(check.id)\n\(check.cell.code)\n\(fence)\n"
        }
        var graded = joined(own, LabParser.parse(text: appendix, path: submission.path))
        let kept = own.cells.count
        for (offset, check) in checks.enumerated() {
            var options = check.cell.options
            if check.visibility == .hidden {
                // The student sees the check's status and message, not its code or what it printed.
                options.echo = false
                options.output = false
            }
            graded.cells[kept + offset].options = options
        }
        let problems = missingIDs(key: key, submission: graded, kept: kept)
        let anchors = checks.map { anchor(of: $0, key: key, submission: graded, kept: kept) }
        let order = runOrder(kept: kept, anchors: anchors)
        return (reordered(graded, order), problems)
    }

    /// `appendix` after `document`: its lines, blocks and cells follow the document's, renumbered.
    private static func joined(_ document: LabDocument, _ appendix: LabDocument) -> LabDocument {
        let lineShift = document.sourceLines.count, cellShift = document.cells.count
        func moved(_ range: SourceRange) -> SourceRange {
            SourceRange(start: SourcePosition(line: range.start.line + lineShift, column: range.start.column),
                        end: SourcePosition(line: range.end.line + lineShift, column: range.end.column))
        }
        let blocks = appendix.blocks.map { block -> Block in
            switch block {
            case .cell(let index): return .cell(index + cellShift)
            case .heading(let level, let inlines, let range): return .heading(level: level, inlines, moved(range))
            default: return block
            }
        }
        let cells = appendix.cells.map { cell -> Cell in
            var cell = cell
            cell.index += cellShift
            cell.fenceLine += lineShift
            cell.firstCodeLine += lineShift
            cell.endLine += lineShift
            return cell
        }
        var result = document
        result.source = document.source + appendix.source
        result.sourceLines = document.sourceLines + appendix.sourceLines
        result.blocks = document.blocks + blocks
        result.cells = document.cells + cells
        return result
    }

    /// A warning for each id of the key's own cells (not checks) that no cell of the submission has.
    private static func missingIDs(key: LabDocument, submission: LabDocument, kept: Int) -> [GradingProblem] {
        let present = Set(submission.cells[..<kept].compactMap(\.options.id))
        return key.cells.filter { $0.options.check == nil }.compactMap { cell in
            guard let id = cell.options.id, !present.contains(id) else { return nil }
            return GradingProblem(
                path: submission.path, line: 1, column: 1,
                message: "the submission has no cell with id '\(id)' (the key's cell at \(key.path):\(cell.fenceLine)); the checks after it run where the key's order of cells puts them",
                isError: false)
        }
    }

    /// How many of the graded lab's first `kept` cells (the submission's own) run before `check`:
    /// as many after the submission's cell with the id of the nearest earlier key cell that it has
    /// as the key has between that cell and the check (all of the key's earlier cells when none
    /// matches), but never past the submission's cell with the id of the next key cell it has.
    private static func anchor(of check: KeyCheck, key: LabDocument, submission: LabDocument, kept: Int) -> Int {
        let own = submission.cells[..<kept]
        func position(of cell: Cell) -> Int? { cell.options.id.flatMap { id in own.firstIndex { $0.options.id == id } } }
        let before = key.cells[..<check.cell.index].filter { $0.options.check == nil }
        var result = before.count
        if let last = before.lastIndex(where: { position(of: $0) != nil }), let found = position(of: before[last]) {
            result = found + 1 + (before.count - last - 1)
        }
        let after = key.cells[check.cell.index...].filter { $0.options.check == nil }
        if let next = after.lazy.compactMap(position).first { result = min(result, next) }
        return min(result, kept)
    }

    /// The run order: the submission's cells in order, each check after the cell it is anchored to.
    private static func runOrder(kept: Int, anchors: [Int]) -> [Int] {
        var order: [Int] = []
        for position in 0...kept {
            order += anchors.indices.filter { anchors[$0] == position }.map { kept + $0 }
            if position < kept { order.append(position) }
        }
        return order
    }

    /// `document` with its cells in `order` (renumbered, blocks pointing at the new numbers).
    private static func reordered(_ document: LabDocument, _ order: [Int]) -> LabDocument {
        var newIndex = Array(repeating: 0, count: order.count)
        for (position, old) in order.enumerated() { newIndex[old] = position }
        var result = document
        result.cells = order.enumerated().map { position, old in
            var cell = document.cells[old]
            cell.index = position
            return cell
        }
        result.blocks = document.blocks.map { renumbered($0, newIndex) }
        return result
    }

    private static func renumbered(_ block: Block, _ newIndex: [Int]) -> Block {
        switch block {
        case .cell(let index): return .cell(newIndex[index])
        case .blockQuote(let blocks, let range): return .blockQuote(blocks.map { renumbered($0, newIndex) }, range)
        case .list(let info, let items, let range):
            return .list(info, items: items.map { item in
                ListItem(blocks: item.blocks.map { renumbered($0, newIndex) }, range: item.range)
            }, range)
        default: return block
        }
    }

    private static func longestBacktickRun(in text: String) -> Int {
        var longest = 0, current = 0
        for c in text {
            current = c == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}
