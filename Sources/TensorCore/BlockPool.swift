import Foundation

/// Per-thread free lists of element blocks: one list per power-of-two size up to 4,096 Doubles,
/// and a bounded cache of larger blocks; also spare objects: tensors and nodes of released graphs and
/// element buffers whose tensor let them go.
///
/// Training loops make and drop the same few tensor sizes every step. Recycling a small block costs
/// a few loads and stores where `malloc`/`free` of a block over 1 KiB walks glibc's bins; a freed
/// small block holds the link to the next one in its first bytes, and each list keeps at most
/// `maxBlocksPerClass` blocks (under 8 MiB a thread). The objects around the elements cost as much
/// again: each `Tensor`, `ElementBuffer` and graph node is a malloc and a free, with Swift's
/// allocation and release around them. Where TensorCore itself drops the last reference to one (a
/// released graph's intermediates and nodes, a backward's used gradients, the elements a backward no
/// longer needs; see `Tensor.recycle`, `Tensor.dropElements`, `GradNode.recycle`), it is cleared and
/// kept here for the next result: the student's hard way made 72 objects an epoch and now makes 5.
/// At most `maxSpareTensors` tensors, as many nodes of each kind, and `maxBlocksPerClass` buffers
/// per size class (with their blocks, under 8 MiB more). A large block comes from `mmap` through
/// malloc and goes back to the system when freed, so without the cache every large result of
/// every step faulted in and zeroed fresh pages: 40% of an epoch at 100,000 rows × 256 hidden
/// units. A block freed on another thread than the one that made it joins that thread's pool.
final class BlockPool {
    /// The largest block (in Doubles) that the free lists hold; larger ones are cached.
    static let maxPooledCount = 4096
    static let classCount = 13  // sizes 1, 2, 4, ..., 4096
    static let maxBlocksPerClass = 64
    /// A cached large block serves a request for at least 7/8 of its size (a little waste, but a
    /// training step's shapes repeat exactly, and a 16-row batch fits the 64-row one's block only
    /// when that is worth it).
    static let largeFitFraction = 8

    /// The most spare tensor objects a thread keeps.
    static let maxSpareTensors = 256

    // The spare lists' heads and counts live behind pointers, so `keep` reaches them without
    // binding the pool object (which costs a retain and a release, however it is bound) and moves
    // its argument in without a closure (which cannot consume what it captures).

    /// Tensor objects whose graph was released (`Tensor.recycle`), linked through `pendingGrad`.
    private let spareTensors: UnsafeMutablePointer<Tensor?>
    private let spareTensorCount: UnsafeMutablePointer<Int>
    /// Element buffers (object and block) whose tensor let them go (`Tensor.dropElements`), one
    /// list per size class linked through `nextSpare`, at most `maxBlocksPerClass` each.
    private let spareBuffers: UnsafeMutablePointer<ElementBuffer?>
    private let spareBufferCounts: UnsafeMutablePointer<Int>
    /// Graph nodes of released graphs (`GradNode.recycle`), one list per `GradNode.SpareKind`.
    private let spareNodes: UnsafeMutablePointer<GradNode?>
    private let spareNodeCounts: UnsafeMutablePointer<Int>
    private static let nodeKindCount = GradNode.SpareKind.allCases.count

    private let heads: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let lengths: UnsafeMutablePointer<Int>
    /// Freed large blocks, oldest first, and their total size in bytes.
    private var large: [(block: UnsafeMutablePointer<Double>, capacity: Int)] = []
    private var largeBytes = 0

    private init() {
        spareTensors = .allocate(capacity: 1)
        spareTensors.initialize(to: nil)
        spareTensorCount = .allocate(capacity: 1)
        spareTensorCount.initialize(to: 0)
        heads = .allocate(capacity: BlockPool.classCount)
        heads.initialize(repeating: nil, count: BlockPool.classCount)
        lengths = .allocate(capacity: BlockPool.classCount)
        lengths.initialize(repeating: 0, count: BlockPool.classCount)
        spareBuffers = .allocate(capacity: BlockPool.classCount)
        spareBuffers.initialize(repeating: nil, count: BlockPool.classCount)
        spareBufferCounts = .allocate(capacity: BlockPool.classCount)
        spareBufferCounts.initialize(repeating: 0, count: BlockPool.classCount)
        spareNodes = .allocate(capacity: BlockPool.nodeKindCount)
        spareNodes.initialize(repeating: nil, count: BlockPool.nodeKindCount)
        spareNodeCounts = .allocate(capacity: BlockPool.nodeKindCount)
        spareNodeCounts.initialize(repeating: 0, count: BlockPool.nodeKindCount)
    }

