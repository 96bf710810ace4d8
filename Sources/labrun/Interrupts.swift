import Dispatch
import Foundation

/// Ctrl-C handling: the process exits with status 130 without writing partial reports.
///
/// Report writing holds `writeLock`; the SIGINT handler takes it too before exiting, so a report set
/// being written is finished first and none is started after (each file is also renamed into
/// place atomically, so even a harder kill leaves old or new files, never torn ones).
enum Interrupts {
    private static let writeLock = NSLock()
    private static let holder = SourceHolder()

    private final class SourceHolder: @unchecked Sendable {
        var source: DispatchSourceSignal?
        /// What Ctrl-C prints (watch mode says whether a run was stopped).
        var message: @Sendable () -> String = { "labrun: interrupted; reports not written, earlier ones left as they were" }
    }

    /// Sets what Ctrl-C prints.
    static func setMessage(_ message: @escaping @Sendable () -> String) {
        holder.message = message
    }

    /// Routes SIGINT to the handler; call once, before any lab runs.
    static func install() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            writeLock.lock()
            Console.shared.setLive(nil)
            printError(holder.message())
            exit(130)
        }
        source.resume()
        holder.source = source
    }

    /// Runs `body` (writing reports) so that an interrupt waits for it to finish.
    @discardableResult
    static func whileWriting<T>(_ body: () throws -> T) rethrows -> T {
        writeLock.lock()
        defer { writeLock.unlock() }
        return try body()
    }
}
