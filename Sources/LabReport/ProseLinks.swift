/// Rewrites relative link and image destinations of the prose so they work from the report's folder.
///
/// Reports are written flat, `<out>/<stem>.html` and `<out>/<stem>.md`, while the prose was written
/// next to the lab. A link to another lab (a relative `.md` path in the lab's folder or below) goes
/// to that lab's report of the same kind in `<out>/`; any other relative path gets the lab's folder,
/// as seen from `<out>/`, put in front. URLs with a scheme, absolute paths and `#anchors` stay.
public struct ProseLinks: Sendable, Equatable {
    /// The lab's folder relative to the report's folder, e.g. `../labs`; "" when they are the same.
    /// Nil when unknown: only links to other labs are rewritten then.
    public var labFolder: String?

    public init(labFolder: String?) {
        self.labFolder = labFolder
    }

    /// The report kind a link to another lab turns into.
    public enum Target: Sendable {
        case html, markdown
    }

    /// The destination to write in a report of kind `target`; the same string when nothing changes.
    public func destination(_ destination: String, for target: Target) -> String {
        guard Self.isRelativePath(destination) else { return destination }
        let (path, suffix) = Self.splitSuffix(destination)
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let staysBelow = !segments.contains("..")
        if staysBelow, let name = segments.last, name.lowercased().hasSuffix(".md"), name.count > 3 {
            let stem = String(name.dropLast(3))
            return stem + (target == .html ? ".html" : ".md") + suffix
        }
        guard let folder = labFolder, !folder.isEmpty else { return destination }
        return Self.joined(folder, path) + suffix
    }

    /// True for a relative path: no scheme, not absolute, not only a fragment or a query, not empty.
    public static func isRelativePath(_ url: String) -> Bool {
        guard let first = url.first, first != "/", first != "#", first != "?", first != "\\" else { return false }
        return !hasScheme(url)
    }

    /// `scheme:` at the start, as in RFC 3986 (a letter, then letters, digits, `+`, `-` or `.`).
    static func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    /// The path and the `?query` or `#fragment` after it.
    public static func splitSuffix(_ url: String) -> (path: String, suffix: String) {
        guard let cut = url.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return (url, "") }
        return (String(url[..<cut]), String(url[cut...]))
    }

    /// `folder/path` with `.` segments dropped and `name/..` pairs folded where possible.
    static func joined(_ folder: String, _ path: String) -> String {
        var parts: [Substring] = []
        for segment in (folder + "/" + path).split(separator: "/", omittingEmptySubsequences: false) {
            if segment == "." || (segment.isEmpty && !parts.isEmpty) { continue }
            if segment == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(segment)
            }
        }
        let result = parts.joined(separator: "/")
        // A path to a folder keeps its final slash.
        return path.hasSuffix("/") && !result.hasSuffix("/") ? result + "/" : (result.isEmpty ? "." : result)
    }

    /// The relative path from the absolute folder `from` to the absolute folder `to` ("" when equal).
    public static func relativePath(from: String, to: String) -> String {
        let a = from.split(separator: "/")
        let b = to.split(separator: "/")
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let ups = Array(repeating: "..", count: a.count - common)
        return (ups + b[common...].map(String.init)).joined(separator: "/")
    }
}