    deinit {
        // Spare objects first: a spare buffer gives its block back as it goes (to the thread's
        // pool of the moment; at thread exit the slot no longer names this one).
        while let tensor = spareTensors.pointee { spareTensors.pointee = tensor.pendingGrad.take() }
        spareTensors.deinitialize(count: 1)
        spareTensors.deallocate()
        spareTensorCount.deallocate()
        for k in 0..<BlockPool.nodeKindCount {
            while let node = spareNodes[k] { spareNodes[k] = node.nextSpare.take() }
        }
        spareNodes.deinitialize(count: BlockPool.nodeKindCount)
        spareNodes.deallocate()
        spareNodeCounts.deallocate()
        for c in 0..<BlockPool.classCount {
            while let buffer = spareBuffers[c] { spareBuffers[c] = buffer.nextSpare.take() }
        }
        spareBuffers.deinitialize(count: BlockPool.classCount)
        spareBuffers.deallocate()
        spareBufferCounts.deallocate()
        for c in 0..<BlockPool.classCount {
            var block = heads[c]
            while let current = block {
                block = current.load(as: UnsafeMutableRawPointer?.self)
                current.deallocate()
            }
        }
        heads.deallocate()
        lengths.deallocate()
        trimLarge(to: 0)
    }

    /// The size class of a block of `count` Doubles: ⌈log₂ count⌉ (0 for 0 and 1).
    @inline(__always)
    static func sizeClass(_ count: Int) -> Int {
        count <= 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount
    }

    /// Room for at least `count` Doubles (uninitialised), and how many the block holds, which
    /// `release` must be given back.
    @inline(__always)
    static func allocate(_ count: Int) -> (block: UnsafeMutablePointer<Double>, capacity: Int) {
        guard count <= maxPooledCount else { return withCurrent { $0.takeLarge(count) } }
        let c = sizeClass(count)
        return withCurrent { pool in
            if let block = pool.heads[c] {
                pool.heads[c] = block.load(as: UnsafeMutableRawPointer?.self)
                pool.lengths[c] -= 1
                return (block.assumingMemoryBound(to: Double.self), count)
            }
            return (.allocate(capacity: 1 << c), count)
        }
    }

    /// Gives back a block that `allocate` returned, with the capacity it gave.
    @inline(__always)
    static func release(_ pointer: UnsafeMutablePointer<Double>, capacity: Int) {
        guard capacity <= maxPooledCount else {
            withCurrent { $0.keepLarge(pointer, capacity: capacity) }
            return
        }
        let c = sizeClass(capacity)
        withCurrent { pool in
            guard pool.lengths[c] < maxBlocksPerClass else { pointer.deallocate(); return }
            let block = UnsafeMutableRawPointer(pointer)
            block.storeBytes(of: pool.heads[c], as: UnsafeMutableRawPointer?.self)
            pool.heads[c] = block
            pool.lengths[c] += 1
        }
    }

    // The spare lists below are singly linked; taking from them moves the head out (`take()`)
    // rather than copying it, so a take costs no reference counting of its own.

    /// A spare tensor object (cleared by `Tensor.recycle`), or nil.
    @inline(__always)
    static func takeTensor() -> Tensor? {
        withCurrent { pop($0.spareTensors, counting: $0.spareTensorCount) { $0.pendingGrad.take() } }
    }

    /// Keeps `tensor` (cleared, held by nothing else) for `takeTensor`; false when the thread
    /// already keeps enough, and the tensor should be let go.
    @inline(__always)
    static func keep(_ tensor: consuming Tensor) -> Bool {
        let (list, count) = withCurrent { ($0.spareTensors, $0.spareTensorCount) }
        return push(tensor, onto: list, counting: count, limit: maxSpareTensors) { $0.pendingGrad = $1 }
    }

    /// A spare graph node of the kind numbered `kind` (`GradNode.SpareKind`), or nil.
    @inline(__always)
    static func takeNode(kind: Int) -> GradNode? {
        withCurrent { pop($0.spareNodes + kind, counting: $0.spareNodeCounts + kind) { $0.nextSpare.take() } }
    }

    /// Keeps `node` (cleared, held by nothing else) for `takeNode`; false when its kind has
    /// `maxSpareTensors` already, and the node should be let go.
    @inline(__always)
    static func keep(_ node: consuming GradNode, kind: Int) -> Bool {
        let (lists, counts) = withCurrent { ($0.spareNodes, $0.spareNodeCounts) }
        return push(node, onto: lists + kind, counting: counts + kind, limit: maxSpareTensors) { $0.nextSpare = $1 }
    }

    /// A spare element buffer whose block has room for `count` Doubles, or nil.
    @inline(__always)
    static func takeBuffer(_ count: Int) -> ElementBuffer? {
        guard count <= maxPooledCount else { return nil }
        let c = sizeClass(count)
        return withCurrent { pop($0.spareBuffers + c, counting: $0.spareBufferCounts + c) { $0.nextSpare.take() } }
    }

