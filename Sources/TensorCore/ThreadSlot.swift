import CThreadSlots
import Foundation

/// A per-thread pointer that TensorCore reads on every operation, kept in a C thread-local slot
/// (`CThreadSlots`): a couple of instructions, where `pthread_getspecific` and Swift's lazy-global
/// check took ~40. A pthread key owns what a slot holds, so it is released when the thread exits.
enum ThreadSlot {
    /// The context installed by `TensorContext.withCurrent` (not owned).
    case context
    /// The thread's default context (owned).
    case defaultContext
    /// The thread's `BlockPool` (owned).
    case blockPool

    private var index: Int32 {
        switch self {
        case .context: return Int32(LABRUN_SLOT_CONTEXT)
        case .defaultContext: return Int32(LABRUN_SLOT_DEFAULT_CONTEXT)
        case .blockPool: return Int32(LABRUN_SLOT_BLOCK_POOL)
        }
    }

    /// This thread's pointer in the slot.
    var value: UnsafeMutableRawPointer? {
        @inline(__always) get { labrun_thread_slot(index) }
        @inline(__always) nonmutating set { labrun_set_thread_slot(index, newValue) }
    }

    /// The object in the slot (unretained: the slot's owner keeps it alive), or nil.
    @inline(__always)
    func object<T: AnyObject>() -> T? {
        guard let raw = value else { return nil }
        return Unmanaged<T>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Puts `object` in the slot and hands a reference to `owner`, which releases it at thread exit.
    func install<T: AnyObject>(_ object: T, owner: pthread_key_t) -> T {
        let retained = Unmanaged.passRetained(object).toOpaque()
        value = retained
        pthread_setspecific(owner, retained)
        return object
    }

    /// A key whose destructor, at thread exit, empties whichever slot holds the object (so later
    /// destructors that need one make a new one) and releases it.
    static func makeOwningKey() -> pthread_key_t {
        var key = pthread_key_t()
        pthread_key_create(&key, releaseAtThreadExit)
        return key
    }
}

#if canImport(Darwin)
private func releaseAtThreadExit(_ raw: UnsafeMutableRawPointer) {
    for slot in [ThreadSlot.defaultContext, .blockPool] where slot.value == raw { slot.value = nil }
    Unmanaged<AnyObject>.fromOpaque(raw).release()
}
#else
private func releaseAtThreadExit(_ raw: UnsafeMutableRawPointer?) {
    guard let raw else { return }
    for slot in [ThreadSlot.defaultContext, .blockPool] where slot.value == raw { slot.value = nil }
    Unmanaged<AnyObject>.fromOpaque(raw).release()
}
#endif
