import Foundation

/// Every failure of a tensor operation: thrown, never a trap. `message` is ready to show to a student.
public struct TensorError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong, naming the operation and the shapes involved.
    public var message: String
    /// True when the error is the session's cancellation flag stopping a long operation.
    public var isCancellation: Bool

    /// An error with the given message.
    public init(_ message: String, isCancellation: Bool = false) {
        self.message = message
        self.isCancellation = isCancellation
    }

    public var description: String { message }
}

/// What a tensor's Doubles stand for (PyTorch's dtype, as far as printing and indexing see it).
public enum ElementKind: Sendable, Equatable {
    /// Real numbers (float64).
    case float
    /// Whole numbers: class indices, positions (`argmax`, `randperm`); PyTorch's int64.
    case long
    /// 0 and 1 from a comparison, printed `True`/`False`; indexing with it selects (a mask).
    case bool

    /// The name PyTorch gives the dtype.
    public var name: String {
        switch self {
        case .float: return "float64"
        case .long: return "int64"
        case .bool: return "bool"
        }
    }
}

/// An n-dimensional array of Doubles with reverse-mode automatic differentiation, following PyTorch.
///
/// Tensors are shared objects (a reference type), as in PyTorch. Storage is contiguous, row-major and
/// copy-on-write: results of `reshape`, `detach` and friends share the buffer until one side is
/// written in place, so copying a session's tensors (`snapshot()`) is cheap. Unlike PyTorch there are
/// no views: writing into a reshaped tensor never changes the tensor it came from.
public final class Tensor {
    /// The size of each axis; `[]` for a scalar.
    @exclusivity(unchecked) public internal(set) var shape: [Int]
    /// The elements in row-major order.
    @exclusivity(unchecked) @usableFromInline internal var storage: TensorStorage
    /// The node that produced this tensor in a recorded graph; nil for leaves.
    @exclusivity(unchecked) public internal(set) var gradFn: GradNode?
    /// The accumulated gradient (nil before the first backward); settable, e.g. to nil.
    ///
    /// A computed property over `gradStorage`: other modules reach a stored class property directly,
    /// with a run-time exclusivity check on every access; through the accessor they do not.
    public var grad: Tensor? {
        get { gradStorage }
        set {
            // A gradient nothing else holds (a training loop's `w.grad = nil` each step) is kept for
            // the next result (`recycle`).
            if var old = gradStorage.take(), old !== newValue, isKnownUniquelyReferenced(&old) {
                Tensor.recycle(consume old)
            }
            gradStorage = newValue
        }
    }
    @exclusivity(unchecked) internal var gradStorage: Tensor?
    @exclusivity(unchecked) @usableFromInline internal var storedRequiresGrad: Bool
    /// Scratch slots of the backward pass (one pass at a time runs per tensor).
    @exclusivity(unchecked) internal var pendingGrad: Tensor?
    /// A backward pass's depth-first search mark (`topologicalOrder`): `notReached`; while the
    /// tensor is on the search's stack, `firstInput` + the index of its node's next input to visit,
    /// or `inputsDone`; a listed tensor is left at `reached` until the pass resets it.
    @exclusivity(unchecked) internal var visitMark: Int = Tensor.notReached
    @exclusivity(unchecked) internal var storedDetachedCopy = false
    /// Set when a backward that did not retain the graph dropped this intermediate's elements
    /// (`storage` is then one placeholder element): only the graph held it, and no backward needs
    /// its values any more (see `Tensor.releaseUnreachableInputs`).
    @exclusivity(unchecked) internal var valuesReleased = false
    @exclusivity(unchecked) internal var storedKind = ElementKind.float

    /// What the elements stand for: every tensor holds Doubles, but indices and masks print as
    /// PyTorch's int64 and bool tensors do, and a mask selects where an index list picks.
    public var kind: ElementKind {
        get { storedKind }
        set { storedKind = newValue }
    }

    /// Set on what lab code's `detach()` returns: a copy (elements shared until written), so changing
    /// it in place leaves the original alone, unlike PyTorch's detach (the bindings say so).
    public var isDetachedCopy: Bool {
        get { storedDetachedCopy }
        set { storedDetachedCopy = newValue }
    }
    static let notReached = 0
    static let reached = 1
    static let firstInput = 1
    static let inputsDone = 4
    /// Copies of graph-free reads (`X[:, 0]`, `Xᵀ`) of the current elements; see `DerivedCache`.
    @exclusivity(unchecked) internal var derivedCache: DerivedCache?

    /// Internal designated initialiser: trusts that `storage.count` is the product of `shape`.
    @usableFromInline
    internal init(shape: [Int], storage: TensorStorage, requiresGrad: Bool = false) {
        self.shape = shape
        self.storage = storage
        self.storedRequiresGrad = requiresGrad
    }

