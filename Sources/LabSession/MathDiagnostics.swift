import LabMarkdown
import LabReport

/// Warnings for the parts of formulas the HTML report shows as TeX source.
enum MathDiagnostics {
    /// One warning per problem, at its character in the lab file.
    static func of(_ document: LabDocument) -> [ReportDiagnostic] {
        document.formulas.flatMap { formula in
            TeXMath.mathML(formula.tex, display: formula.display).warnings.map { warning in
                let position = formula.position(ofOffset: warning.offset)
                return ReportDiagnostic(
                    severity: .warning, message: "math: \(warning.message)", line: position.line,
                    column: position.column, hint: "the HTML report shows this part of the formula as TeX source")
            }
        }
    }
}
