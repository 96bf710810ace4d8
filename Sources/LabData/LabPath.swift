import Foundation

/// Resolves `path` (relative to `labDirectory`) to an absolute file path that is inside the lab's
/// folder after `..` and symbolic links are resolved; anything else is an error.
///
/// The longest existing prefix of the path is resolved by `realpath` (so a link that points out of
/// the folder is caught); the rest, which does not exist, is normalised by text. The "outside" check
/// comes before "no such file", so a lab cannot probe which files exist elsewhere.
func resolveInsideLab(_ path: String, labDirectory: URL) throws -> String {
    guard !path.isEmpty else { throw DataError("readCSV: the file name is empty") }
    // C calls stop at a NUL, so a path holding one could be checked as one file and opened as another.
    guard !path.contains("\0") else { throw DataError("readCSV: the file name contains a NUL character") }
    guard let root = realPath(labDirectory.path) else {
        throw DataError("readCSV: the lab's folder '\(labDirectory.path)' does not exist")
    }
    let joined = path.hasPrefix("/") ? path : root + "/" + path
    let resolved = resolveExistingPrefix(joined)
    let rootComponents = components(root)
    guard Array(components(resolved).prefix(rootComponents.count)) == rootComponents else {
        throw DataError("readCSV: '\(path)' is outside the lab's folder")
    }
    return resolved
}

/// The path with its longest existing prefix resolved by `realpath` and the rest normalised as text.
private func resolveExistingPrefix(_ path: String) -> String {
    let parts = components(path)
    var split = parts.count
    while split > 0 {
        if let real = realPath("/" + parts.prefix(split).joined(separator: "/")) {
            return normalise(components(real) + parts.dropFirst(split))
        }
        split -= 1
    }
    return normalise(parts)
}

/// `/`-joined components with `.` dropped and each `..` removing the component before it.
private func normalise(_ parts: [String]) -> String {
    var kept: [String] = []
    for part in parts {
        switch part {
        case ".": continue
        case "..": _ = kept.popLast()
        default: kept.append(part)
        }
    }
    return "/" + kept.joined(separator: "/")
}

private func components(_ path: String) -> [String] {
    path.split(separator: "/").map(String.init)
}

/// The canonical absolute path (links and `..` resolved), or nil when it does not exist.
private func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
