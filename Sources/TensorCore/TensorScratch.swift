/// A growable list of tensors that does not retain them, reused by backward passes.
///
/// A pass lists every tensor of the graph; retaining and releasing each one (an atomic operation
/// apiece) cost more than the walk itself. The list is only ever filled with tensors that the graph
/// holds strongly (each is reachable from the pass's root through its nodes' input slots, which a
/// pass never changes), so they outlive the pass without being retained here.
final class TensorScratch {
    private var base: UnsafeMutablePointer<Unmanaged<Tensor>>
    private var capacity: Int
    /// The number of tensors listed.
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Lists `tensor` at the end.
    @inline(__always)
    func append(_ tensor: Tensor) {
        if count == capacity { grow() }
        (base + count).initialize(to: Unmanaged.passUnretained(tensor))
        count += 1
    }

    /// Drops the last tensor.
    @inline(__always)
    func removeLast() { count -= 1 }

    /// Empties the list.
    func removeAll() { count = 0 }

    /// The tensor at `index` (0 ≤ index < count), unretained.
    @inline(__always)
    func tensor(at index: Int) -> Unmanaged<Tensor> { base[index] }

    private func grow() {
        let larger = UnsafeMutablePointer<Unmanaged<Tensor>>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }

    /// Whether the list is worth keeping for the next pass (not grown huge by one big graph).
    var isSmall: Bool { capacity <= 1 << 16 }
}
