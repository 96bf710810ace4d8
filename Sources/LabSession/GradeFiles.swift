import Foundation
import LabReport

/// Writes a grade book's three files into the out folder, each atomically, never over an input.
public enum GradeFiles {
    /// `grades.csv`, `grades.json` and `grades.xml` in `out`; nothing is written when one of them
    /// would replace one of `inputs` (the key or a submission).
    @discardableResult
    public static func write(_ book: GradeBook, to out: String, protecting inputs: [String]) throws -> [URL] {
        let folder = URL(fileURLWithPath: out)
        let files = [("grades.csv", book.csv()), ("grades.json", book.json()), ("grades.xml", book.junit())]
            .map { (folder.appendingPathComponent($0.0), $0.1) }
        try OutputGuard.check(
            files.map(\.0), against: inputs.map { RunInput(role: "a lab being graded", path: $0, labPath: $0) },
            shownAs: ReportWriter.displayPath)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (url, text) in files { try AtomicFile.write(Data(text.utf8), to: url) }
        return files.map(\.0)
    }
}
