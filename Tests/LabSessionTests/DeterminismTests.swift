import Foundation
import LabMarkdown
import LabReport
import LabSession
import TestSupport
import Testing

/// The same lab run twice, in separate sessions, gives byte-identical reports and figure files.
@Suite struct DeterminismTests {
    static let lab = """
        # Twice

        The loss $L(\\theta) = \\frac{1}{n} \\sum_i (y_i - \\theta x_i)^2$ and its gradient

        $$\\frac{\\partial L}{\\partial \\theta} = -\\frac{2}{n} \\sum_i x_i (y_i - \\theta x_i)$$

        ![a dot](dot.svg)

        ```swift-lab
        seed(7)
        let w = randn([3], requiresGrad: true)
        let x = tensor(2.0, requiresGrad: true)
        let f = x * (x + w.sum()) + x
        f.backward()
        graph(f)
        ```

        ```swift-lab
        backwardSteps(f)
        ```

        ```swift-lab
        let h = History()
        for i in 1...30 { h.record(epoch: i, loss: 1.0 / Double(i), other: Double(i % 7)) }
        h
        ```

        ```swift-lab
        plot(x: [1.0, 2.0, 3.0, 4.0], y: [1.0, 4.0, 9.0, 16.0])
        ```

        """

    /// Every file under `folder`, by relative path.
    private func files(in folder: URL) throws -> [String: Data] {
        var found: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
                  !isDirectory.boolValue else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count))
            found[relative] = try Data(contentsOf: url)
        }
        return found
    }

    @Test func twoRunsGiveIdenticalFiles() throws {
        let root = try makeTemporaryDirectory("labrun-twice")
        defer { try? FileManager.default.removeItem(at: root) }
        let labs = root.appendingPathComponent("labs")
        try FileManager.default.createDirectory(at: labs, withIntermediateDirectories: true)
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\" height=\"2\"/>".utf8)
            .write(to: labs.appendingPathComponent("dot.svg"))
        let url = labs.appendingPathComponent("twice.md")
        try Data(Self.lab.utf8).write(to: url)
        var outputs: [[String: Data]] = []
        for run in ["first", "second"] {
            let report = LabSession(document: try LabParser.parse(contentsOfFile: url.path)).run()
            #expect(report.succeeded, "\(report.cells.flatMap(\.diagnostics))")
            let out = root.appendingPathComponent(run)
            try ReportWriter.write(report, formats: [.html, .md], to: out)
            // The JSON report holds wall times; without them it must be identical too.
            try Data(JSONRenderer.render(report, timings: false).utf8).write(to: out.appendingPathComponent("twice.json"))
            outputs.append(try files(in: out))
        }
        let names = outputs[0].keys.sorted()
        #expect(names == outputs[1].keys.sorted())
        #expect(names.contains { $0.hasSuffix(".svg") && $0.contains("graph") }, "a graph figure: \(names)")
        #expect(names.contains { $0.hasSuffix(".svg") && $0.contains("chart") }, "a chart figure: \(names)")
        for name in names {
            #expect(outputs[0][name] == outputs[1][name], "\(name) differs between runs")
        }
        let html = String(decoding: outputs[0]["/twice.html"] ?? Data(), as: UTF8.self)
        #expect(html.contains("<math display=\"block\">") && html.contains("<svg") && html.contains("data:image/svg+xml"))
    }
}
