import Foundation
import LabReport

/// A report file format.
public enum ReportFormat: String, CaseIterable, Sendable {
    case html, md, json
}

/// Writes a lab's reports as `<directory>/<stem>.<format>`, each file atomically (a temporary file
/// renamed into place), so a reader never sees a half-written report.
public enum ReportWriter {
    /// Writes the requested formats and returns the paths written. Relative links of the prose are
    /// rewritten to work from `directory`; they were written relative to `labDirectory` (by default
    /// the folder of the lab's path).
    @discardableResult
    public static func write(
        _ report: Report, formats: [ReportFormat], to directory: URL, unsafeHTML: Bool = false,
        labDirectory: URL? = nil
    ) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = stem(of: report.document.path)
        let labFolder = labDirectory ?? URL(fileURLWithPath: report.document.path).deletingLastPathComponent()
        let links = self.links(labDirectory: labFolder, reportDirectory: directory)
        return try formats.map { format in
            let url = directory.appendingPathComponent("\(name).\(format.rawValue)")
            let text: String
            if format == .md {
                // Figures first, so the report never links a file that is not there yet.
                let rendered = MarkdownRenderer.renderWithFiles(report, links: links)
                try writeFiles(rendered.files, in: directory)
                text = rendered.text
                try AtomicFile.write(Data(text.utf8), to: url)
                // Stale figures last: the report that linked them has just been replaced.
                removeStaleFiles(in: directory.appendingPathComponent("\(name)_files"),
                                 keeping: Set(rendered.files.map { directory.appendingPathComponent($0.path).path }))
                return url
            }
            text = render(report, as: format, unsafeHTML: unsafeHTML, links: links)
            try AtomicFile.write(Data(text.utf8), to: url)
            return url
        }
    }

    /// Writes files that go with a report (paths relative to `directory`), each atomically.
    static func writeFiles(_ files: [ReportFile], in directory: URL) throws {
        for file in files {
            let url = directory.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(Data(file.contents.utf8), to: url)
        }
    }

    /// Removes the files in `folder` that the report just written no longer links.
    static func removeStaleFiles(in folder: URL, keeping: Set<String>) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            if !keeping.contains(url.path) { try? FileManager.default.removeItem(at: url) }
        }
    }

    /// How links written relative to `labDirectory` are rewritten for reports in `reportDirectory`.
    public static func links(labDirectory: URL, reportDirectory: URL) -> ProseLinks {
        func real(_ url: URL) -> String { url.standardizedFileURL.resolvingSymlinksInPath().path }
        return ProseLinks(labFolder: ProseLinks.relativePath(from: real(reportDirectory), to: real(labDirectory)))
    }

    /// The text of one report format.
    public static func render(
        _ report: Report, as format: ReportFormat, unsafeHTML: Bool = false,
        links: ProseLinks = ProseLinks(labFolder: nil)
    ) -> String {
        switch format {
        case .html: return HTMLRenderer.render(report, options: HTMLOptions(unsafeHTML: unsafeHTML, links: links))
        case .md: return MarkdownRenderer.render(report, links: links)
        case .json: return JSONRenderer.render(report)
        }
    }
}
