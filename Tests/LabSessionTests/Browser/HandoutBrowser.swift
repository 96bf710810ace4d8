import Foundation
import LabMarkdown
import LabReport
import LabSession
import TestSupport

/// Headless Chromium as a reader's browser, for the handout tests (issue 18). Each check loads a
/// copy of a handout with a probe script added at its end (the handout itself has none), lets it
/// run, and reads what it measured from the dumped DOM.
struct HandoutBrowser {
    /// The Chromium executable, if one is installed (`.ci/deps` installs Debian's `chromium`).
    static let executable: String? = DevToolsPage.executable

    static func onPath(_ name: String) -> String? { DevToolsPage.onPath(name) }

    /// Where failing checks leave their screenshots.
    static let failureFolder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-browser-failures")

    let chromium: String
    let folder: URL

    init?(folder: URL) {
        guard let chromium = Self.executable else { return nil }
        self.chromium = chromium
        self.folder = folder
    }

    /// What the probe measured on one handout at one width and colour scheme.
    struct Measurement: Decodable {
        var width: Int
        var dark: Bool
        /// Elements reaching past the page's right edge outside any scrolling box.
        var overflow: [String]
        /// Code, output and diagnostics (`pre`) whose text does not fit their box.
        var cut: [String]
        /// Chart texts drawn under 10 CSS px.
        var smallChartText: [String]
        /// Text whose contrast with its background is under 4.5:1.
        var lowContrast: [String]
        /// Every font face: family and status ("loaded", "unloaded", "error").
        var fonts: [String]
        var hasMath: Bool
        /// The widths of a superscript prime with and without the `prime` class, when the page has one.
        var primeWidths: [Double]?
        /// The first copy button's label after a click ("Copied", or "Selected" where the clipboard
        /// refused); nil without code.
        var copy: String?
    }

    /// Runs Chromium on `html` at `width` CSS px and returns the probe's findings and what the
    /// page wrote to the console.
    func measure(_ html: String, name: String, width: Int, dark: Bool) throws -> (Measurement, console: [String]) {
        let page = folder.appendingPathComponent("\(name)-\(width)\(dark ? "-dark" : "").html")
        let probe = try String(contentsOf: Self.probeURL, encoding: .utf8)
        var text = html.replacingOccurrences(of: "</body>", with: "<script>\n\(probe)\n</script>\n</body>")
        if dark {
            // The handout follows the reader's scheme through this media query; the copy takes it.
            text = Self.darkScheme(text)
        }
        try text.write(to: page, atomically: true, encoding: .utf8)
        let frame = try framed(page, width: width, height: 1200)
        let result = try run([
            "--window-size=\(width + 40),1240", "--virtual-time-budget=10000", "--enable-logging=stderr", "--v=0",
            "--dump-dom", frame.absoluteString,
        ])
        guard let start = result.stdout.range(of: "<pre id=\"labrun-probe\">", options: .backwards),
              let end = result.stdout.range(of: "</pre>", range: start.upperBound..<result.stdout.endIndex) else {
            throw ProbeError(message: "the probe wrote nothing for \(name) at \(width) px: \(result.stderr.suffix(2000))")
        }
        let json = String(result.stdout[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        let measurement = try JSONDecoder().decode(Measurement.self, from: Data(json.utf8))
        let console = result.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return (measurement, console)
    }

    /// A page showing `page` in a frame `width` CSS px wide, which writes what the probe in the
    /// frame sends it into `<pre id="labrun-probe">`. Headless Chromium's window is never narrower
    /// than 500 px, so a phone's width needs the frame.
    func framed(_ page: URL, width: Int, height: Int) throws -> URL {
        let frame = page.deletingPathExtension().appendingPathExtension("frame.html")
        let html = """
            <!doctype html><html><body style="margin:0">
            <iframe src="\(page.lastPathComponent)" style="border:0; width:\(width)px; height:\(height)px"></iframe>
            <script>
            window.addEventListener("message", (event) => {
              const out = document.createElement("pre");
              out.id = "labrun-probe";
              out.textContent = event.data;
              document.body.appendChild(out);
            });
            </script></body></html>
            """
        try html.write(to: frame, atomically: true, encoding: .utf8)
        return frame
    }

    /// `html` with its dark colour scheme applied whatever the browser prefers.
    static func darkScheme(_ html: String) -> String {
        html.replacingOccurrences(of: " and (prefers-color-scheme: dark)", with: "")
            .replacingOccurrences(of: "@media (prefers-color-scheme: dark)", with: "@media all")
    }

    /// The handout printed to PDF on `paper` (`A4`, `letter`) and each page's empty share below its
    /// last ink, in page order.
    func printedPages(_ html: String, name: String, paper: String) throws -> [Double] {
        let page = folder.appendingPathComponent("\(name)-print-\(paper).html")
        let text = html.replacingOccurrences(of: "</head>", with: "<style>@page { size: \(paper); }</style>\n</head>")
        try text.write(to: page, atomically: true, encoding: .utf8)
        let pdf = folder.appendingPathComponent("\(name)-\(paper).pdf")
        _ = try run(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString])
        let prefix = folder.appendingPathComponent("\(name)-\(paper)-page").path
        _ = try Self.command("pdftoppm", ["-gray", "-r", "30", pdf.path, prefix])
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("\(name)-\(paper)-page") && $0.hasSuffix(".pgm") }.sorted()
        return try pages.map { try Self.emptyShare(ofPGM: folder.appendingPathComponent($0)) }
    }

