import Foundation
import LabLanguage
import LabMarkdown
import LabReport

/// `labrun --grade KEY SUBMISSION…`: runs each submission in its own session, with the key's check
/// cells in place of whatever the submission has for them (`GradedDocument`), and writes its
/// feedback handout, `<out>/<submission stem>.html`, without the hidden checks' code.
public struct Grader: Sendable {
    public let key: LabDocument
    public let checks: [KeyCheck]
    let options: SessionOptions
    let reports: ReportSettings

    /// The grader for the key at `keyPath`, or the lines that say why the key cannot grade.
    public static func load(keyPath: String, options: SessionOptions, reports: ReportSettings) -> Result<Grader, GradingFailure> {
        let key: LabDocument
        do {
            key = try LabParser.parse(contentsOfFile: keyPath)
        } catch {
            let message = LabRunner.readFailure(error, reading: "the key", at: keyPath)
            return .failure(GradingFailure(lines: [TerminalText.escaped("labrun: error: " + message)]))
        }
        let (checks, problems) = GradedDocument.checks(of: key)
        guard problems.isEmpty else {
            return .failure(GradingFailure(lines: problems.map { TerminalText.escaped($0.description) }))
        }
        return .success(Grader(key: key, checks: checks, options: options, reports: reports))
    }

    /// The most points a submission can earn.
    public var possible: Double { checks.map(\.points).reduce(0, +) }

    /// Grades the submission at `path` (on a large-stack thread, as every run).
    public func grade(_ path: String) -> SubmissionGrade {
        Interpreter.withLargeStack { gradeHere(path) }
    }

    private func gradeHere(_ path: String) -> SubmissionGrade {
        var grade = SubmissionGrade(path: path)
        let submission: LabDocument
        do {
            submission = try LabParser.parse(contentsOfFile: path)
        } catch {
            let message = LabRunner.readFailure(error, reading: "submission", at: path)
            grade.failure = TerminalText.escaped("labrun: error: " + message)
            return grade
        }
        let (document, problems) = GradedDocument.make(key: key, checks: checks, submission: submission)
        grade.problems = problems
        let session = LabSession(document: document, options: options)
        let report = session.run()
        grade.checks = checkGrades(report)
        do {
            _ = try reports.aroundWrite { [reports, key] in
                try ReportWriter.write(
                    report, formats: [.html], to: URL(fileURLWithPath: reports.out), unsafeHTML: reports.unsafeHTML,
                    protecting: session.inputs + [RunInput(role: "the key", path: key.path, labPath: key.path)])
            }
        } catch let refusal as OverwriteRefusal {
            grade.failure = TerminalText.escaped(refusal.description + " (no feedback was written)")
        } catch {
            grade.failure = TerminalText.escaped("labrun: error: cannot write feedback to '\(reports.out)': \(LabParser.systemMessage(error))")
        }
        return grade
    }

    /// Each check's outcome in the graded run, in the key's order.
    private func checkGrades(_ report: Report) -> [CheckGrade] {
        checks.map { check in
            let cell = report.document.cells.first { $0.options.id == check.id && $0.options.check != nil }
            let result = cell.map { report.result(at: $0.index) } ?? CellResult(status: .notRun)
            var message: String?
            if !result.passed {
                message = result.status == .notRun
                    ? "not run: an earlier cell failed"
                    : result.diagnostics.first { $0.severity == .error }?.message ?? result.status.rawValue
            }
            return CheckGrade(
                id: check.id, visibility: check.visibility, status: result.status, message: message,
                points: check.points, earned: result.passed ? check.points : 0, seconds: result.wallTimeMs / 1000)
        }
    }
}

/// Why the key cannot grade: lines for the terminal.
public struct GradingFailure: Error, Sendable {
    public var lines: [String]
}

/// LabReport's grade types, named here so the command line needs LabSession only.
public typealias GradeBook = LabReport.GradeBook
public typealias SubmissionGrade = LabReport.SubmissionGrade
