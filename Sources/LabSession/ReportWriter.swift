import Foundation
import LabReport

/// Writes a lab's reports as `<directory>/<stem>.<format>`, each file atomically (a temporary file
/// renamed into place), so a reader never sees a half-written report.
public enum ReportWriter {
    /// Writes the requested formats and returns the paths written. Relative links of the prose are
    /// rewritten to work from `directory`; they were written relative to `labDirectory` (by default
    /// the folder of the lab's path).
    ///
    /// Nothing is written when any file it would write is one of `inputs` or the lab itself
    /// (`OverwriteRefusal`), or when the figure folder is a link or a file (`UnsafeFolder`).
    @discardableResult
    public static func write(
        _ report: Report, formats: [ReportFormat], to directory: URL, unsafeHTML: Bool = false,
        labDirectory: URL? = nil, protecting inputs: [RunInput] = []
    ) throws -> [URL] {
        let name = stem(of: report.document.path)
        let labFolder = labDirectory ?? URL(fileURLWithPath: report.document.path).deletingLastPathComponent()
        let links = self.links(labDirectory: labFolder, reportDirectory: directory)
        let inputs = [RunInput(role: "the lab", path: report.document.path, labPath: report.document.path)] + inputs
        let files = renderAll(report, formats: formats, in: directory, unsafeHTML: unsafeHTML, links: links)
        let folder = FigureFolder(url: directory.appendingPathComponent("\(name)_files"), stem: name)
        let withFigures = formats.contains { $0.writesFiles }
        if withFigures { try folder.checkIsSafe() }
        let targets = files.reports.map(\.url) + files.figures.map(\.url) + (withFigures ? [folder.manifest] : [])
        try OutputGuard.check(targets, against: inputs, shownAs: displayPath)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Figures first, so the report never links a file that is not there yet.
        try write(figures: files.figures, in: folder)
        for file in files.reports { try AtomicFile.write(Data(file.text.utf8), to: file.url) }
        // Stale figures last: the report that linked them has just been replaced.
        if withFigures {
            try folder.removeStale(keeping: files.figures.map(\.url.lastPathComponent), protecting: inputs)
        }
        return files.reports.map(\.url)
    }

    /// A file's place and text, rendered but not yet written.
    struct PendingFile {
        var url: URL
        var text: String
    }

    /// Every report in `formats` and the figures that go with them.
    static func renderAll(
        _ report: Report, formats: [ReportFormat], in directory: URL, unsafeHTML: Bool, links: ProseLinks
    ) -> (reports: [PendingFile], figures: [PendingFile]) {
        var reports: [PendingFile] = []
        var figures: [PendingFile] = []
        for (format, url) in zip(formats, reportFiles(of: report.document.path, formats: formats, in: directory)) {
            let rendered = format.render(report, options: RenderOptions(unsafeHTML: unsafeHTML, links: links))
            reports.append(PendingFile(url: url, text: rendered.text))
            figures += rendered.files.map { PendingFile(url: directory.appendingPathComponent($0.path), text: $0.contents) }
        }
        return (reports, figures)
    }

    /// Writes `figures` into `folder`, listing them in its manifest first, so a run killed while
    /// writing them leaves them known as labrun's.
    static func write(figures: [PendingFile], in folder: FigureFolder) throws {
        guard !figures.isEmpty else { return }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        try folder.checkIsSafe()
        let names = Set(figures.map(\.url.lastPathComponent))
        let listed = Set(folder.listed())
        if !names.isSubset(of: listed) { try folder.record(Array(listed.union(names))) }
        for figure in figures { try AtomicFile.write(Data(figure.text.utf8), to: figure.url) }
    }

    /// The report files (not figures) of the lab at `labPath` in `directory`.
    public static func reportFiles(of labPath: String, formats: [ReportFormat], in directory: URL) -> [URL] {
        formats.map { directory.appendingPathComponent("\(stem(of: labPath)).\($0.fileExtension)") }
    }

    /// `url`'s path relative to the working folder when it lies below it, as a user would type it.
    public static func displayPath(_ url: URL) -> String {
        let here = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        return path.hasPrefix(here + "/") ? String(path.dropFirst(here.count + 1)) : path
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
        format.render(report, options: RenderOptions(unsafeHTML: unsafeHTML, links: links)).text
    }
}
