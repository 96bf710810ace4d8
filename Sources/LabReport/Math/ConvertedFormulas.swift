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

    /// One warning per problem, at its character in the lab file, in document order.
    public var diagnostics: [ReportDiagnostic] {
        formulas.flatMap { formula in
            result(formula.tex, display: formula.display).warnings.map { warning in
                let position = formula.position(ofOffset: warning.offset)
                return ReportDiagnostic(
                    severity: .warning, message: "math: \(warning.message)", line: position.line,
                    column: position.column, hint: "the HTML report shows this part of the formula as TeX source")
            }
        }
    }
}
