import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that a reader, or a run killed at any moment, sees either the old file or the
/// complete new one: the bytes go to a temporary file in the same folder (same file system, so the
/// rename is atomic), are flushed to disk, and the temporary file is renamed over the target.
///
/// The temporary file is created exclusively (`O_CREAT | O_EXCL | O_NOFOLLOW`) under a name with 64
/// random bits, so nobody who can write to the folder can plant a file or a symbolic link there that
/// the report would be written through. `rename` replaces a symbolic link at the target itself,
/// never the file it points to.
public enum AtomicFile {
    /// Replaces the file at `url` with `data` atomically.
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let name = url.lastPathComponent
        removeStaleTemporaries(of: name, in: directory)
        let (descriptor, temporary) = try createTemporary(for: name, in: directory)
        do {
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else { throw posixError() }
        } catch {
            unlink(temporary.path)
            throw error
        }
    }

    /// Creates a new temporary file beside the target and opens it for writing. Mode 0644 less the
    /// umask, as an ordinary new file gets (mkstemp would make it 0600).
    static func createTemporary(for name: String, in directory: URL) throws -> (Int32, URL) {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<16 {
            let url = directory.appendingPathComponent(temporaryName(for: name, pid: getpid(), random: random.next()))
            // open(2) rather than FileManager.createFile, which itself writes through a temporary file
            // of its own (`.dat.nosync…`) that a run killed at that moment would leave behind.
            let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return (descriptor, url) }
            if errno != EEXIST { throw posixError() }
        }
        throw POSIXError(.EEXIST)
    }

    /// `.<name>.<pid>.<16 hex digits>.labrun-tmp`: hidden, naming the process that owns it (so a
    /// later run can tell a killed run's leftovers), and unpredictable.
    static func temporaryName(for name: String, pid: Int32, random: UInt64) -> String {
        let hex = String(random, radix: 16)
        return ".\(name).\(pid).\(String(repeating: "0", count: 16 - hex.count))\(hex).labrun-tmp"
    }

    /// Removes temporary files of `name` left by runs that were killed (their process is gone).
    /// `unlink` removes a symbolic link itself, never what it points to.
    static func removeStaleTemporaries(of name: String, in directory: URL) {
        let prefix = ".\(name)."
        let suffix = ".labrun-tmp"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(suffix) {
            let middle = entry.dropFirst(prefix.count).dropLast(suffix.count)
            let parts = middle.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[1].count == 16, parts[1].allSatisfy(\.isHexDigit),
                let pid = Int32(parts[0]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            unlink(directory.appendingPathComponent(entry).path)
        }
    }

    static func posixError() -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
}
