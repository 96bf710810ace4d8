/// Results of graph-free reads of a tensor that copy its elements (`X[:, 0]`, `Xᵀ`), kept so that a
/// training loop reading the same columns of unchanging data every epoch copies them once.
///
/// An entry is valid only while the tensor's storage is the very buffer it was computed from: the
/// cache keeps a reference to that buffer, so any write into the tensor (always copy-on-write)
/// moves it to a new buffer and the entries are dropped at the next lookup. Results are handed out
/// as tensors sharing the cached elements copy-on-write (see `tensor(for:)`), so writing into one
/// never reaches the cache or another result.
final class DerivedCache {
    /// What was computed from the tensor.
    enum Key: Equatable {
        case index([TensorIndex])
        case transpose(Int, Int)
    }

    /// The storage the entries were computed from (kept alive so its address cannot be reused).
    let source: TensorStorage
    let sourceShape: [Int]
    @exclusivity(unchecked) private var keys: [Key] = []
    @exclusivity(unchecked) private var results: [Entry] = []
    @exclusivity(unchecked) private var nextSlot = 0
    /// The entry of the last lookup that found one.
    @exclusivity(unchecked) private var lastHit = -1

    /// Entries per tensor (a lab reads a few columns of its data; more are replaced round-robin).
    static let capacity = 8
    /// Tensors larger than this are not cached, so the cache never holds much memory.
    static let maxElements = 1 << 16

    init(source: TensorStorage, shape: [Int]) {
        self.source = source
        sourceShape = shape
    }

    /// Whether `storage` is still the buffer the entries were computed from.
    func isCurrent(_ storage: TensorStorage, _ shape: [Int]) -> Bool {
        storage.isSameBuffer(as: source) && shape == sourceShape
    }

    /// A result: its elements, and the last two tensors handed out for it.
    private struct Entry {
        let shape: [Int]
        let values: TensorStorage
        var handedOut: Tensor?
        var handedOutBefore: Tensor?
    }

    /// A tensor holding the result for `key`, or nil. A tensor handed out before is handed out
    /// again when nothing else holds it any more and it is still a plain copy of the entry, which
    /// saves making a tensor per read; otherwise a new tensor shares the entry's elements. Two are
    /// kept because a training loop's variables still hold the last step's graph (and its column)
    /// while the next step reads the column again: the one from two steps ago is free by then.
    func tensor(for key: Key) -> Tensor? {
        // A loop reads its columns in the same order every step: try the entry after the last hit
        // first (the same subscript's key is the same array, so the comparison is one identity check).
        let i: Int
        let next = lastHit + 1 < keys.count ? lastHit + 1 : 0
        if next < keys.count, keys[next] == key {
            i = next
        } else if let found = keys.firstIndex(of: key) {
            i = found
        } else {
            return nil
        }
        lastHit = i
        let (values, shape) = (results[i].values, results[i].shape)
        if Self.reusable(&results[i].handedOut, values, shape) {
            return results[i].handedOut
        }
        if Self.reusable(&results[i].handedOutBefore, values, shape) {
            swap(&results[i].handedOut, &results[i].handedOutBefore)
            return results[i].handedOut
        }
        let fresh = Tensor(shape: results[i].shape, storage: results[i].values)
        results[i].handedOutBefore = results[i].handedOut
        results[i].handedOut = fresh
        return fresh
    }

    /// Whether `slot` holds a tensor nothing else holds that is still a plain copy of the entry's
    /// `values` and `shape`.
    private static func reusable(_ slot: inout Tensor?, _ values: TensorStorage, _ shape: [Int]) -> Bool {
        guard isKnownUniquelyReferenced(&slot), let t = slot else { return false }
        return t.gradFn == nil && !t.storedRequiresGrad && t.grad == nil
            && t.storage.isSameBuffer(as: values) && t.shape == shape
    }

    func insert(_ key: Key, shape: [Int], values: TensorStorage) {
        let entry = Entry(shape: shape, values: values, handedOut: nil)
        if keys.count < DerivedCache.capacity {
            keys.append(key)
            results.append(entry)
        } else {
            keys[nextSlot] = key
            results[nextSlot] = entry
            nextSlot = (nextSlot + 1) % DerivedCache.capacity
        }
    }
}

extension Tensor {
    /// A fresh tensor holding the cached result for `key`, or nil (dropping a stale cache).
    func cachedDerived(_ key: DerivedCache.Key) -> Tensor? {
        guard let cache = derivedCache else { return nil }
        guard cache.isCurrent(storage, shape) else {
            derivedCache = nil
            return nil
        }
        return cache.tensor(for: key)
    }

    /// Remembers `result` (computed from this tensor's current storage, without a graph) for `key`.
    func rememberDerived(_ key: DerivedCache.Key, _ result: Tensor) {
        guard storage.count > 1, storage.count <= DerivedCache.maxElements, result.gradFn == nil else { return }
        let cache: DerivedCache
        if let existing = derivedCache, existing.isCurrent(storage, shape) {
            cache = existing
        } else {
            cache = DerivedCache(source: storage, shape: shape)
            derivedCache = cache
        }
        cache.insert(key, shape: result.shape, values: result.storage)
    }
}