    /// Keeps `buffer` (held by nothing else) for `takeBuffer`; false when its size class has
    /// enough, or it is large, and the buffer should be let go.
    @inline(__always)
    static func keep(_ buffer: consuming ElementBuffer) -> Bool {
        guard let c = buffer.sizeClass else { return false }
        let (lists, counts) = withCurrent { ($0.spareBuffers, $0.spareBufferCounts) }
        return push(buffer, onto: lists + c, counting: counts + c, limit: maxBlocksPerClass) { $0.nextSpare = $1 }
    }

    /// Pushes `object` onto a spare list whose objects link through the slot `link` sets, moving
    /// both references (no retain); false, leaving the list alone, when it holds `limit` already.
    @inline(__always)
    private static func push<T: AnyObject>(_ object: consuming T, onto list: UnsafeMutablePointer<T?>,
                                           counting count: UnsafeMutablePointer<Int>, limit: Int,
                                           link: (T, consuming T?) -> Void) -> Bool {
        guard count.pointee < limit else { return false }
        link(object, list.pointee.take())
        list.pointee = consume object
        count.pointee += 1
        return true
    }

    /// Takes the head of a spare list; `next` moves the link out of it.
    @inline(__always)
    private static func pop<T: AnyObject>(_ list: UnsafeMutablePointer<T?>, counting count: UnsafeMutablePointer<Int>,
                                          next: (T) -> T?) -> T? {
        guard let object = list.pointee.take() else { return nil }
        list.pointee = next(object)
        count.pointee -= 1
        return object
    }

    /// Frees this thread's cached large blocks (the session calls it when a cell ends, so memory a
    /// finished cell used goes back to the system).
    static func releaseCachedBlocks() {
        guard let raw = ThreadSlot.blockPool.value else { return }
        Unmanaged<BlockPool>.fromOpaque(raw)._withUnsafeGuaranteedRef { $0.trimLarge(to: 0) }
    }

    /// How many spare tensors, and spare buffers of the size class of `count` Doubles, this
    /// thread keeps (for tests).
    static func spareCounts(bufferOf count: Int) -> (tensors: Int, buffers: Int, nodes: Int) {
        withCurrent { pool in
            (pool.spareTensorCount.pointee, pool.spareBufferCounts[sizeClass(count)],
             (0..<nodeKindCount).reduce(0) { $0 + pool.spareNodeCounts[$1] })
        }
    }

    /// The bytes of large blocks this thread's pool holds for reuse.
    static var cachedBytes: Int {
        guard let raw = ThreadSlot.blockPool.value else { return 0 }
        return Unmanaged<BlockPool>.fromOpaque(raw)._withUnsafeGuaranteedRef { $0.largeBytes }
    }

    /// The smallest cached block that fits `count` without wasting more than 1/`largeFitFraction`
    /// of itself, or a new block.
    private func takeLarge(_ count: Int) -> (block: UnsafeMutablePointer<Double>, capacity: Int) {
        var best: Int?
        for (index, entry) in large.enumerated()
        where entry.capacity >= count && entry.capacity - entry.capacity / BlockPool.largeFitFraction <= count {
            if best.map({ entry.capacity < large[$0].capacity }) ?? true { best = index }
        }
        if let best {
            let entry = large.remove(at: best)
            largeBytes -= entry.capacity * MemoryLayout<Double>.stride
            return entry
        }
        return (.allocate(capacity: count), count)
    }

    /// Caches a freed large block, dropping the oldest ones past the context's `maxCachedBytes`.
    private func keepLarge(_ block: UnsafeMutablePointer<Double>, capacity: Int) {
        let bytes = capacity * MemoryLayout<Double>.stride
        let limit = TensorContext.currentMaxCachedBytes
        guard bytes <= limit else { block.deallocate(); return }
        trimLarge(to: limit - bytes)
        large.append((block, capacity))
        largeBytes += bytes
    }

    private func trimLarge(to bytes: Int) {
        while largeBytes > bytes, !large.isEmpty {
            let oldest = large.removeFirst()
            largeBytes -= oldest.capacity * MemoryLayout<Double>.stride
            oldest.block.deallocate()
        }
    }

    /// Runs `body` with this thread's pool (made on first use, freed when the thread exits), without
    /// retaining it: the thread's slot owns it.
    /// (One call of `body`, so the compiler inlines it: a closure called on two paths stayed a
    /// function of its own, retaining what it captured.)
    @inline(__always)
    private static func withCurrent<R>(_ body: (BlockPool) -> R) -> R {
        let raw = ThreadSlot.blockPool.value ?? installPool()
        return Unmanaged<BlockPool>.fromOpaque(raw)._withUnsafeGuaranteedRef(body)
    }

    /// Makes this thread's pool (first use) and returns the slot's pointer to it.
    @inline(never)
    private static func installPool() -> UnsafeMutableRawPointer {
        _ = ThreadSlot.blockPool.install(BlockPool(), owner: poolKey)
        return ThreadSlot.blockPool.value.unsafelyUnwrapped
    }
}

/// Frees the thread's pool when the thread exits; buffers freed by later destructors make a new
/// pool, which the key frees in turn.
private let poolKey = ThreadSlot.makeOwningKey()
