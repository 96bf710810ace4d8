import Foundation
import LabMarkdown
import LabReport
import LabSession
import TestSupport
import Testing

/// The handouts in a real browser (issue 18): headless Chromium at a phone's and a laptop's width,
/// in both colour schemes and printed. `.ci/deps` installs Chromium and poppler-utils; without
/// Chromium (a developer's machine) the suite is skipped. Each failure leaves a screenshot in
/// `HandoutBrowser.failureFolder`.
@Suite(.enabled(if: HandoutBrowser.executable != nil, "Chromium is not installed (.ci/deps installs it): browser checks skipped"),
       .serialized)
struct HandoutBrowserTests {
    /// A lab made to be hard on the layout: long code and output lines, a wide table, tiny and huge
    /// numbers, formulas with every kind of symbol, a failure and the cells it keeps from running.
    static let stress = """
        # Stress: a handout under pressure

        Prose with math $\\theta \\leftarrow \\theta - \\alpha \\nabla_\\theta L(\\theta)$, primes $f'(x)$ and $f''(x)$,
        sets $\\mathbb{R}^n$, $\\mathcal{L}$, $\\hat{y}$, $\\bar{x}$ and a long word: Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen.

        $$\\sum_{i=1}^{n} \\left( \\frac{\\partial L}{\\partial w_i} \\right)^2 \\le \\int_0^\\infty e^{-x^2} \\, dx = \\frac{\\sqrt{\\pi}}{2}$$

        ```swift-lab id=long
        let aVeryLongVariableNameThatKeepsGoing = [0.000000000090267, 123456789.123456789, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
        print(aVeryLongVariableNameThatKeepsGoing, aVeryLongVariableNameThatKeepsGoing.count, "and some more text to make the line long")
        var xs = ""
        for _ in 0..<300 { xs += "x" }
        print(xs)
        ```

        ```swift-lab id=wide
        let table = tensor([[0.000000000090267, 123456789.0, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5]])
        table
        ```

        ```swift-lab id=charts
        plot(x: [1.0, 2.0, 3.0, 4.0, 5.0], y: [[1.0, 4.0, 9.0, 16.0, 25.0], [2.0, 3.0, 5.0, 7.0, 11.0]], labels: ["squares", "primes"], title: "two series with a title long enough to matter", xLabel: "the step", yLabel: "the value")
        heatmap(tensor([[1.0, 0.5, 0.25], [0.25, 2.0, 1.0]]), rows: ["first row", "second row"], columns: ["a", "b", "c"], title: "weights")
        ```

        ```swift-lab id=board
        let x = tensor(2.0, requiresGrad: true)
        let y = tensor(3.0, requiresGrad: true)
        let out = x * (x + y) + y * y
        out.backward()
        graph(out)
        ```

        ```swift-lab id=broken
        let z = undefinedNameThatIsLongEnoughToWrapTheDiagnosticLineOnAPhoneScreen + aVeryLongVariableNameThatKeepsGoing.count
        ```

        ```swift-lab id=after
        print("never runs")
        ```

        """

    /// Every lab of labs/ and the stress lab, rendered as `labrun` renders them.
    static func handouts() throws -> [(name: String, html: String)] {
        let root = repositoryRoot()
        let labs = root.appendingPathComponent("labs")
        var result: [(String, String)] = []
        let names = try FileManager.default.contentsOfDirectory(atPath: labs.path).filter { $0.hasSuffix(".md") }.sorted()
        for name in names {
            let url = labs.appendingPathComponent(name)
            let document = LabParser.parse(bytes: [UInt8](try Data(contentsOf: url)), path: "labs/\(name)")
            let report = LabSession(document: document, labDirectory: labs).run()
            result.append((stem(of: name), ReportWriter.render(report, as: .html)))
        }
        let stress = LabSession(document: LabParser.parse(text: stress, path: "stress.md"), options: SessionOptions(keepGoing: false)).run()
        result.append(("stress", ReportWriter.render(stress, as: .html)))
        return result
    }

    @Test func nothingIsCutOffAtAPhonesOrALaptopsWidthAndTheMathUsesItsOwnFont() throws {
        let folder = try makeTemporaryDirectory("labrun-browser")
        let browser = try #require(HandoutBrowser(folder: folder))
        for (name, html) in try Self.handouts() {
            for width in [390, 1280] {
                let (m, console) = try browser.measure(html, name: name, width: width, dark: false)
                let problems = m.overflow.map { "overflows the page: \($0)" } + m.cut.map { "cut off: \($0)" }
                    + (width == 390 ? m.smallChartText.map { "chart text under 10 px: \($0)" } : [])
                    + m.lowContrast.map { "contrast: \($0)" } + console.map { "console: \($0)" }
                    + (m.hasMath && !m.fonts.contains("labrun Math:loaded") ? ["the embedded math font was not used: \(m.fonts)"] : [])
                    + Self.primeProblems(m.primeWidths)
                    + (m.copy.map { ["Copied", "Selected"].contains($0) ? [] : ["the copy button said \($0)"] } ?? ["no copy button"])
                if !problems.isEmpty {
                    let shot = browser.screenshot(html, name: name, width: width)
                    Issue.record("\(name) at \(width) px (screenshot \(shot)):\n\(problems.prefix(12).joined(separator: "\n"))")
                }
            }
        }
    }

    /// A superscript prime must be drawn in the font's script-style form (the `ssty` feature),
    /// about 30% wider than the baseline prime the browser shrinks to a speck without it.
    static func primeProblems(_ widths: [Double]?) -> [String] {
        guard let widths else { return [] }
        guard widths.count == 2, widths[0] > widths[1] * 1.15 else {
            return ["a superscript prime is not drawn in its script-style form (widths \(widths) px with and without ssty)"]
        }
        return []
    }

    @Test func darkModeKeepsTextReadable() throws {
        let folder = try makeTemporaryDirectory("labrun-browser-dark")
        let browser = try #require(HandoutBrowser(folder: folder))
        for (name, html) in try Self.handouts() {
            let (m, _) = try browser.measure(html, name: name, width: 1280, dark: true)
            #expect(m.dark, "\(name): the dark scheme did not apply")
            if !m.lowContrast.isEmpty {
                let shot = browser.screenshot(HandoutBrowser.darkScheme(html), name: "\(name)-dark", width: 1280)
                Issue.record("\(name) in dark mode (screenshot \(shot)):\n\(m.lowContrast.prefix(12).joined(separator: "\n"))")
            }
        }
    }

    @Test func printedPagesAreNotMostlyEmpty() throws {
        guard HandoutBrowser.onPath("pdftoppm") != nil else { return }
        let folder = try makeTemporaryDirectory("labrun-browser-print")
        let browser = try #require(HandoutBrowser(folder: folder))
        for (name, html) in try Self.handouts() {
            for paper in ["A4", "letter"] {
                let empty = try browser.printedPages(html, name: name, paper: paper)
                for (number, share) in empty.dropLast().enumerated() where share > 0.4 {
                    Issue.record("\(name) on \(paper): page \(number + 1) of \(empty.count) is \(Int(share * 100))% empty")
                }
            }
        }
    }
}
