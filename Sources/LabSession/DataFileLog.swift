import Foundation

/// Records which data files each cell asked for (the standard library's `onDataFileRead`), so watch
/// mode can rerun from the first cell that read a file that changed. A file is recorded even when
/// reading it failed: it may appear later.
final class DataFileLog {
    /// The cell now running; set by the session before each cell.
    var currentCell = 0
    /// Absolute paths, each with the cells that asked for it.
    private(set) var readers: [String: Set<Int>] = [:]

    /// Records `path` (as the lab wrote it, relative to `labDirectory`) as read by the current cell.
    func record(_ path: String, labDirectory: URL) {
        guard !path.isEmpty, !path.contains("\0") else { return }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : labDirectory.appendingPathComponent(path)
        readers[url.standardizedFileURL.path, default: []].insert(currentCell)
    }

    /// Every recorded path.
    var paths: [String] { readers.keys.sorted() }

    /// The first cell that read any of `paths`, or nil when none did.
    func firstReader(of paths: Set<String>) -> Int? {
        paths.compactMap { readers[$0]?.min() }.min()
    }

    /// Forgets what cells from `index` on read (they are about to run again).
    func forget(from index: Int) {
        for (path, cells) in readers {
            let kept = cells.filter { $0 < index }
            readers[path] = kept.isEmpty ? nil : kept
        }
    }
}