    /// A result tensor with `shape` and `storage` (no graph, not requiring grad): a spare object of
    /// a released graph when this thread keeps one (`recycle`), else a new one. A training step
    /// makes and drops the same few dozen tensors every time; reusing their objects saves a malloc
    /// and a free each.
    @inline(__always)
    static func make(shape: [Int], storage: TensorStorage) -> Tensor {
        guard let spare = BlockPool.takeTensor() else { return Tensor(shape: shape, storage: storage) }
        spare.shape = shape
        spare.storage = storage
        return spare
    }

    /// Clears `tensor`, whose only reference the caller hands over (so nothing can see it again),
    /// and keeps it for `make`. Called where a released graph's tensors and a backward's used
    /// gradients would otherwise be freed. Consuming, so the reference moves into the spare list
    /// without a retain (and the caller's release).
    static func recycle(_ tensor: consuming Tensor) {
        tensor.dropElements()
        // The shape stays until `make` replaces it. Fields are checked before they are cleared:
        // they are almost always empty, and clearing one costs a release call even then.
        if tensor.gradFn != nil { tensor.gradFn = nil }
        if tensor.gradStorage != nil { tensor.gradStorage = nil }
        if tensor.pendingGrad != nil { tensor.pendingGrad = nil }
        if tensor.derivedCache != nil { tensor.derivedCache = nil }
        tensor.storedRequiresGrad = false
        tensor.visitMark = Tensor.notReached
        tensor.storedDetachedCopy = false
        tensor.valuesReleased = false
        tensor.storedKind = .float
        _ = BlockPool.keep(consume tensor)
    }

    /// The address of the first element when a buffer holds them (nil for the inline element of a
    /// one-element tensor), for a C loop to read while this tensor is held and not written.
    @inline(__always)
    var bufferBase: UnsafeMutablePointer<Double>? { storage.buffer?.base }

    /// `bufferBase` for writing in place: the elements are copied first if another tensor shares
    /// them (copy-on-write), as `withUnsafeMutableBufferPointer` does, without its closure.
    @inline(__always)
    var writableBufferBase: UnsafeMutablePointer<Double>? {
        guard storage.buffer != nil else { return nil }
        if !isKnownUniquelyReferenced(&storage.buffer) { storage.buffer = storage.buffer.unsafelyUnwrapped.copy() }
        return storage.buffer.unsafelyUnwrapped.base
    }

    /// Replaces the elements by one placeholder element; a buffer no other tensor shares is kept
    /// for the next result of its size class (`ElementBuffer.make`).
    @inline(__always)
    func dropElements() {
        guard storage.buffer != nil else {
            storage.inline = 0
            return
        }
        if isKnownUniquelyReferenced(&storage.buffer) {
            // Moved out, not copied: the pool takes this reference over.
            let buffer = storage.buffer.take().unsafelyUnwrapped
            storage.inline = 0
            _ = BlockPool.keep(consume buffer)
        } else {
            storage = TensorStorage(scalar: 0)
        }
    }

    /// Internal initialiser from an array (copied into a new buffer); see the designated one.
    internal convenience init(shape: [Int], storage values: [Double], requiresGrad: Bool = false) {
        self.init(shape: shape, storage: TensorStorage(values), requiresGrad: requiresGrad)
    }

    /// A scalar (shape `[]`).
    public convenience init(_ value: Double, requiresGrad: Bool = false) {
        self.init(shape: [], storage: TensorStorage(scalar: value), requiresGrad: requiresGrad)
    }

    /// A tensor of the given shape holding `values` in row-major order.
    public convenience init(_ values: [Double], shape: [Int], requiresGrad: Bool = false) throws {
        let n = try Tensor.elementCount(shape, op: "tensor")
        guard n == values.count else {
            throw TensorError("cannot make a tensor of shape \(shape) (\(n) elements) from \(values.count) values")
        }
        try TensorContext.current.checkLimit(n)
        self.init(shape: shape, storage: values, requiresGrad: requiresGrad)
    }

    /// A 1-D tensor of the given values.
    public convenience init(_ values: [Double], requiresGrad: Bool = false) throws {
        try self.init(values, shape: [values.count], requiresGrad: requiresGrad)
    }

    /// A 2-D tensor from rows of equal length (ragged rows are an error).
    public convenience init(rows: [[Double]], requiresGrad: Bool = false) throws {
        try self.init(literal: .array(rows.map { .array($0.map(TensorLiteral.scalar)) }),
                      requiresGrad: requiresGrad)
    }

