import CThreadSlots
import Foundation

/// Per-thread free lists of element blocks, one list per power-of-two size up to 4,096 Doubles.
///
/// Training loops make and drop the same few tensor sizes every step; recycling their blocks costs a
/// few loads and stores where `malloc`/`free` of a block over 1 KiB walks glibc's bins. A freed block
/// holds the link to the next one in its first bytes. Each list keeps at most `maxBlocksPerClass`
/// blocks, so a thread's pool holds a bounded amount of memory (under 8 MiB); larger tensors, and
/// blocks past the cap, go straight to `malloc`. A block freed on another thread than the one that
/// made it simply joins that thread's pool.
final class BlockPool {
    /// The largest block (in Doubles) that is pooled.
    static let maxPooledCount = 4096
    static let classCount = 13  // sizes 1, 2, 4, ..., 4096
    static let maxBlocksPerClass = 64

    private let heads: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let lengths: UnsafeMutablePointer<Int>

    private init() {
        heads = .allocate(capacity: BlockPool.classCount)
        heads.initialize(repeating: nil, count: BlockPool.classCount)
        lengths = .allocate(capacity: BlockPool.classCount)
        lengths.initialize(repeating: 0, count: BlockPool.classCount)
    }

    deinit {
        for c in 0..<BlockPool.classCount {
            var block = heads[c]
            while let current = block {
                block = current.load(as: UnsafeMutableRawPointer?.self)
                current.deallocate()
            }
        }
        heads.deallocate()
        lengths.deallocate()
    }

    /// The size class of a block of `count` Doubles: ⌈log₂ count⌉ (0 for 0 and 1).
    @inline(__always)
    private static func sizeClass(_ count: Int) -> Int {
        count <= 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount
    }

    /// Room for `count` Doubles (uninitialised).
    @inline(__always)
    static func allocate(_ count: Int) -> UnsafeMutablePointer<Double> {
        guard count <= maxPooledCount else { return .allocate(capacity: count) }
        let c = sizeClass(count)
        let pool = current
        if let block = pool.heads[c] {
            pool.heads[c] = block.load(as: UnsafeMutableRawPointer?.self)
            pool.lengths[c] -= 1
            return block.assumingMemoryBound(to: Double.self)
        }
        return .allocate(capacity: 1 << c)
    }

    /// Gives back a block that `allocate(count)` returned.
    @inline(__always)
    static func release(_ pointer: UnsafeMutablePointer<Double>, count: Int) {
        guard count <= maxPooledCount else { pointer.deallocate(); return }
        let c = sizeClass(count)
        let pool = current
        guard pool.lengths[c] < maxBlocksPerClass else { pointer.deallocate(); return }
        let block = UnsafeMutableRawPointer(pointer)
        block.storeBytes(of: pool.heads[c], as: UnsafeMutableRawPointer?.self)
        pool.heads[c] = block
        pool.lengths[c] += 1
    }

    /// This thread's pool, made on first use and freed when the thread exits.
    private static var current: BlockPool {
        @inline(__always) get {
            if let raw = labrun_thread_slot(Int32(LABRUN_SLOT_BLOCK_POOL)) {
                return Unmanaged<BlockPool>.fromOpaque(raw).takeUnretainedValue()
            }
            return makeCurrent()
        }
    }

    /// A pool for this thread in its C thread-local slot; the pthread key frees it at thread exit.
    private static func makeCurrent() -> BlockPool {
        let fresh = BlockPool()
        let raw = Unmanaged.passRetained(fresh).toOpaque()
        labrun_set_thread_slot(Int32(LABRUN_SLOT_BLOCK_POOL), raw)
        pthread_setspecific(poolKey, raw)
        return fresh
    }
}

// The slot is cleared before the pool goes, so buffers freed by later destructors make a new pool
// (which the key frees in turn).
#if canImport(Darwin)
private func releasePool(_ raw: UnsafeMutableRawPointer) {
    labrun_set_thread_slot(Int32(LABRUN_SLOT_BLOCK_POOL), nil)
    Unmanaged<BlockPool>.fromOpaque(raw).release()
}
#else
private func releasePool(_ raw: UnsafeMutableRawPointer?) {
    labrun_set_thread_slot(Int32(LABRUN_SLOT_BLOCK_POOL), nil)
    if let raw { Unmanaged<BlockPool>.fromOpaque(raw).release() }
}
#endif

/// Thread-local slot of the thread's pool (owned; released when the thread exits).
private let poolKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, releasePool)
    return key
}()
