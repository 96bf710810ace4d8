import Foundation
import LabReport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file a run reads — the lab, a data file, an image of the prose — which no report may replace.
public struct RunInput: Sendable, Equatable {
    /// What the file is to the lab, for messages: "the lab", "a data file this cell read", ….
    public var role: String
    /// The file's path as the lab or the command line named it (absolute for data files and images).
    public var path: String
    /// The lab the file belongs to, and where in it the file is named (the fence of the cell that
    /// read it, the image's place in the prose, or 1:1 for the lab itself).
    public var labPath: String
    public var line: Int
    public var column: Int

    public init(role: String, path: String, labPath: String, line: Int = 1, column: Int = 1) {
        self.role = role
        self.path = path
        self.labPath = labPath
        self.line = line
        self.column = column
    }
}

/// A report that would replace a file the run reads (or be written through a link): nothing was
/// written. The description is a located error line.
public struct OverwriteRefusal: Error, CustomStringConvertible, Sendable {
    /// The report file that would have been written.
    public var target: String
    public var input: RunInput

    public var description: String {
        let path = ReportWriter.displayPath(URL(fileURLWithPath: input.path))
        return "\(input.labPath):\(input.line):\(input.column): error: the report '\(target)' would overwrite "
            + "'\(path)', \(input.role); labrun never writes over its inputs: choose another folder with --out"
    }
}

/// A place labrun refuses to write figures into, and why.
public struct UnsafeFolder: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String

    public var description: String { "error: '\(path)' \(reason)" }
}

/// A file's identity on disk, links followed: two paths that name one file (through a symbolic or
/// hard link, `.` and `..`, or a case-insensitive file system) have the same identity.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the file at `path`, or nil when there is none.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// Checks the files a lab's reports will occupy against the files the run reads.
public enum OutputGuard {
    /// The inputs with the identities of their files, looked up once per check rather than once
    /// per target and input.
    struct Identities {
        private let known: [(identity: FileIdentity, input: RunInput)]

        init(_ inputs: [RunInput]) {
            known = inputs.compactMap { input in FileIdentity(path: input.path).map { ($0, input) } }
        }

        /// The first input that the file at `target` is, or nil (also when `target` does not exist).
        func input(replacedBy target: URL) -> RunInput? {
            guard !known.isEmpty, let identity = FileIdentity(path: target.path) else { return nil }
            return known.first { $0.identity == identity }?.input
        }
    }

    /// Throws `OverwriteRefusal` for the first of `targets` that is one of `inputs`.
    static func check(_ targets: [URL], against inputs: [RunInput], shownAs display: (URL) -> String) throws {
        let identities = Identities(inputs)
        for target in targets {
            if let input = identities.input(replacedBy: target) {
                throw OverwriteRefusal(target: display(target), input: input)
            }
        }
    }

    /// Why labs given together cannot run as asked, checked before any runs: two labs whose
    /// reports would have the same names (compared without case, as macOS's file system does), or a
    /// report that would replace one of the labs. Empty when all is well. Each is one line for the
    /// terminal, the control characters of the paths in it escaped (`TerminalText`).
    public static func problems(labs: [String], formats: [ReportFormat], out: String) -> [String] {
        var problems: [String] = []
        var owners: [String: String] = [:]
        for lab in labs {
            let key = stem(of: lab).lowercased()
            if let earlier = owners[key], earlier == lab {
                problems.append("error: lab '\(lab)' is named twice; each lab runs once")
            } else if let earlier = owners[key] {
                problems.append(
                    "error: labs '\(earlier)' and '\(lab)' would write the same reports in '\(out)' "
                        + "(\(stem(of: lab)).*); run them with different --out folders or rename one")
            } else {
                owners[key] = lab
            }
        }
        let identities = Identities(labs.map { RunInput(role: "the lab", path: $0, labPath: $0) })
        let directory = URL(fileURLWithPath: out)
        for lab in labs {
            for target in ReportWriter.reportFiles(of: lab, formats: formats, in: directory) {
                if let input = identities.input(replacedBy: target) {
                    let shown = (out as NSString).appendingPathComponent(target.lastPathComponent)
                    problems.append(OverwriteRefusal(target: shown, input: input).description)
                }
            }
        }
        return problems.map(TerminalText.escaped)
    }
}
