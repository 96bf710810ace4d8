import Foundation
import LabMarkdown
import LabOutput

/// Wording shared by the renderers (numbers and table values: LabOutput's part of `DisplayFormat`).
extension DisplayFormat {
    /// What a check cell shows above its code: "check: 2 of 2 points" ("hidden check: …" for one a
    /// student copy leaves out); nil for other cells.
    public static func checkLabel(_ options: CellOptions, passed: Bool) -> String? {
        guard let visibility = options.check else { return nil }
        let points = options.checkPoints
        let earned = passed ? points : 0
        let kind = visibility == .hidden ? "hidden check" : "check"
        return "\(kind): \(GradeBook.number(earned)) of \(GradeBook.number(points)) point\(points == 1 ? "" : "s")"
    }

    /// How a status reads in a badge or status line.
    public static func statusLabel(_ status: CellStatus) -> String {
        switch status {
        case .ok: return "ok"
        case .failed: return "failed"
        case .expectedError: return "expected error"
        case .notRun: return "not run"
        case .timedOut: return "timed out"
        }
    }

}

extension Report {
    /// The result of cell `index`, or a "not run" result when the report has none for it
    /// (the renderers must not trap on a report whose arrays disagree).
    public func result(at index: Int) -> CellResult {
        cells.indices.contains(index) ? cells[index] : CellResult(status: .notRun)
    }

    /// How many cells ended with each status.
    var statusCounts: [CellStatus: Int] {
        var counts: [CellStatus: Int] = [:]
        for cell in document.cells { counts[result(at: cell.index).status, default: 0] += 1 }
        return counts
    }

    /// Cells that did not behave as expected (failed or timed out).
    var failureCount: Int {
        let counts = statusCounts
        return counts[.failed, default: 0] + counts[.timedOut, default: 0]
    }

    /// A one-line summary such as `5 cells, 1 failed, 1 not run`.
    var summaryLine: String {
        var parts = [DisplayFormat.count(document.cells.count, "cell", "cells")]
        parts.append("\(failureCount) failed")
        let counts = statusCounts
        if let n = counts[.expectedError], n > 0 { parts.append("\(n) expected error" + (n == 1 ? "" : "s")) }
        if let n = counts[.notRun], n > 0 { parts.append("\(n) not run") }
        return parts.joined(separator: ", ")
    }
}

extension Cell {
    /// The cell's anchor name before de-duplication: its `id` option, else `cell-N` counting from 1.
    var preferredID: String {
        if let id = options.id, !id.isEmpty { return id }
        return "cell-\(index + 1)"
    }
}

extension Report {
    /// Each cell's anchor and JSON id: `preferredID`, with `-1`, `-2`… added to repeats so the ids
    /// are unique (the first cell keeps the plain name).
    public var cellIDs: [String] {
        var taken = Set<String>()
        return document.cells.map { cell in uniqueName(cell.preferredID, taken: &taken) }
    }
}

/// `base` if it is not taken yet, else `base-1`, `base-2`…; the result is marked as taken.
func uniqueName(_ base: String, taken: inout Set<String>) -> String {
    var name = base
    var suffix = 0
    while taken.contains(name) {
        suffix += 1
        name = "\(base)-\(suffix)"
    }
    taken.insert(name)
    return name
}
