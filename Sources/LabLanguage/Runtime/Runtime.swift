import CThreadSlots
import Foundation

/// The slots of one activation (a call, or a cell's run); slot 0 holds a `return` value. (Not a
/// data frame: that is LabData's `Frame`.)
///
/// One allocation holds the header and the slots; the evaluator reads and writes slots through a
/// pointer, without exclusivity checks.
final class CallFrame: ManagedBuffer<CallFrameHeader, Value> {
    static func make(count: Int, parent: CallFrame?) -> CallFrame {
        let size = max(count, 1)
        let buffer = CallFrame.create(minimumCapacity: size) { _ in CallFrameHeader(count: size, parent: parent) }
        let frame = unsafeDowncast(buffer, to: CallFrame.self)
        frame.slots.initialize(repeating: .nil, count: size)
        return frame
    }

    deinit {
        _ = withUnsafeMutablePointers { header, elements in elements.deinitialize(count: header.pointee.count) }
    }

    /// How many slots the frame holds (at least what its function needs).
    @inline(__always)
    var slotCount: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }

    @inline(__always)
    var slots: UnsafeMutablePointer<Value> { withUnsafeMutablePointerToElements { $0 } }

    @inline(__always)
    var parent: CallFrame? {
        get { withUnsafeMutablePointerToHeader { $0.pointee.parent } }
        set { withUnsafeMutablePointerToHeader { $0.pointee.parent = newValue } }
    }

    /// The frame `depth` levels out; the resolver guarantees it exists.
    @inline(__always)
    func ancestor(_ depth: Int) -> CallFrame {
        var frame = self
        for _ in 0..<depth { frame = frame.parent.unsafelyUnwrapped }
        return frame
    }
}

struct CallFrameHeader {
    let count: Int
    var parent: CallFrame?
}

/// A thread-safe flag another thread sets to stop a running cell (a time limit, a user's interrupt).
/// An atomic byte (`labrun_flag_get` is a plain load): the evaluator polls it every few hundred
/// ticks, where a lock cost as much as a tensor operation of a training step.
public final class CancellationFlag: @unchecked Sendable {
    private let storage: UnsafeMutableRawPointer

    public init() {
        guard let storage = labrun_flag_make() else { fatalError("out of memory for a cancellation flag") }
        self.storage = storage
    }

    deinit { labrun_flag_free(storage) }

    /// Asks the running code to stop; loops and calls notice it within microseconds.
    public func cancel() { labrun_flag_set(storage, true) }
    /// Clears the flag; `Interpreter.run` does not clear it itself, so a cancel before a run is honoured.
    public func reset() { labrun_flag_set(storage, false) }
    public var isCancelled: Bool { labrun_flag_get(storage) }
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
    /// The frame of a returned call, one per call depth, that the next call at that depth reuses, so
    /// a call allocates nothing; a frame a closure captured is never pooled. Grows with the deepest
    /// call seen (up to `maxDepth`), so a session that leaks through a reference cycle leaks little.
    private var framePool: UnsafeMutablePointer<CallFrame?>
    private var poolSize = Runtime.initialPoolSize
    private static let initialPoolSize = 16
    /// Pooled frames have at least this many slots, so most functions fit any pooled frame.
    private static let pooledFrameCapacity = 8
    /// The Int stack of typed activations (see `TypedCode`), made on the first typed call.
    private var typedStack: UnsafeMutablePointer<Int>?
    /// Where a typed activation entered from general code starts: the stack's base, or past the
    /// activation that is running general code (see `TypedCall.callGeneral`).
    var typedTop: UnsafeMutablePointer<Int>?

    init(cancellation: CancellationFlag) {
        self.cancellation = cancellation
        counters = .allocate(capacity: 1)
        counters.initialize(to: RuntimeCounters())
        framePool = .allocate(capacity: poolSize)
        framePool.initialize(repeating: nil, count: poolSize)
    }

    deinit {
        counters.deinitialize(count: 1)
        counters.deallocate()
        framePool.deinitialize(count: poolSize)
        framePool.deallocate()
        typedStack?.deallocate()
    }

    /// Makes the Int stack (its pages are only touched as deep recursion reaches them).
    @inline(never)
    func makeTypedStack() -> UnsafeMutablePointer<Int> {
        let stack = UnsafeMutablePointer<Int>.allocate(capacity: Runtime.typedStackCapacity)
        typedStack = stack
        typedTop = stack
        return stack
    }

