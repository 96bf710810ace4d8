import Foundation

/// Lets long built-ins (such as `train`) report progress inside a cell without knowing who listens.
///
/// The session installs a handler on the thread that runs its cells; a built-in calls
/// `ProgressHook.report(...)` from that thread. Without a handler a report does nothing.
public enum ProgressHook {
    /// One step of progress inside a cell: `step` of `total` (e.g. epoch 3 of 100), with a short note.
    public struct Update: Sendable, Equatable {
        public var step: Int
        public var total: Int
        public var note: String

        public init(step: Int, total: Int, note: String = "") {
            self.step = step
            self.total = total
            self.note = note
        }
    }

    private final class Box {
        let handler: (Update) -> Void
        init(_ handler: @escaping (Update) -> Void) { self.handler = handler }
    }

    private static let key = "LabStdlib.progressHandler"

    /// Runs `body` with `handler` receiving this thread's progress reports.
    public static func withHandler<R>(_ handler: @escaping (Update) -> Void, _ body: () throws -> R) rethrows -> R {
        let dictionary = Thread.current.threadDictionary
        let previous = dictionary[key]
        dictionary[key] = Box(handler)
        defer { dictionary[key] = previous }
        return try body()
    }

    /// Reports progress to the handler installed on this thread, if any.
    public static func report(step: Int, total: Int, note: String = "") {
        guard let box = Thread.current.threadDictionary[key] as? Box else { return }
        box.handler(Update(step: step, total: total, note: note))
    }
}
