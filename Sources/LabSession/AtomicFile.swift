import Foundation

/// Writes files so that a reader, or a run killed at any moment, sees either the old file or the
/// complete new one: the bytes go to a temporary file in the same folder (same file system, so the
/// rename is atomic), are flushed to disk, and the temporary file is renamed over the target.
public enum AtomicFile {
    /// Replaces the file at `url` with `data` atomically.
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let name = url.lastPathComponent
        removeStaleTemporaries(of: name, in: directory)
        let temporary = directory.appendingPathComponent(temporaryName(for: name, pid: getpid()))
        // open(2) rather than FileManager.createFile, which itself writes through a temporary file of
        // its own (`.dat.nosync…`) that a run killed at that moment would leave behind.
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        do {
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// `.<name>.<pid>.labrun-tmp`: hidden, and naming the process that owns it.
    static func temporaryName(for name: String, pid: Int32) -> String {
        ".\(name).\(pid).labrun-tmp"
    }

    /// Removes temporary files of `name` left by runs that were killed (their process is gone).
    static func removeStaleTemporaries(of name: String, in directory: URL) {
        let prefix = ".\(name)."
        let suffix = ".labrun-tmp"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(suffix) {
            let middle = entry.dropFirst(prefix.count).dropLast(suffix.count)
            guard let pid = Int32(middle), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(entry))
        }
    }
}
