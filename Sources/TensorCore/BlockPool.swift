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
        return withCurrent { pool in
            if let block = pool.heads[c] {
                pool.heads[c] = block.load(as: UnsafeMutableRawPointer?.self)
                pool.lengths[c] -= 1
                return block.assumingMemoryBound(to: Double.self)
            }
            return .allocate(capacity: 1 << c)
        }
    }

    /// Gives back a block that `allocate(count)` returned.
    @inline(__always)
    static func release(_ pointer: UnsafeMutablePointer<Double>, count: Int) {
        guard count <= maxPooledCount else { pointer.deallocate(); return }
        let c = sizeClass(count)
        withCurrent { pool in
            guard pool.lengths[c] < maxBlocksPerClass else { pointer.deallocate(); return }
            let block = UnsafeMutableRawPointer(pointer)
            block.storeBytes(of: pool.heads[c], as: UnsafeMutableRawPointer?.self)
            pool.heads[c] = block
            pool.lengths[c] += 1
        }
    }

    /// Runs `body` with this thread's pool (made on first use, freed when the thread exits), without
    /// retaining it: the thread's slot owns it.
    @inline(__always)
    private static func withCurrent<R>(_ body: (BlockPool) -> R) -> R {
        if let raw = ThreadSlot.blockPool.value {
            return Unmanaged<BlockPool>.fromOpaque(raw)._withUnsafeGuaranteedRef(body)
        }
        return body(ThreadSlot.blockPool.install(BlockPool(), owner: poolKey))
    }
}

/// Frees the thread's pool when the thread exits; buffers freed by later destructors make a new
/// pool, which the key frees in turn.
private let poolKey = ThreadSlot.makeOwningKey()
