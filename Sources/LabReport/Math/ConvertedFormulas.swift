import LabMarkdown

/// A lab's formulas converted to MathML once per report: the HTML report shows the markup and the
/// session reports the warnings, from the same conversion.
public struct ConvertedFormulas: Sendable {
    private struct Key: Hashable {
        var tex: String
        var display: Bool
    }

    private var results: [Key: MathResult] = [:]
    private let formulas: [MathFormula]

    /// Converts each of `formulas` (a formula written twice is converted once).
    public init(_ formulas: [MathFormula]) {
        self.formulas = formulas
        for formula in formulas {
            let key = Key(tex: formula.tex, display: formula.display)
            if results[key] == nil { results[key] = TeXMath.mathML(formula.tex, display: formula.display) }
        }
    }

    /// The conversion of `tex`; a formula that was not among those given (a report put together
    /// by hand) is converted now.
    public func result(_ tex: String, display: Bool) -> MathResult {
        results[Key(tex: tex, display: display)] ?? TeXMath.mathML(tex, display: display)
    }

    /// The markup of every formula, in document order.
    public var markups: [String] {
        formulas.map { result($0.tex, display: $0.display).markup }
    }

    /// One warning per problem, at its character in the lab file, in document order; and one per
    /// formula with characters the handout's math font lacks.
    public var diagnostics: [ReportDiagnostic] {
        formulas.flatMap { formula -> [ReportDiagnostic] in
            let result = result(formula.tex, display: formula.display)
            var found = result.warnings.map { warning in
                let position = formula.position(ofOffset: warning.offset)
                return ReportDiagnostic(
                    severity: .warning, message: "math: \(warning.message)", line: position.line,
                    column: position.column, hint: "the HTML report shows this part of the formula as TeX source")
            }
            let missing = Self.uncovered(result.markup)
            if !missing.isEmpty {
                found.append(ReportDiagnostic(
                    severity: .warning,
                    message: "math: \(missing.map { "'\($0)'" }.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") not in the handout's math font",
                    line: formula.position.line, column: formula.position.column,
                    hint: "readers without a math font of their own may see a box instead"))
            }
            return found
        }
    }

    /// The characters of `markup`'s text that the embedded math font has no glyph for, once each.
    static func uncovered(_ markup: String) -> [String] {
        var missing: [String] = []
        var inTag = false
        for scalar in markup.unicodeScalars {
            if scalar == "<" { inTag = true } else if scalar == ">" { inTag = false }
            guard !inTag, scalar.value > 0x7F, !MathFont.covers(scalar) else { continue }
            let text = String(scalar)
            if !missing.contains(text) { missing.append(text) }
        }
        return missing
    }
}
