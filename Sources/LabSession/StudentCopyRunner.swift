import Foundation
import LabLanguage
import LabMarkdown
import LabReport

/// `labrun --student LAB`: the student's copy of an exercise lab written to
/// `<out>/student/<stem>.md` (`StudentCopy`), then run as a student would run it (data paths from
/// the original lab's folder) and its handout written beside it (the HTML and JSON reports the
/// formats ask for; never a Markdown report, which would replace the copy itself).
public struct StudentCopyRunner: Sendable {
    public let path: String
    let options: SessionOptions
    let reports: ReportSettings

    public init(path: String, options: SessionOptions, reports: ReportSettings) {
        self.path = path
        self.options = options
        self.reports = reports
    }

    /// The folder the copies go to: `<out>/student`.
    public static func folder(out: String) -> String { (out as NSString).appendingPathComponent("student") }

    /// Writes the copy and its handout; the outcome's status is 0 when both were written (the copy's
    /// own cells fail at their `todo()`s, as they should), 2 when the lab cannot be read or the files
    /// not written.
    public func run(events: @escaping @Sendable (SessionEvent) -> Void = { _ in }) -> LabRunOutcome {
        Interpreter.withLargeStack { runHere(events: events) }
    }

    private func runHere(events: @escaping @Sendable (SessionEvent) -> Void) -> LabRunOutcome {
        let original: LabDocument
        do {
            original = try LabParser.parse(contentsOfFile: path)
        } catch {
            let message = LabRunner.readFailure(error, reading: "lab", at: path)
            return Self.failed("labrun: error: " + message, .unreadable)
        }
        let folder = Self.folder(out: reports.out)
        let copyPath = (folder as NSString).appendingPathComponent((path as NSString).lastPathComponent)
        let copyURL = URL(fileURLWithPath: copyPath)
        let text = StudentCopy.text(of: original)
        do {
            try OutputGuard.check(
                [copyURL], against: [RunInput(role: "the lab", path: path, labPath: path)],
                shownAs: ReportWriter.displayPath)
            try FileManager.default.createDirectory(at: copyURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(Data(text.utf8), to: copyURL)
        } catch {
            return Self.failed(describe(error, folder: folder), .notWritten)
        }
        let labFolder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let document = LabParser.parse(text: text, path: copyPath)
        events(.labStarted(cellLines: document.cells.map(\.fenceLine)))
        let session = LabSession(document: document, options: options, labDirectory: labFolder)
        let report = session.run(events: events)
        var outcome = LabRunOutcome(counting: report)
        outcome.diagnostics = original.diagnostics.isEmpty && !hasExercise(original)
            ? [PrintedDiagnostic(isWarning: true, text: TerminalText.escaped(
                "\(path):1:1: warning: the lab has no solution (// BEGIN SOLUTION … // END SOLUTION, or a solution cell) and no hidden check; the student copy is the lab as written"))]
            : []
        do {
            let formats = reports.formats.filter { $0 != .md }
            outcome.written = [copyURL] + (try reports.aroundWrite {
                try ReportWriter.write(
                    report, formats: formats, to: URL(fileURLWithPath: folder), unsafeHTML: reports.unsafeHTML,
                    labDirectory: labFolder, protecting: session.inputs + [RunInput(role: "the lab", path: path, labPath: path)])
            })
        } catch {
            return Self.failed(describe(error, folder: folder), .notWritten)
        }
        return outcome
    }

    private func hasExercise(_ document: LabDocument) -> Bool {
        document.cells.contains { $0.options.solution || $0.options.check == .hidden || !$0.solutionRegions.isEmpty }
    }

    private func describe(_ error: Error, folder: String) -> String {
        switch error {
        case let refusal as OverwriteRefusal: return TerminalText.escaped(refusal.description + " (no student copy was written)")
        default: return TerminalText.escaped("labrun: error: cannot write the student copy to '\(folder)': \(LabParser.systemMessage(error))")
        }
    }

    private static func failed(_ problem: String, _ failure: LabRunOutcome.Failure) -> LabRunOutcome {
        var outcome = LabRunOutcome()
        outcome.status = 2
        outcome.problem = TerminalText.escaped(problem)
        outcome.failure = failure
        return outcome
    }
}