    /// A tensor from a nested literal such as `[[1, 2], [3, 4]]`; ragged nesting is an error.
    public convenience init(literal: TensorLiteral, requiresGrad: Bool = false) throws {
        let (values, shape) = try literal.flattened()
        try self.init(values, shape: shape, requiresGrad: requiresGrad)
    }

    /// The number of elements.
    @inlinable public var count: Int { storage.count }
    /// The number of axes.
    public var rank: Int { shape.count }
    /// A copy of the elements in row-major order.
    public var scalars: [Double] { storage.array }
    /// Whether gradients flow to this tensor; set it with `setRequiresGrad(_:)`.
    @inlinable public var requiresGrad: Bool { storedRequiresGrad }
    /// True when no recorded operation produced this tensor.
    public var isLeaf: Bool { gradFn == nil }
    /// PyTorch's name of the node that produced this tensor (`AddBackward0`), or nil for leaves.
    public var gradFnName: String? { gradFn?.name }

    /// The single element as a Double; an error unless the tensor has exactly one element.
    public var item: Double {
        get throws {
            guard storage.count == 1 else {
                throw TensorError(
                    "a Tensor with \(storage.count) elements cannot be converted to a number (item needs exactly one element; shape \(shape))")
            }
            return storage[0]
        }
    }

    /// Turns gradient tracking on or off; only leaves may change it, as in PyTorch.
    public func setRequiresGrad(_ flag: Bool = true) throws {
        guard gradFn == nil else {
            throw TensorError(
                "you can only change requiresGrad of leaf tensors; this tensor was made by \(gradFn?.name ?? "an operation"). Use detach() to get a leaf")
        }
        storedRequiresGrad = flag
    }

    /// The gradient, or an error saying that there is none yet (for arithmetic on `grad`).
    public func existingGrad() throws -> Tensor {
        guard let g = grad else {
            throw TensorError("this tensor has no gradient yet (grad is nil): call backward() on a result that depends on it first")
        }
        return g
    }

    /// A new leaf that shares this tensor's elements (copy-on-write) and has no graph.
    public func detach() -> Tensor {
        let t = Tensor(shape: shape, storage: storage)
        t.storedKind = storedKind
        return t
    }

    /// A cheap copy for session snapshots: same elements (shared until written), same requiresGrad,
    /// a snapshot of `grad`; the graph is not copied.
    public func snapshot() -> Tensor {
        let t = Tensor(shape: shape, storage: storage, requiresGrad: storedRequiresGrad)
        t.storedKind = storedKind
        t.grad = grad?.snapshot()
        return t
    }

    /// Element at a full multi-index (negative indices count from the end).
    public func element(at index: [Int]) throws -> Double {
        guard index.count == shape.count else {
            throw TensorError("element(at:) needs \(shape.count) indices for shape \(shape), got \(index.count)")
        }
        var offset = 0
        for (axis, i) in index.enumerated() {
            let size = shape[axis]
            let j = i < 0 ? i + size : i
            guard j >= 0, j < size else {
                throw TensorError("index \(i) is out of range for axis \(axis) with size \(size)")
            }
            offset = offset * size + j
        }
        return storage[offset]
    }

    /// The product of `shape`, or an error for negative sizes or overflow.
    static func elementCount(_ shape: [Int], op: String) throws -> Int {
        var n = 1
        for d in shape {
            guard d >= 0 else { throw TensorError("\(op): negative size \(d) in shape \(shape)") }
            let (m, overflow) = n.multipliedReportingOverflow(by: d)
            guard !overflow else { throw TensorError("\(op): shape \(shape) has too many elements") }
            n = m
        }
        return n
    }
}

/// A nested array literal for building tensors: numbers at the leaves.
public indirect enum TensorLiteral: Sendable, Equatable {
    /// A number.
    case scalar(Double)
    /// A list of literals of equal shape.
    case array([TensorLiteral])

    /// The elements in row-major order and the shape; ragged nesting is an error.
    public func flattened() throws -> ([Double], [Int]) {
        var values: [Double] = []
        let shape = try flatten(into: &values, depth: 0)
        return (values, shape)
    }

    private func flatten(into values: inout [Double], depth: Int) throws -> [Int] {
        switch self {
        case .scalar(let v):
            values.append(v)
            return []
        case .array(let items):
            guard depth < 64 else { throw TensorError("tensor literal is nested too deeply") }
            var inner: [Int]? = nil
            for (i, item) in items.enumerated() {
                let s = try item.flatten(into: &values, depth: depth + 1)
                if let expected = inner, expected != s {
                    throw TensorError(
                        "ragged nested list: item \(i) has shape \(s) but item 0 has shape \(expected); every row must have the same length")
                }
                inner = s
            }
            return [items.count] + (inner ?? [])
        }
    }
}
