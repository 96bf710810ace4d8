import Foundation
import TestSupport
import Testing

/// End to end: `graph(f)` in a lab gives an inline SVG in the HTML and an SVG file the Markdown links.
@Suite struct GraphFigureTests {
    static let lab = """
        # Board graph

        ```swift-lab
        let x = tensor(2.0, requiresGrad: true)
        let y = tensor(3.0, requiresGrad: true)
        let f = x * (x + y) + y * y
        f.backward()
        graph(f)
        ```
        """

    @Test func markdownReportLinksTheSVGFileWrittenBesideIt() throws {
        let dir = try makeTemporaryDirectory()
        try Self.lab.write(to: dir.appendingPathComponent("board graph.md"), atomically: true, encoding: .utf8)
        let result = try runLabrun(["board graph.md"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let output = dir.appendingPathComponent("output")
        let markdown = try String(contentsOf: output.appendingPathComponent("board graph.md"), encoding: .utf8)
        #expect(markdown.contains("![Computation graph of f](<board%20graph_files/cell1-graph1.svg>)"))
        let svgURL = output.appendingPathComponent("board graph_files/cell1-graph1.svg")
        let svg = try String(contentsOf: svgURL, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") && svg.contains("<svg role=\"img\""))
        #expect(svg.contains(">grad 7</text>"))
        let html = try String(contentsOf: output.appendingPathComponent("board graph.html"), encoding: .utf8)
        #expect(html.contains("<figure class=\"graph-figure\">"))
        #expect(html.contains(">grad 8</text>"))
    }

    /// Graphviz measures labels with its own Helvetica/Arial metrics, not the machine's fonts, so a
    /// figure is the same bytes with the fonts fontconfig finds and with none at all (without
    /// that, README's first line rewrote the committed figures on machines with other fonts).
    @Test func figuresDoNotDependOnTheMachinesFonts() throws {
        let dir = try makeTemporaryDirectory()
        try Self.lab.write(to: dir.appendingPathComponent("board.md"), atomically: true, encoding: .utf8)
        let noFonts = dir.appendingPathComponent("fonts.conf")
        try "<?xml version=\"1.0\"?>\n<fontconfig><dir>\(dir.path)/none</dir><cachedir>\(dir.path)/cache</cachedir></fontconfig>\n"
            .write(to: noFonts, atomically: true, encoding: .utf8)
        #expect(try runLabrun(["--format", "md", "--out", "a", "board.md"], in: dir).status == 0)
        let bare = try runLabrun(
            ["--format", "md", "--out", "b", "board.md"], in: dir, environment: ["FONTCONFIG_FILE": noFonts.path])
        #expect(bare.status == 0, "\(bare.stderr)")
        let figure = "board_files/cell1-graph1.svg"
        let a = try String(contentsOf: dir.appendingPathComponent("a/\(figure)"), encoding: .utf8)
        let b = try String(contentsOf: dir.appendingPathComponent("b/\(figure)"), encoding: .utf8)
        #expect(a == b)
        #expect(a.contains("width=\"183pt\""), "Helvetica metrics give the board graph 183 pt")
    }
}

/// Graph layout is bounded: a value reused by every step of a loop made Graphviz's searches explode
/// (`s = s * c + t` 66 times: 144 s per graph, laid out once per report format, after the cell and
/// outside its time limit).
@Suite struct GraphLayoutBoundTests {
    @Test func loopShapedGraphsLayOutInSeconds() throws {
        let cell = """
            let c = tensor(1.01, requiresGrad: true)
            let t = tensor(0.5, requiresGrad: true)
            var s = tensor(1.0, requiresGrad: true)
            for _ in 0..<66 { s = s * c + t }
            for _ in 0..<5 { graph(s) }
            """
        let dir = try makeTemporaryDirectory()
        try "```swift-lab\n\(cell)\n```\n".write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        let start = Date()
        let result = try runLabrun(["lab.md"], in: dir)
        let seconds = Date().timeIntervalSince(start)
        #expect(result.status == 0, "\(result.stderr)")
        // A hang guard, not a speed target: unbounded, this lab took over 20 minutes.
        #expect(seconds < 60, "took \(seconds) s")
        let html = try String(contentsOf: dir.appendingPathComponent("output/lab.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<figure class=\"graph-figure\">").count == 6, "five drawn graphs")
        #expect(html.contains("summarised: 40 of"))
    }
}