    /// A screenshot of the page for a failed check, in `failureFolder`; its path.
    @discardableResult
    func screenshot(_ html: String, name: String, width: Int) -> String {
        try? FileManager.default.createDirectory(at: Self.failureFolder, withIntermediateDirectories: true)
        let page = folder.appendingPathComponent("\(name)-shot.html")
        try? html.write(to: page, atomically: true, encoding: .utf8)
        let shot = Self.failureFolder.appendingPathComponent("\(name)-\(width).png")
        guard let frame = try? framed(page, width: width, height: 3000) else { return shot.path }
        _ = try? run(["--window-size=\(max(width, 500)),3000", "--screenshot=\(shot.path)", frame.absoluteString])
        return shot.path
    }

    /// The share of a page (a binary PGM) below its last row with ink.
    static func emptyShare(ofPGM url: URL) throws -> Double {
        let data = [UInt8](try Data(contentsOf: url))
        // Header: P5, width, height, maxval, each separated by white space, then one byte a pixel.
        var fields: [Int] = []
        var index = 2
        while fields.count < 3 {
            while index < data.count, data[index] == 0x20 || data[index] == 0x0A || data[index] == 0x0D { index += 1 }
            var value = 0
            while index < data.count, (0x30...0x39).contains(data[index]) { value = value * 10 + Int(data[index] - 0x30); index += 1 }
            fields.append(value)
        }
        index += 1
        let (width, height) = (fields[0], fields[1])
        var lastInk = 0
        for row in 0..<height {
            let start = index + row * width
            guard start + width <= data.count else { break }
            if data[start..<(start + width)].contains(where: { $0 < 200 }) { lastInk = row }
        }
        return Double(height - 1 - lastInk) / Double(height)
    }

    private static let probeURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("probe.js")

    struct ProbeError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private func run(_ arguments: [String]) throws -> (stdout: String, stderr: String) {
        try Self.command(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                                    "--user-data-dir=\(folder.appendingPathComponent("profile").path)"] + arguments)
    }

    @discardableResult
    static func command(_ executable: String, _ arguments: [String]) throws -> (stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        // Standard error goes to a file, so reading standard output to its end cannot block on a
        // full second pipe.
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-browser-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? Data(contentsOf: errors)) ?? Data()
        return (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
