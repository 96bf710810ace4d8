/// Words a diagnostic the way compilers do, for the terminal and for the reports.
public enum DiagnosticFormatter {
    /// `path:line:col: error: message`, then the source line and a caret under the column,
    /// then `hint: …` when there is one. Lines are joined with `\n`, without a final newline.
    ///
    /// Columns count Characters; tabs before the column are kept in the caret line so the caret
    /// lines up with the source line however wide the terminal draws a tab. `forTerminal` shows
    /// the control characters of the path, message, source line and hint as `TerminalText` does
    /// (the reports have their own escaping), with the caret placed on the escaped source line.
    public static func format(
        _ d: ReportDiagnostic, path: String, sourceLines: [String], forTerminal: Bool = false
    ) -> String {
        lines(
            d, location: "\(path):\(d.line):\(d.column)", sourceLines: sourceLines,
            escape: forTerminal ? TerminalText.escaped : { $0 }, tracePrefix: "\(path):"
        ).joined(separator: "\n")
    }

    /// The same lines with the location given as `line:col` only (the reports already name the lab).
    static func lines(_ d: ReportDiagnostic, sourceLines: [String]) -> [String] {
        lines(d, location: "\(d.line):\(d.column)", sourceLines: sourceLines, escape: { $0 }, tracePrefix: "")
    }

    static func lines(
        _ d: ReportDiagnostic, location: String, sourceLines: [String], escape: (String) -> String,
        tracePrefix: String, source: ((String, Int) -> [String])? = nil
    ) -> [String] {
        var out = [escape("\(location): \(d.severity.rawValue): \(d.message)")]
        if d.line >= 1, d.line <= sourceLines.count {
            let (raw, rawColumn) = excerpt(of: sourceLines[d.line - 1], around: d.column)
            if let source {
                // The caller shows the excerpt and its column its own way (the HTML report marks it).
                out += source(raw, rawColumn)
            } else {
                let (shown, column) = escaped(raw, column: rawColumn, by: escape)
                out.append(shown)
                out.append(caretLine(under: column, in: shown))
            }
        }
        if let hint = d.hint, !hint.isEmpty { out.append(escape("hint: \(hint)")) }
        out += d.trace.map { escape(traceLine($0, prefix: tracePrefix)) }
        return out
    }

    /// `  called from lab.md:23:7`, `  called from lab.md:4:16 (9999 times)`, or how many calls a
    /// long trace leaves out.
    static func traceLine(_ frame: TraceFrame, prefix: String) -> String {
        guard frame.line > 0 else { return "  … and \(frame.repeats) more call\(frame.repeats == 1 ? "" : "s")" }
        let times = frame.repeats > 1 ? " (\(frame.repeats) times)" : ""
        return "  called from \(prefix)\(frame.line):\(frame.column)\(times)"
    }

    /// `shown` escaped, and `column` moved to the same character of the escaped text: an escape
    /// before the column widens the line by its length minus one. The window is cut before
    /// escaping, so an escape is never cut in half (an escaped line may then exceed the width).
    static func escaped(_ shown: String, column: Int, by escape: (String) -> String) -> (String, column: Int) {
        let characters = Array(shown)
        let before = min(max(column, 1), characters.count + 1) - 1
        return (escape(shown), escape(String(characters.prefix(before))).count + 1)
    }

    /// Source lines longer than this many characters are shown as a window of this width around the
    /// column: a very long line (generated code, a minified expression) would otherwise be printed
    /// whole under each of its diagnostics.
    static let maxShownWidth = 120

    /// `source` itself, or for a long line the `maxShownWidth` characters around `column` with `…`
    /// where it was cut; and the column of the same character in what is shown.
    static func excerpt(of source: String, around column: Int) -> (String, column: Int) {
        let characters = Array(source)
        guard characters.count > maxShownWidth else { return (source, column) }
        let at = min(max(column, 1), characters.count + 1) - 1
        let start = min(max(at - maxShownWidth / 2, 0), characters.count - maxShownWidth)
        let stop = start + maxShownWidth
        let head = start > 0 ? "…" : "", tail = stop < characters.count ? "…" : ""
        return (head + String(characters[start..<stop]) + tail, at - start + 1 + head.count)
    }

    /// Padding that copies the tabs of `source` before `column`, then `^`.
    ///
    /// A column past the end of the line points just after its last character (where a
    /// missing token would go); a column below 1 points at the first.
    static func caretLine(under column: Int, in source: String) -> String {
        let characters = Array(source)
        let before = min(max(column, 1), characters.count + 1) - 1
        var pad = ""
        for c in characters.prefix(before) { pad.append(c == "\t" ? "\t" : " ") }
        return pad + "^"
    }
}
