import Foundation
import LabOutput
import Testing
import TestSupport
@testable import LabReport

/// Computation-graph outputs in the three formats; the board example's picture and tree are golden files.
@Suite struct GraphRenderingTests {
    /// f = x·(x+y) + y·y at x = 2, y = 3 after backward, as `graph(f)` describes it.
    static let board = GraphOutput(
        title: "Computation graph of f",
        nodes: [
            .init(id: 0, lines: ["x", "value 2", "grad 7"], kind: .leaf),
            .init(id: 1, lines: ["y", "value 3", "grad 8"], kind: .leaf),
            .init(id: 2, lines: ["add", "value 5", "grad 2"], kind: .operation),
            .init(id: 3, lines: ["mul", "value 10", "grad 1"], kind: .operation),
            .init(id: 4, lines: ["mul", "value 9", "grad 1"], kind: .operation),
            .init(id: 5, lines: ["f = add", "value 19", "grad 1"], kind: .operation),
        ],
        edges: [
            .init(from: 0, to: 2, slot: 0), .init(from: 1, to: 2, slot: 1),
            .init(from: 0, to: 3, slot: 0), .init(from: 2, to: 3, slot: 1),
            .init(from: 1, to: 4, slot: 0), .init(from: 1, to: 4, slot: 1),
            .init(from: 3, to: 5, slot: 0), .init(from: 4, to: 5, slot: 1),
        ],
        root: 5)

    static func report(_ outputs: [CellOutput]) -> Report {
        Fixture.single("graph(f)", result: CellResult(status: .ok, outputs: outputs))
    }

    @Test func boardPictureIsGolden() throws {
        let svg = try #require(GraphSVG.file(Self.board))
        expectGolden(svg, named: "graph/board.svg", in: goldenDirectory())
        // Deterministic and self-contained: no version comment, no generated ids, nothing external.
        #expect(!svg.contains("<!--"))
        #expect(!svg.contains(" id="))
        #expect(!svg.contains("href"))
        #expect(GraphSVG.file(Self.board) == svg)
    }

    @Test func boardTreeIsGolden() {
        let tree = GraphText.tree(Self.board)
        expectGolden(tree, named: "graph/board-tree.txt", in: goldenDirectory())
        // x feeds two operations: shown once in full, then referred to.
        #expect(tree.components(separatedBy: "x (value 2, grad 7)").count == 2)
        #expect(tree.contains("x [1] ↑"))
        #expect(tree.hasPrefix("f = add (value 19, grad 1)\n"))
    }

    @Test func jsonHasNodesAndEdgesAsData() {
        let json = JSONRenderer.render(Self.report([.graph(Self.board)]), timings: false)
        expectGolden(json, named: "graph/board.json", in: goldenDirectory())
        #expect(json.contains("\"type\": \"graph\""))
    }

    @Test func htmlInlinesTheFigureWithACaption() {
        let html = HTMLRenderer.render(Self.report([.graph(Self.board)]))
        #expect(html.contains("<figure class=\"graph-figure\">\n<svg role=\"img\""))
        #expect(html.contains("<figcaption>Figure 1. Computation graph of f</figcaption>"))
        #expect(html.contains(".graph-figure .node.leaf"))
        #expect(!html.contains("<?xml"))
        // Pages without graphs do not carry the graph styles.
        #expect(!HTMLRenderer.render(Self.report([.text("1")])).contains("graph-figure"))
    }

    @Test func markdownLinksTheFigureFileAndShowsTheTree() throws {
        let report = Self.report([.text("before"), .graph(Self.board)])
        let (text, files) = MarkdownRenderer.renderWithFiles(report)
        let stem = LabReport.stem(of: report.document.path)
        let path = "\(stem)_files/cell1-graph2.svg"
        #expect(files.map(\.path) == [path])
        #expect(files.first?.contents == GraphSVG.file(Self.board))
        #expect(text.contains("![Computation graph of f](<\(path)>)"))
        #expect(text.contains("```text\nf = add (value 19, grad 1)\n"))
        #expect(MarkdownRenderer.render(report) == text)
    }

    @Test func labelsAreEscapedEverywhere() throws {
        let hostile = GraphOutput(
            title: "a <b> & \"c\"",
            nodes: [.init(id: 0, lines: ["<script>alert(1)</script>", "a & b > c", "\"q\" ]; n9 [x"], kind: .operation)],
            edges: [], root: 0)
        let svg = try #require(GraphSVG.inline(hostile))
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;"))
        #expect(svg.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"))
        let md = MarkdownRenderer.render(Self.report([.graph(hostile)]))
        #expect(md.contains("![a \\<b> & \"c\"]("))
        #expect(md.contains("<script>alert(1)</script> (a & b > c") && md.contains("```text\n<script>"))
    }

    @Test func summarisedTreeSaysWhatIsMissing() {
        var g = Self.board
        g.nodes.removeAll { $0.id < 2 }
        g.summarised = true
        g.totalNodes = 6
        let tree = GraphText.tree(g)
        #expect(tree.hasSuffix("… 2 more nodes not shown\n"))
        #expect(g.caption.contains("summarised: 4 of 6 nodes"))
    }

    @Test func treeIgnoresEdgesToUnknownNodesAndCycles() {
        let g = GraphOutput(
            title: "t", nodes: [.init(id: 0, lines: ["a"], kind: .operation), .init(id: 1, lines: ["b"], kind: .leaf)],
            edges: [.init(from: 1, to: 0, slot: 0), .init(from: 0, to: 1, slot: 0), .init(from: 7, to: 0, slot: 1)],
            root: 0)
        #expect(GraphText.tree(g) == "a  [1]\n└── b\n    └── a [1] ↑\n")
    }

    @Test func graphvizCallsFromManyThreadsAgree() {
        let expected = GraphSVG.inline(Self.board)
        let results = ResultsBox(count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { i in results.set(i, GraphSVG.inline(Self.board)) }
        #expect(expected != nil)
        #expect(results.values.allSatisfy { $0 == expected })
    }
}

/// Collects results written from several threads.
private final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: String?) { lock.lock(); storage[i] = value; lock.unlock() }
    var values: [String?] { lock.lock(); defer { lock.unlock() }; return storage }
}

@Suite struct GraphSearchBoundTests {
    func graph(nodes: Int) -> GraphOutput {
        GraphOutput(
            title: "g", nodes: (0..<nodes).map { GraphOutput.Node(id: $0, lines: ["n\($0)"], kind: .operation) },
            edges: (1..<max(nodes, 2)).map { GraphOutput.Edge(from: 0, to: $0, slot: 0) }, root: nodes - 1)
    }

    @Test func largeGraphsBoundDotsSearchesAndSmallOnesKeepTheirLayout() {
        #expect(GraphDOT.dot(graph(nodes: 41)).contains("mclimit=0.1, nslimit=2, nslimit1=2"))
        #expect(!GraphDOT.dot(graph(nodes: 40)).contains("mclimit"))
    }
}

@Suite struct GraphLabelTests {
    /// Control characters in a label made Graphviz refuse the whole graph (found by LabDocFuzz).
    @Test func controlCharactersInLabelsStillDraw() {
        let graph = GraphOutput(
            title: "t", nodes: [GraphOutput.Node(id: 0, lines: ["a\u{1}b", "c\u{7F}\td\r\ne"], kind: .operation)],
            edges: [], root: 0)
        #expect(GraphDOT.escape("a\u{1}b<") == "a\u{FFFD}b&lt;")
        let svg = GraphSVG.inline(graph)
        #expect(svg != nil && svg?.contains("a\u{FFFD}b") == true)
    }
}
