import Foundation
import LabMarkdown
import LabReport
@testable import LabSession
import TestSupport
import Testing

/// The reports committed under output/ must be what labrun makes of labs/ today: readers open them
/// without building. `LABRUN_RECORD=1 swift test --filter CommittedReports` rewrites them.
@Suite struct CommittedReportsTests {
    static let root = repositoryRoot()

    static func labs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("labs").path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted()
    }

    @Test func thereAreLabs() {
        #expect(Self.labs().contains("autodiff.md"))
    }

    @Test(arguments: labs())
    func committedReportIsCurrent(lab: String) throws {
        let url = Self.root.appendingPathComponent("labs").appendingPathComponent(lab)
        let bytes = [UInt8](try Data(contentsOf: url))
        // The same relative path the README's command gives, so diagnostics read alike.
        let document = LabParser.parse(bytes: bytes, path: "labs/\(lab)")
        let report = LabSession(document: document, labDirectory: url.deletingLastPathComponent()).run()
        let output = Self.root.appendingPathComponent("output")
        let name = stem(of: lab)
        let links = ReportWriter.links(labDirectory: url.deletingLastPathComponent(), reportDirectory: output)
        expectGolden(ReportWriter.render(report, as: .html, links: links), named: "\(name).html", in: output)
        let markdown = MarkdownRenderer.renderWithFiles(report, links: links)
        expectGolden(markdown.text, named: "\(name).md", in: output)
        for file in markdown.files { expectGolden(file.contents, named: file.path, in: output) }
        // The figure folder holds exactly the figures and the manifest that lists them: no stale
        // figure is left committed, and labrun may remove them when they go stale.
        let names = markdown.files.map { URL(fileURLWithPath: $0.path).lastPathComponent }
        guard !names.isEmpty else { return }
        let folder = "\(name)_files"
        expectGolden(
            FigureFolder.manifestText(stem: name, names: names), named: "\(folder)/\(FigureFolder.manifestName)",
            in: output)
        let present = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent(folder).path)
        #expect(Set(present) == Set(names + [FigureFolder.manifestName]), "stale files in output/\(folder)")
    }
}
