/// The choices every renderer is given.
public struct RenderOptions: Sendable, Equatable {
    /// Pass raw HTML and every link URL through unchanged, in the HTML and the Markdown report
    /// (trusted authors only).
    public var unsafeHTML: Bool
    /// How relative links of the prose are rewritten for the report's folder.
    public var links: ProseLinks

    public init(unsafeHTML: Bool = false, links: ProseLinks = ProseLinks(labFolder: nil)) {
        self.unsafeHTML = unsafeHTML
        self.links = links
    }
}

/// A rendered report: its text and the files that go beside it (figures, paths relative to the
/// report's folder, all inside `<stem>_files/`).
public struct RenderedReport: Sendable, Equatable {
    public var text: String
    public var files: [ReportFile]

    public init(text: String, files: [ReportFile] = []) {
        self.text = text
        self.files = files
    }
}

/// One report format: its name (on the command line and as the file's extension), a line for
/// `--help`, and its renderer. `ReportFormat.all` is the one table of formats: the command line's
/// help, validation and default, and the writer all read it, so a new format is a renderer file
/// and one entry here.
public struct ReportFormat: Sendable, Hashable, CustomStringConvertible {
    /// `html`: also the extension of the file written, unless `fileExtension` says otherwise.
    public let name: String
    /// The report file's extension (`junit.xml` for `junit`).
    public let fileExtension: String
    /// What the format is for, as `--help` lists it.
    public let summary: String
    /// Whether the format writes figure files into `<stem>_files/` beside the report.
    public let writesFiles: Bool
    private let renderer: @Sendable (Report, RenderOptions) -> RenderedReport

    init(
        name: String, summary: String, writesFiles: Bool = false, fileExtension: String? = nil,
        renderer: @escaping @Sendable (Report, RenderOptions) -> RenderedReport
    ) {
        self.name = name
        self.fileExtension = fileExtension ?? name
        self.summary = summary
        self.writesFiles = writesFiles
        self.renderer = renderer
    }

    /// The report in this format.
    public func render(_ report: Report, options: RenderOptions = RenderOptions()) -> RenderedReport {
        renderer(report, options)
    }

    public var description: String { name }
    public static func == (a: ReportFormat, b: ReportFormat) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    public static let html = ReportFormat(name: "html", summary: "a self-contained HTML handout") { report, options in
        RenderedReport(text: HTMLRenderer.render(report, options: HTMLOptions(unsafeHTML: options.unsafeHTML, links: options.links)))
    }
    public static let md = ReportFormat(name: "md", summary: "GitHub-flavoured Markdown, figures in <stem>_files/", writesFiles: true) {
        report, options in
        let (text, files) = MarkdownRenderer.renderWithFiles(report, links: options.links, unsafeHTML: options.unsafeHTML)
        return RenderedReport(text: text, files: files)
    }
    public static let json = ReportFormat(name: "json", summary: "cell statuses, outputs and timings for tools") {
        report, _ in RenderedReport(text: JSONRenderer.render(report))
    }

    public static let junit = ReportFormat(
        name: "junit", summary: "JUnit XML for CI dashboards, a test case per cell (<stem>.junit.xml)",
        fileExtension: "junit.xml"
    ) { report, _ in
        RenderedReport(text: JUnitXML.render([JUnitXML.suite(of: report, timings: false)], name: report.document.path))
    }

    /// Every format, in the order the reports are written and listed.
    public static let all: [ReportFormat] = [.html, .md, .json, .junit]

    /// The formats written when `--format` is not given.
    public static let defaults: [ReportFormat] = [.html, .md, .json]

    /// The format called `name` (any case), or nil.
    public static func named(_ name: String) -> ReportFormat? {
        all.first { $0.name == name.lowercased() }
    }

    /// `html, md, json or junit`, for messages.
    public static var namesInProse: String {
        let names = all.map(\.name)
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }
}
