import LabLanguage
import LabReport

/// How many diagnostics a cell and the lab's text show: a garbled cell or a line of stray `$`
/// signs makes thousands, and each was printed and rendered with its source line (18 KB of
/// `$$$$$&&&&` took 12 s to report, 72 KB three minutes).
extension LabSession {
    /// The most diagnostics a cell shows; past it, one more says how many were left out.
    static let maxDiagnosticsPerCell = 20

    /// The most diagnostics the lab's text shows (the document's own, its formulas' and images').
    static let maxLabDiagnostics = 50

    /// The first `maxDiagnosticsPerCell` of a cell's `diagnostics` (they come in source order) and,
    /// when there were more, a note at the first one left out.
    static func limited(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        capped(diagnostics, at: maxDiagnosticsPerCell, place: "in this cell", isError: { $0.severity == .error }) {
            message, error, first in
            Diagnostic(severity: error ? .error : .warning, message: message, line: first.line, column: first.column,
                       hint: laterOnesFollow)
        }
    }

    /// The lab text's diagnostics in source order, the first `maxLabDiagnostics` of them and, when
    /// there were more, a note at the first one left out.
    static func limited(_ diagnostics: [ReportDiagnostic]) -> [ReportDiagnostic] {
        let sorted = diagnostics.enumerated()
            .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
            .map(\.element)
        return capped(sorted, at: maxLabDiagnostics, place: "in the lab's text", isError: { $0.severity == .error }) {
            message, error, first in
            ReportDiagnostic(severity: error ? .error : .warning, message: message, line: first.line, column: first.column,
                             hint: laterOnesFollow)
        }
    }

    /// The first `limit` of `diagnostics`, and `note(message, anyError, firstLeftOut)` for the rest.
    private static func capped<D>(
        _ diagnostics: [D], at limit: Int, place: String, isError: (D) -> Bool, note: (String, Bool, D) -> D
    ) -> [D] {
        guard diagnostics.count > limit else { return diagnostics }
        let hidden = diagnostics[limit...]
        let errors = hidden.filter(isError).count
        return Array(diagnostics.prefix(limit)) + [note(notShown(errors, hidden.count - errors, place), errors > 0, hidden[hidden.startIndex])]
    }

    private static let laterOnesFollow = "fix the ones above first; later ones often follow from them"

    /// "3 more errors and 1 more warning in this cell not shown".
    private static func notShown(_ errors: Int, _ warnings: Int, _ place: String) -> String {
        let counts = [(errors, "error"), (warnings, "warning")]
            .filter { $0.0 > 0 }.map { "\($0.0) more \($0.1)\($0.0 == 1 ? "" : "s")" }
        return "\(counts.joined(separator: " and ")) \(place) not shown"
    }
}
