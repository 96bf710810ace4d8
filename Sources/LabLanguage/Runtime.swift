import Foundation

/// The slots of one activation (a call, or a cell's run); slot 0 holds a `return` value.
///
/// One allocation holds the header and the slots; the evaluator reads and writes slots through a
/// pointer, without exclusivity checks.
final class Frame: ManagedBuffer<FrameHeader, Value> {
    static func make(count: Int, parent: Frame?) -> Frame {
        let size = max(count, 1)
        let buffer = Frame.create(minimumCapacity: size) { _ in FrameHeader(count: size, parent: parent) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.slots.initialize(repeating: .nil, count: size)
        return frame
    }

    deinit {
        _ = withUnsafeMutablePointers { header, elements in elements.deinitialize(count: header.pointee.count) }
    }

    @inline(__always)
    var slots: UnsafeMutablePointer<Value> { withUnsafeMutablePointerToElements { $0 } }

    @inline(__always)
    var parent: Frame? { withUnsafeMutablePointerToHeader { $0.pointee.parent } }

    /// The frame `depth` levels out; the resolver guarantees it exists.
    @inline(__always)
    func ancestor(_ depth: Int) -> Frame {
        var frame = self
        for _ in 0..<depth { frame = frame.parent.unsafelyUnwrapped }
        return frame
    }
}

struct FrameHeader {
    let count: Int
    let parent: Frame?
}

/// A thread-safe flag another thread sets to stop a running cell (a time limit, a user's interrupt).
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    /// Asks the running code to stop; loops and calls notice it within microseconds.
    public func cancel() { lock.withLock { cancelled = true } }
    /// Clears the flag; `Interpreter.run` does not clear it itself, so a cancel before a run is honoured.
    public func reset() { lock.withLock { cancelled = false } }
    public var isCancelled: Bool { lock.withLock { cancelled } }
}

/// Counters the evaluator touches on every call and loop iteration, kept behind a pointer.
struct RuntimeCounters {
    var depth = 0
    var countdown = 0
}

/// State shared by all compiled code of one interpreter.
final class Runtime {
    let counters: UnsafeMutablePointer<RuntimeCounters>
    let cancellation: CancellationFlag
    var onPrint: (String) -> Void = { print($0) }
    static let maxDepth = 10_000
    static let checkInterval = 256

    init(cancellation: CancellationFlag) {
        self.cancellation = cancellation
        counters = .allocate(capacity: 1)
        counters.initialize(to: RuntimeCounters())
    }

    deinit {
        counters.deinitialize(count: 1)
        counters.deallocate()
    }

    /// Called on every loop iteration and call; looks at the flag every `checkInterval` ticks.
    @inline(__always)
    func tick(at location: SourceLocation) throws {
        counters.pointee.countdown -= 1
        if counters.pointee.countdown <= 0 { try checkCancellation(at: location) }
    }

    func checkCancellation(at location: SourceLocation) throws {
        counters.pointee.countdown = Runtime.checkInterval
        if cancellation.isCancelled {
            var error = LabError("cancelled: the cell ran out of time or was interrupted", at: location)
            error.isCancellation = true
            throw error
        }
    }
}
