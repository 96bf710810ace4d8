import ArgumentParser
import Dispatch
import Foundation
import LabServe
import LabSession

/// `labrun [--out DIR] [--format html,md,json] [--keep-going] [--timeout SECONDS] [--quiet] [--watch | --serve] LAB...`
struct LabrunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labrun",
        abstract: "Run literate labs (Markdown with swift-lab cells) and write their reports.",
        discussion: """
            Exit status: 0 when every cell behaved as expected, 1 when any did not (the reports are \
            still written), 2 for usage errors or a lab that cannot be read, 130 when interrupted \
            (Ctrl-C; reports of the interrupted lab are not written). With --student: 0 when \
            every copy and its handout were written. With --grade: 0 when grading ran, whatever \
            the scores; 2 when the key or a submission cannot be read (the others are still graded). \
            --watch and --serve run until Ctrl-C (130); 2 when a lab cannot be read at the start or \
            the address cannot be listened on.
            """,
        version: labrunVersionString)

    @Option(name: .long, help: "Folder for the reports.")
    var out: String = "output"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Report formats, comma-separated.",
            discussion: ReportFormat.all.map { "\($0.name): \($0.summary)" }.joined(separator: "; ")))
    var format: String = ReportFormat.defaults.map(\.name).joined(separator: ",")

    @Flag(name: .long, help: "Keep running later cells after a cell fails.")
    var keepGoing = false

    // `.unconditional`: `--timeout -1` is the value -1 (refused by `validate` with a reason), not a
    // missing value followed by an unknown option.
    @Option(name: .long, parsing: .unconditional, help: "Seconds a cell may run unless its timeout= option says otherwise.")
    var timeout: Double = 60

    @Option(name: .long, help: "The most elements one tensor may have.")
    var maxElements: Int = 100_000_000

    @Option(
        name: .long,
        help: "The labs' memory budget: bytes, or with K, M, G (e.g. 4G). Default: 80% of the memory the process may use.")
    var maxMemory: String?

    @Flag(
        name: .long,
        help: "Keep raw HTML and every link of the prose as written, in the HTML and Markdown reports (trusted authors only).")
    var unsafeHTML = false

    @Flag(name: .long, help: "Print nothing but errors: no progress, summaries or warnings.")
    var quiet = false

    @Flag(name: .long, help: "Rerun the lab whenever it or a data file it read changes (one lab only).")
    var watch = false

    @Flag(
        name: .long,
        help: "Serve the labs' handouts at http://127.0.0.1:8000/ and update open pages as the labs change (watched as --watch does).")
    var serve = false

    @Option(name: .long, help: "The port --serve listens on (default 8000, or the next free one; 0 for any free port).")
    var port: Int?

    @Option(
        name: .long,
        help: "The address --serve listens on (default 127.0.0.1; 0.0.0.0 lets anyone on your network read the labs).")
    var host: String = "127.0.0.1"

    @Flag(
        name: .long,
        help: "Write each lab's student copy to <out>/student/<lab> (solutions become todo(), hidden checks are left out) and its handout beside it.")
    var student = false

    @Option(
        name: .customLong("grade"),
        help: ArgumentHelp(
            "Grade the labs given (submissions) against this answer key's check cells.",
            discussion: "Writes <out>/grades.csv, grades.json, grades.xml (JUnit) and each submission's feedback handout.",
            valueName: "key"))
    var gradeKey: String?

    @Argument(help: "Lab files (Markdown); several run at once, up to the number of cores.")
    var labs: [String] = []

    func validate() throws {
        if labs.isEmpty {
            throw ValidationError(gradeKey == nil ? "name at least one lab file" : "--grade KEY needs at least one submission to grade")
        }
        if out.isEmpty { throw ValidationError("--out needs a folder name") }
        if watch && labs.count > 1 { throw ValidationError("--watch takes exactly one lab") }
        if [watch, serve, student, gradeKey != nil].filter({ $0 }).count > 1 {
            throw ValidationError("--watch, --serve, --student and --grade do different things; use one at a time")
        }
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be 0 to 65535, got \(port)") }
        if !serve && (port != nil || host != "127.0.0.1") { throw ValidationError("--port and --host go with --serve") }
        if let problem = LabServerAddress.problem(with: host) { throw ValidationError(problem) }
        _ = try formats()
        // The cell option timeout= stops at a day too; a longer limit is surely a typo.
        if !(timeout > 0 && timeout <= 86_400) {
            throw ValidationError("--timeout must be a number of seconds above 0 and at most 86400, got \(timeout)")
        }
        if maxElements < 1 { throw ValidationError("--max-elements must be at least 1") }
        if let maxMemory, MemoryBudget.parse(maxMemory) == nil {
            throw ValidationError("--max-memory must be a size such as 4G, 512M or 1000000 (bytes), got '\(maxMemory)'")
        }
    }

    /// The formats named by `--format`, in the order given, without repeats.
    func formats() throws -> [ReportFormat] {
        var result: [ReportFormat] = []
        for name in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let f = ReportFormat.named(name) else {
                throw ValidationError("unknown format '\(name)'; expected \(ReportFormat.namesInProse)")
            }
            if !result.contains(f) { result.append(f) }
        }
        if result.isEmpty { throw ValidationError("--format needs at least one of \(ReportFormat.namesInProse)") }
        return result
    }

    /// The shared settings of this invocation.
    func settings() throws -> RunSettings {
        RunSettings(
            reports: ReportSettings(
                out: out, formats: try formats(), unsafeHTML: unsafeHTML,
                aroundWrite: { write in try Interrupts.whileWriting(write) }),
            session: SessionOptions(
                keepGoing: keepGoing, defaultTimeout: timeout, maxElements: maxElements, maxMemory: memoryBudget()),
            quiet: quiet,
            progress: quiet ? .none : (Console.shared.isTerminal ? .live : .plain))
    }

    /// The budget in bytes: `--max-memory`, or the default share of what the process may use.
    func memoryBudget() -> Int {
        maxMemory.flatMap(MemoryBudget.parse) ?? MemoryBudget.defaultBytes()
    }

    /// Runs every lab, several at once up to the number of cores, and returns the exit status:
    /// the worst of the labs' outcomes.
    func runLabs() throws -> Int32 {
        Interrupts.install()
        let settings = try settings()
        // Checked before anything runs: two labs whose reports share names, or a report that
        // would replace a lab, and nothing is written.
        let clashes = student
            ? OutputGuard.problems(labs: labs, formats: settings.reports.formats.filter { $0 != .md }, out: StudentCopyRunner.folder(out: out))
            : OutputGuard.problems(labs: labs, formats: gradeKey == nil ? settings.reports.formats : [.html], out: out)
        if !clashes.isEmpty {
            for clash in clashes { printError(clash.hasPrefix("error:") ? "labrun: " + clash : clash) }
            return 2
        }
        if watch { return LabWatcher(path: labs[0], settings: settings).run() }
        if serve { return LabServing(labs: labs, settings: settings, host: host, port: port.map(UInt16.init)).run() }
        if student { return makeStudentCopies(settings) }
        if let gradeKey { return grade(against: gradeKey, settings) }
        let job = LabJob(settings: settings, board: LiveBoard())
        let several = labs.count > 1
        let outcomes = Slots<LabOutcome>(count: labs.count)
        DispatchQueue.concurrentPerform(iterations: labs.count) { [labs] i in
            outcomes[i] = job.run(labs[i], label: several ? labs[i] : nil)
        }
        Console.shared.setLive(nil)
        let all = outcomes.values
        if several && !quiet { Console.shared.write(summaryTable(all)) }
        return all.map(\.status).max() ?? 0
    }

    /// The arguments with a lab whose name starts with `-` (`-dash.md`) written `./-dash.md`, so it
    /// is not read as options (it was read as `-d -a -s -h`, printed the help and exited 0). Only
    /// existing files that are no known option are rewritten; after `--` nothing is.
    static func labsNamedLikeOptions(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var afterSeparator = false
        for argument in arguments {
            if argument == "--" { afterSeparator = true }
            let looksLikeOption = argument.hasPrefix("-") && argument != "-" && argument != "--"
            if !afterSeparator, looksLikeOption, !argument.hasPrefix("--"), FileManager.default.fileExists(atPath: argument) {
                result.append("./" + argument)
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// Parses the arguments, runs, and exits with labrun's statuses (usage errors exit 2, not 64).
    static func runAndExit() -> Never {
        do {
            var parsed = try parseAsRoot(labsNamedLikeOptions(Array(CommandLine.arguments.dropFirst())))
            guard let command = parsed as? LabrunCommand else {
                // `--help` parses to the parser's own help command, whose run() throws the request
                // that the handler below prints (exit status 0).
                try parsed.run()
                Foundation.exit(0)
            }
            Foundation.exit(try command.runLabs())
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                printOutput(fullMessage(for: error))
                Foundation.exit(0)
            }
            // The message of a usage error already ends with the usage line.
            printError(fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}
