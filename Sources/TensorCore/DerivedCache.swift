/// Results of graph-free reads of a tensor that copy its elements (`X[:, 0]`, `Xᵀ`), kept so that a
/// training loop reading the same columns of unchanging data every epoch copies them once.
///
/// An entry is valid only while the tensor's storage is the very buffer it was computed from: the
/// cache keeps a reference to that buffer, so any write into the tensor (always copy-on-write)
/// moves it to a new buffer and the entries are dropped at the next lookup. Results are handed out
/// as new tensors sharing the cached elements copy-on-write, so writing into one never reaches the
/// cache or another result.
final class DerivedCache {
    /// What was computed from the tensor.
    enum Key: Equatable {
        case index([TensorIndex])
        case transpose(Int, Int)
    }

    /// The storage the entries were computed from (kept alive so its address cannot be reused).
    let source: TensorStorage
    let sourceShape: [Int]
    private var keys: [Key] = []
    private var results: [(shape: [Int], values: TensorStorage)] = []
    private var nextSlot = 0

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

    func lookup(_ key: Key) -> (shape: [Int], values: TensorStorage)? {
        for i in keys.indices where keys[i] == key { return results[i] }
        return nil
    }

    func insert(_ key: Key, shape: [Int], values: TensorStorage) {
        if keys.count < DerivedCache.capacity {
            keys.append(key)
            results.append((shape, values))
        } else {
            keys[nextSlot] = key
            results[nextSlot] = (shape, values)
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
        guard let hit = cache.lookup(key) else { return nil }
        return Tensor(shape: hit.shape, storage: hit.values)
    }

    /// Remembers `result` (computed from this tensor's current storage, without a graph) for `key`.
    func rememberDerived(_ key: DerivedCache.Key, _ result: Tensor) {
        guard storage.count <= DerivedCache.maxElements, result.gradFn == nil else { return }
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
