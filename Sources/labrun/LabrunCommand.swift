import ArgumentParser
import Foundation
import LabMarkdown
import LabReport
import LabSession

/// `labrun [--out DIR] [--format html,md,json] [--keep-going] [--timeout SECONDS] LAB...`
struct LabrunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labrun",
        abstract: "Run literate labs (Markdown with swift-lab cells) and write their reports.",
        discussion: """
            Exit status: 0 when every cell behaved as expected, 1 when any did not (the reports are \
            still written), 2 for usage errors or a lab that cannot be read.
            """)

    @Option(name: .long, help: "Folder for the reports.")
    var out: String = "output"

    @Option(name: .long, help: "Report formats, comma-separated: html, md, json.")
    var format: String = "html,md,json"

    @Flag(name: .long, help: "Keep running later cells after a cell fails.")
    var keepGoing = false

    @Option(name: .long, help: "Seconds a cell may run unless its timeout= option says otherwise.")
    var timeout: Double = 60

    @Flag(name: .long, help: "Pass raw HTML in prose through to the HTML report (trusted authors only).")
    var unsafeHTML = false

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @Argument(help: "Lab files (Markdown).")
    var labs: [String] = []

    func validate() throws {
        if labs.isEmpty { throw ValidationError("name at least one lab file") }
        _ = try formats()
        if !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    /// The formats named by `--format`, in the order given, without repeats.
    func formats() throws -> [ReportFormat] {
        var result: [ReportFormat] = []
        for name in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let f = ReportFormat(rawValue: name.lowercased()) else {
                throw ValidationError("unknown format '\(name)'; expected html, md or json")
            }
            if !result.contains(f) { result.append(f) }
        }
        if result.isEmpty { throw ValidationError("--format needs at least one of html, md, json") }
        return result
    }

    /// Runs every lab and returns the exit status: the worst of the labs' outcomes.
    func runLabs() -> Int32 {
        var status: Int32 = 0
        for lab in labs {
            status = max(status, runLab(lab))
        }
        return status
    }

    private func runLab(_ path: String) -> Int32 {
        let bytes: [UInt8]
        do {
            bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            printError("labrun: error: cannot read lab '\(path)': \(describe(error))")
            return 2
        }
        let document = LabParser.parse(bytes: bytes, path: path)
        let options = SessionOptions(keepGoing: keepGoing, defaultTimeout: timeout)
        let report = LabSession(document: document, options: options).run()
        printDiagnostics(of: report)
        do {
            let written = try ReportWriter.write(
                report, formats: try formats(), to: URL(fileURLWithPath: out), unsafeHTML: unsafeHTML)
            if !quiet { printError(summary(report, written: written)) }
        } catch {
            printError("labrun: error: cannot write reports to '\(out)': \(describe(error))")
            return 2
        }
        return report.succeeded ? 0 : 1
    }

    private func printDiagnostics(of report: Report) {
        let lines = report.document.sourceLines
        let path = report.document.path
        var all = report.diagnostics
        for cell in report.cells where cell.status != .expectedError { all += cell.diagnostics }
        for d in all where !(quiet && d.severity == .warning) {
            printError(DiagnosticFormatter.format(d, path: path, sourceLines: lines))
        }
    }

    private func summary(_ report: Report, written: [URL]) -> String {
        let failed = report.cells.filter { $0.status == .failed || $0.status == .timedOut }.count
        let notRun = report.cells.filter { $0.status == .notRun }.count
        var words = ["\(report.cells.count) cell\(report.cells.count == 1 ? "" : "s")"]
        words.append(failed == 0 ? "all as expected" : "\(failed) failed")
        if notRun > 0 { words.append("\(notRun) not run") }
        // Paths as the user named the folder, not absolute ones.
        let files = written.map { (out as NSString).appendingPathComponent($0.lastPathComponent) }
            .joined(separator: ", ")
        return "\(report.document.path): \(words.joined(separator: ", ")) → \(files)"
    }

    /// Parses the arguments, runs, and exits with labrun's statuses (usage errors exit 2, not 64).
    static func runAndExit() -> Never {
        do {
            let parsed = try parseAsRoot()
            guard let command = parsed as? LabrunCommand else { Foundation.exit(2) }
            Foundation.exit(command.runLabs())
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            printError(fullMessage(for: error))
            printError(usageString())
            Foundation.exit(2)
        }
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// An error's message without Foundation's domain and code noise where possible.
func describe(_ error: Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
        let posix = POSIXErrorCode(rawValue: Int32(underlying.code))
    {
        return String(cString: strerror(posix.rawValue))
    }
    return ns.localizedDescription
}
