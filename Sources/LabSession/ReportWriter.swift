import Foundation
import LabReport

/// A report file format.
public enum ReportFormat: String, CaseIterable, Sendable {
    case html, md, json
}

/// Writes a lab's reports as `<directory>/<stem>.<format>`, each file atomically (a temporary file
/// renamed into place), so a reader never sees a half-written report.
public enum ReportWriter {
    /// Writes the requested formats and returns the paths written.
    @discardableResult
    public static func write(
        _ report: Report, formats: [ReportFormat], to directory: URL, unsafeHTML: Bool = false
    ) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = stem(of: report.document.path)
        return try formats.map { format in
            let url = directory.appendingPathComponent("\(name).\(format.rawValue)")
            let text = render(report, as: format, unsafeHTML: unsafeHTML)
            try AtomicFile.write(Data(text.utf8), to: url)
            return url
        }
    }

    /// The text of one report format.
    public static func render(_ report: Report, as format: ReportFormat, unsafeHTML: Bool = false)
        -> String
    {
        switch format {
        case .html: return HTMLRenderer.render(report, options: HTMLOptions(unsafeHTML: unsafeHTML))
        case .md: return MarkdownRenderer.render(report)
        case .json: return JSONRenderer.render(report)
        }
    }
}
