import Foundation
import LabMarkdown
import LabReport

/// Reads the images the prose shows from relative paths, as `data:` URIs for the HTML handout, so
/// the renderers never touch the file system.
///
/// Only files in the lab's folder or below are read; a missing, too large, unsupported or outside
/// image keeps its path in the report and gets a warning at its place in the lab.
struct ProseImages {
    /// Images larger than this are linked, not embedded.
    static let maxBytes = 5 * 1024 * 1024
    static let mimeTypes = [
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "svg": "image/svg+xml", "webp": "image/webp",
    ]

    /// The lab's folder, symbolic links resolved.
    let labDirectory: URL
    var embedded: [String: String] = [:]
    var diagnostics: [ReportDiagnostic] = []
    /// The files the relative images of the last `embed` resolve to, found or not (watch mode
    /// polls them, so an edited or newly drawn picture reaches the handout).
    var files: [String] = []
    /// Where in the lab each of `files` is named.
    var places: [String: SourcePosition] = [:]

    init(labDirectory: URL) {
        self.labDirectory = labDirectory.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// Embeds every relative image of `document`, each source once.
    mutating func embed(_ document: LabDocument) {
        var seen: Set<String> = []
        for (source, range) in Self.images(in: document.blocks) where !seen.contains(source) {
            seen.insert(source)
            guard ProseLinks.isRelativePath(source) else { continue }
            let position = Self.position(of: source, in: range, lines: document.sourceLines)
            if let url = file(for: source), url.path.hasPrefix(labDirectory.path + "/") {
                files.append(url.path)
                places[url.path] = places[url.path] ?? position
            }
            switch load(source) {
            case .success(let uri): embedded[source] = uri
            case .failure(let problem):
                diagnostics.append(
                    ReportDiagnostic(
                        severity: .warning, message: problem.message, line: position.line, column: position.column,
                        hint: "the HTML report links the image instead of embedding it"))
            }
        }
    }

    struct Problem: Error {
        var message: String
    }

    /// The `data:` URI of the image at the relative `source`, or why there is none.
    func load(_ source: String) -> Result<String, Problem> {
        let ext = (Self.decodedPath(of: source) as NSString).pathExtension.lowercased()
        guard let mime = Self.mimeTypes[ext], let url = file(for: source) else {
            return .failure(Problem(message: "image '\(source)' is not embedded: only png, jpeg, gif, svg and webp files are"))
        }
        guard url.path.hasPrefix(labDirectory.path + "/") else {
            return .failure(Problem(message: "image '\(source)' is outside the lab's folder and is not read"))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return .failure(Problem(message: "image '\(source)' not found in the lab's folder"))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= Self.maxBytes else {
            let megabytes = String(format: "%.1f", Double(size) / 1_048_576)
            return .failure(Problem(message: "image '\(source)' is \(megabytes) MB, over the 5 MB embedding limit"))
        }
        guard let data = try? Data(contentsOf: url) else {
            return .failure(Problem(message: "image '\(source)' could not be read"))
        }
        return .success("data:\(mime);base64,\(data.base64EncodedString())")
    }

    /// The file a relative image source names: percent-decoded, without `?query` or `#fragment`,
    /// under the lab's folder, symbolic links resolved (it may lie outside or not exist).
    func file(for source: String) -> URL? {
        let decoded = Self.decodedPath(of: source)
        guard !decoded.isEmpty else { return nil }
        return labDirectory.appendingPathComponent(decoded).standardizedFileURL.resolvingSymlinksInPath()
    }

    /// The path part of a source, percent-decoded.
    private static func decodedPath(of source: String) -> String {
        let path = ProseLinks.splitSuffix(source).path
        return path.removingPercentEncoding ?? path
    }

    /// Every image source of `blocks` with the range of the block it stands in, in document order.
    static func images(in blocks: [Block]) -> [(String, SourceRange)] {
        var found: [(String, SourceRange)] = []
        for block in blocks {
            switch block {
            case .paragraph(let inlines, let range), .heading(_, let inlines, let range):
                found += images(in: inlines).map { ($0, range) }
            case .blockQuote(let children, _):
                found += images(in: children)
            case .list(_, let items, _):
                for item in items { found += images(in: item.blocks) }
            case .codeBlock, .htmlBlock, .thematicBreak, .cell:
                break
            }
        }
        return found
    }

    private static func images(in inlines: [Inline]) -> [String] {
        inlines.flatMap { inline -> [String] in
            switch inline {
            case .image(let source, _, let children): return [source] + images(in: children)
            case .link(_, _, let children), .emphasis(let children), .strong(let children): return images(in: children)
            case .text, .softBreak, .lineBreak, .code, .html, .math: return []
            }
        }
    }

    /// Where `source` is written within `range` (its first occurrence), else the range's start.
    static func position(of source: String, in range: SourceRange, lines: [String]) -> SourcePosition {
        guard range.start.line >= 1, range.start.line <= min(range.end.line, lines.count) else { return range.start }
        for number in range.start.line...min(range.end.line, lines.count) {
            let line = lines[number - 1]
            if let found = line.range(of: source) {
                return SourcePosition(line: number, column: line.distance(from: line.startIndex, to: found.lowerBound) + 1)
            }
        }
        return range.start
    }
}
