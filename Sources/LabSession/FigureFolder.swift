import Foundation
import LabReport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Markdown report's figure folder, `<out>/<stem>_files`, and the manifest in it that lists the
/// figures labrun wrote there. A later run removes a figure only when the manifest lists it and it
/// is still a plain file: never a file labrun did not write, never through a symbolic link, never a
/// folder's contents.
struct FigureFolder {
    /// The manifest's name inside the folder.
    static let manifestName = ".labrun-manifest"

    let url: URL
    /// The stem of the lab whose figures these are, for the manifest's first line.
    let stem: String

    var manifest: URL { url.appendingPathComponent(Self.manifestName) }

    /// Throws when the folder exists but is not a real folder: a symbolic link (writing or deleting
    /// through it would touch files elsewhere) or a file.
    func checkIsSafe() throws {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return
        case S_IFLNK:
            throw UnsafeFolder(
                path: ReportWriter.displayPath(url),
                reason: "is a symbolic link; labrun writes and removes figures only in a real folder: remove the link")
        default:
            throw UnsafeFolder(path: ReportWriter.displayPath(url), reason: "is not a folder; labrun needs it for the Markdown report's figures")
        }
    }

    /// The figure names the manifest lists (only plain names: no `/`, no leading dot).
    func listed() -> [String] {
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init).filter(Self.isPlainName)
    }

    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.hasPrefix("#") && !name.contains("/")
            && !name.contains("\\") && !name.contains("\0")
    }

    /// The manifest's text for `names`.
    static func manifestText(stem: String, names: [String]) -> String {
        let header = "# Figures labrun wrote for the reports of \(stem); a later run removes only files listed here.\n"
        return header + names.sorted().map { $0 + "\n" }.joined()
    }

    /// Records `names` as labrun's (written before the figures, so a run killed while writing them
    /// leaves them listed).
    func record(_ names: [String]) throws {
        try AtomicFile.write(Data(Self.manifestText(stem: stem, names: names).utf8), to: manifest)
    }

    /// After the report that links `kept` is written: removes the listed figures it no longer links
    /// (plain files only; none that is an input of the run) and lists only `kept`. With nothing
    /// kept, the manifest goes and so does the folder if that leaves it empty.
    func removeStale(keeping kept: [String], protecting inputs: [RunInput]) throws {
        let keep = Set(kept)
        let hadManifest = Self.isRegularFile(manifest.path)
        let identities = OutputGuard.Identities(inputs)
        for name in listed() where !keep.contains(name) {
            let file = url.appendingPathComponent(name)
            guard Self.isRegularFile(file.path), identities.input(replacedBy: file) == nil else { continue }
            unlink(file.path)
        }
        if kept.isEmpty {
            guard hadManifest else { return }
            unlink(manifest.path)
            rmdir(url.path)
        } else if Set(listed()) != keep {
            try record(kept)
        }
    }

    /// Whether `path` is a plain file itself (`lstat`: a symbolic link is not).
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}

extension ReportWriter {
    /// A figure labrun wrote for the Markdown report of the lab named `stem` in the report folder
    /// `out` (what `labrun --serve` may hand out): its file when the folder is a real folder, its
    /// manifest lists `name`, and the file is a regular file; otherwise nil.
    public static func writtenFigure(named name: String, stem: String, in out: URL) -> URL? {
        let folder = FigureFolder(url: out.appendingPathComponent(stem + "_files"), stem: stem)
        guard (try? folder.checkIsSafe()) != nil, FigureFolder.isPlainName(name), folder.listed().contains(name) else {
            return nil
        }
        let file = folder.url.appendingPathComponent(name)
        return FigureFolder.isRegularFile(file.path) ? file : nil
    }
}
