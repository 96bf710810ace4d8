import Dispatch
import Foundation
import LabSession

/// `--student` and `--grade`: the instructor's side of an exercise lab (docs/teaching.md).
extension LabrunCommand {
    /// Writes each lab's student copy and handout; exit status 0 when all were written, 2 when a lab
    /// could not be read or a copy not written.
    func makeStudentCopies(_ settings: RunSettings) -> Int32 {
        let outcomes = Slots<LabOutcome>(count: labs.count)
        DispatchQueue.concurrentPerform(iterations: labs.count) { [labs] i in
            let started = DispatchTime.now().uptimeNanoseconds
            let runner = StudentCopyRunner(path: labs[i], options: settings.session, reports: settings.reports)
            let result = runner.run()
            let files = result.written.map(ReportWriter.displayPath).joined(separator: ", ")
            let summary = "\(labs[i]): student copy → \(files) (\(result.failures) cell\(result.failures == 1 ? "" : "s") to do or failing, as expected)"
            Console.shared.write(result.terminalLines(quiet: settings.quiet, summary: TerminalText.escaped(summary)))
            outcomes[i] = LabOutcome(
                path: labs[i], status: result.status == 2 ? 2 : 0, cells: result.cells, failures: result.failures,
                seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9, problem: result.problemSummary)
        }
        return outcomes.values.map(\.status).max() ?? 0
    }

    /// Grades every submission against the key: exit status 0 when grading ran, whatever the
    /// scores; 2 when the key or a submission could not be read (the others are still graded).
    func grade(against keyPath: String, _ settings: RunSettings) -> Int32 {
        let grader: Grader
        switch Grader.load(keyPath: keyPath, options: settings.session, reports: settings.reports) {
        case .success(let loaded): grader = loaded
        case .failure(let failure):
            Console.shared.write(failure.lines)
            return 2
        }
        let grades = Slots<SubmissionGrade>(count: labs.count)
        DispatchQueue.concurrentPerform(iterations: labs.count) { [labs] i in
            let grade = grader.grade(labs[i])
            grades[i] = grade
            var lines = grade.problems.filter { !settings.quiet || $0.isError }.map { TerminalText.escaped($0.description) }
            if let failure = grade.failure { lines.append(failure) }
            Console.shared.write(lines)
        }
        let book = GradeBook(
            key: keyPath, checks: grader.checks.map { ($0.id, $0.points, $0.visibility) }, submissions: grades.values)
        do {
            try GradeFiles.write(book, to: out, protecting: [keyPath] + labs)
        } catch {
            printError(TerminalText.escaped("labrun: error: cannot write the grades to '\(out)': \(error)"))
            return 2
        }
        if !settings.quiet { Console.shared.write(gradeTable(book)) }
        return book.submissions.contains { !$0.graded } ? 2 : 0
    }

    /// The table printed after grading: one row per submission.
    func gradeTable(_ book: GradeBook) -> [String] {
        let rows = book.submissions.map { s -> [String] in
            guard s.graded else { return [TerminalText.escaped(s.path), "-", "not graded"] }
            let failed = s.checks.filter { $0.earned < $0.points }.map(\.id)
            return [TerminalText.escaped(s.path), "\(GradeBook.number(s.earned))/\(GradeBook.number(book.possible))",
                    failed.isEmpty ? "all checks passed" : "failed: " + failed.joined(separator: ", ")]
        }
        let files = ["grades.csv", "grades.json", "grades.xml"].map { (out as NSString).appendingPathComponent($0) }
        return textTable(header: ["submission", "points", "checks"], rows: rows)
            + ["\(book.submissions.count) submissions graded → " + files.joined(separator: ", ")]
    }
}
