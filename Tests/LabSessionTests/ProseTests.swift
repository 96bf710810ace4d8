import Foundation
import LabMarkdown
import LabReport
import LabSession
import TestSupport
import Testing

/// What the session does for the prose: formula warnings, embedded images, links that work from `<out>/`.
@Suite struct ProseTests {
    @Test func unsupportedCommandsAreWarningsAtTheirPlaceInTheLab() {
        let report = runLab("# T\n\nFine $x^2$, not $a + \\foo b$.\n\n$$\n\\alpha +\n  \\nope{x}\n$$\n")
        let warnings = report.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.map(\.message) == ["math: unsupported command \\foo", "math: unsupported command \\nope"])
        #expect(warnings.map(\.line) == [3, 7])
        #expect(warnings.map(\.column) == [22, 3])
        #expect(report.succeeded, "warnings do not fail the lab")
        // The formula is still shown, the command as TeX source.
        #expect(HTMLRenderer.render(report).contains("<merror>"))
    }

    @Test func supportedMathGivesNoWarnings() {
        let report = runLab("$$\\begin{aligned} a &= \\frac{1}{2} \\\\ b &= \\sqrt{c} \\end{aligned}$$\n")
        #expect(report.diagnostics.isEmpty)
    }

    /// A lab folder `labs/` with images and an `out/` folder beside it, inside a fresh temporary folder.
    private func labFolder(_ lab: String) throws -> (root: URL, lab: URL) {
        let root = try makeTemporaryDirectory("labrun-prose")
        let labs = root.appendingPathComponent("labs")
        let data = labs.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]).write(to: data.appendingPathComponent("pic.png"))
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8).write(to: data.appendingPathComponent("d.svg"))
        try Data(count: 5 * 1024 * 1024 + 1).write(to: data.appendingPathComponent("big.gif"))
        try Data([1]).write(to: data.appendingPathComponent("old.bmp"))
        try Data([1]).write(to: root.appendingPathComponent("secret.png"))
        let url = labs.appendingPathComponent("lab.md")
        try Data(lab.utf8).write(to: url)
        return (root, url)
    }

    @Test func relativeImagesAreEmbeddedAndProblemsAreLocatedWarnings() throws {
        let lab = """
            # Pictures

            ![a](data/pic.png) and ![b](data/d.svg) and ![a again](data/pic.png)

            - ![missing](data/nope.png)
            - ![big](data/big.gif) ![bmp](data/old.bmp)

            ![out](../secret.png) ![web](https://example.org/x.png)

            """
        let (root, url) = try labFolder(lab)
        defer { try? FileManager.default.removeItem(at: root) }
        let report = LabSession(document: try LabParser.parse(contentsOfFile: url.path)).run()
        #expect(report.embeddedImages["data/pic.png"] == "data:image/png;base64,iVBORwECAw==")
        #expect(report.embeddedImages["data/d.svg"]?.hasPrefix("data:image/svg+xml;base64,") == true)
        #expect(report.embeddedImages.count == 2)
        let found = report.diagnostics.map { "\($0.line):\($0.column) \($0.message)" }
        #expect(found == [
            "5:14 image 'data/nope.png' not found in the lab's folder",
            "6:10 image 'data/big.gif' is 5.0 MB, over the 5 MB embedding limit",
            "6:31 image 'data/old.bmp' is not embedded: only png, jpeg, gif, svg and webp files are",
            "8:8 image '../secret.png' is outside the lab's folder and is not read",
        ])
        #expect(report.diagnostics.allSatisfy { $0.severity == .warning })
        let html = HTMLRenderer.render(report)
        #expect(html.contains("<img src=\"data:image/png;base64,iVBORwECAw==\" alt=\"a\" />"))
        #expect(html.contains("<img src=\"data:image/svg+xml;base64,"))
        #expect(html.contains("<img src=\"data/nope.png\" alt=\"missing\" />"))
        #expect(html.contains("<img src=\"https://example.org/x.png\""))
    }

    @Test func linksWorkFromTheOutputFolderInBothReports() throws {
        let lab = """
            # Links

            See [the other lab](other.md#part-2), [a deeper one](more/third.md), the [data](data/x.csv),
            [up](../README.md), [the web](https://example.org/a.md), [here](#links) and ![pic](data/pic.png).
            Code stays: `[a](data/x.csv)` and the [reference][r].

            [r]: data/y.csv "Y"

            ```text
            [not a link](data/x.csv)
            ```

            """
        let (root, url) = try labFolder(lab)
        defer { try? FileManager.default.removeItem(at: root) }
        let report = LabSession(document: try LabParser.parse(contentsOfFile: url.path)).run()
        let out = root.appendingPathComponent("out")
        try ReportWriter.write(report, formats: [.html, .md], to: out)
        let markdown = try String(contentsOf: out.appendingPathComponent("lab.md"), encoding: .utf8)
        #expect(markdown == """
            # Links

            See [the other lab](other.md#part-2), [a deeper one](third.md), the [data](../labs/data/x.csv),
            [up](../README.md), [the web](https://example.org/a.md), [here](#links) and ![pic](../labs/data/pic.png).
            Code stays: `[a](data/x.csv)` and the [reference][r].

            [r]: ../labs/data/y.csv "Y"

            ```text
            [not a link](data/x.csv)
            ```

            """)
        let html = try String(contentsOf: out.appendingPathComponent("lab.html"), encoding: .utf8)
        for href in ["other.html#part-2", "third.html", "../labs/data/x.csv", "../README.md", "https://example.org/a.md",
                     "#links", "../labs/data/y.csv"] {
            #expect(html.contains("href=\"\(href)\""), "missing href \(href)")
        }
        #expect(html.contains("<img src=\"data:image/png;base64,"))
    }
}