    /// A frame whose slots hold nil or numbers for a call at the current depth: the pooled one when it is big enough.
    ///
    /// The pooled frame is moved out of the pool (not copied and then cleared), which saves a retain
    /// and a release per call; one too small for `size` is dropped, as its replacement takes its place.
    @inline(__always)
    func takeFrame(size: Int, parent: CallFrame?) -> CallFrame {
        let index = counters.pointee.depth
        if index < poolSize, let pooled = framePool[index].take() {
            if pooled.slotCount >= size {
                if parent != nil { pooled.parent = parent }
                return pooled
            }
        }
        return CallFrame.make(count: max(size, Runtime.pooledFrameCapacity), parent: parent)
    }

    /// Gives a returned call's frame back to the pool, unless a closure or function value captured it,
    /// with its first `size` slots set to nil (the others hold nil or numbers).
    /// `mayBeShared` is false for code that makes no closures (see `FunctionBody.framesMayBeKept`).
    @inline(__always)
    func recycle(_ frame: consuming CallFrame, size: Int, mayBeShared: Bool) {
        if mayBeShared, !isKnownUniquelyReferenced(&frame) { return }
        for index in 0..<size { Runtime.clear(frame.slots + index) }
        if frame.parent != nil { frame.parent = nil }
        let index = counters.pointee.depth
        if index >= poolSize, !growPool(toInclude: index) { return }
        // The entry is empty (`takeFrame` took it), so storing needs no release of an old frame.
        if framePool[index] == nil {
            (framePool + index).initialize(to: consume frame)
        } else {
            framePool[index] = consume frame
        }
    }

    /// Sets a slot to nil; values without references (numbers, flags, ranges, nil) are overwritten
    /// without the outlined destroy call.
    @inline(__always)
    static func clear(_ slot: UnsafeMutablePointer<Value>) {
        switch slot.pointee {
        case .string, .array, .tuple, .function, .native: slot.pointee = .nil
        default: slot.initialize(to: .nil)
        }
    }

    /// Frees the pooled frames and shrinks the pool (after a cell, so deep recursion does not keep them).
    func drainFramePool() {
        framePool.deinitialize(count: poolSize)
        framePool.deallocate()
        poolSize = Runtime.initialPoolSize
        framePool = .allocate(capacity: poolSize)
        framePool.initialize(repeating: nil, count: poolSize)
    }

    /// Doubles the pool until it has room for `index`; false past `maxDepth`.
    private func growPool(toInclude index: Int) -> Bool {
        guard index <= Runtime.maxDepth else { return false }
        var size = poolSize
        while size <= index { size *= 2 }
        let grown = UnsafeMutablePointer<CallFrame?>.allocate(capacity: size)
        grown.moveInitialize(from: framePool, count: poolSize)
        (grown + poolSize).initialize(repeating: nil, count: size - poolSize)
        framePool.deallocate()
        framePool = grown
        poolSize = size
        return true
    }

    /// Called on every loop iteration and call; looks at the flag every `checkInterval` ticks.
    @inline(__always)
    func tick(at location: SourceLocation) throws {
        counters.pointee.countdown &-= 1
        if counters.pointee.countdown <= 0 { try checkCancellation(at: location) }
    }

    /// Called after each call of a native (a built-in function or method): one may run long (a
    /// sort of millions of elements, a file read) while the loop around it ticks rarely, so a
    /// native call counts as `nativeCallCost` ticks and the flag is looked at every few of them.
    @inline(__always)
    func tickAfterNativeCall(at location: SourceLocation) throws {
        counters.pointee.countdown &-= Runtime.nativeCallCost
        if counters.pointee.countdown <= 0 { try checkCancellation(at: location) }
    }

    /// Ticks a native call is worth: the flag is looked at after every second native call.
    static let nativeCallCost = checkInterval / 2

    func checkCancellation(at location: SourceLocation) throws {
        counters.pointee.countdown = Runtime.checkInterval
        if cancellation.isCancelled {
            var error = LabError("cancelled: the cell ran out of time or was interrupted", at: location)
            error.isCancellation = true
            throw error
        }
    }
}
