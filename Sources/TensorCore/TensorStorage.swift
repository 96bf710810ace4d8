/// The elements of a tensor: one heap block, shared between tensors and copied on write.
///
/// Why not `[Double]`: on Linux every new Swift array looks up the generic metadata of its storage
/// class in the runtime's hash table (~300 instructions), and glibc serves blocks over 1 KiB (the
/// lecture's 135-element tensors) from its slow bins; together they made allocating the elements
/// cost more than computing them. A non-generic buffer class has static metadata, and its elements
/// come from a per-thread pool of recycled blocks (`BlockPool`).
///
/// A single element (a scalar, a loss, the gradient of a scalar parameter) is held inline, with no
/// buffer at all: training loops make several such tensors per step.
@usableFromInline
struct TensorStorage {
    /// The elements; nil when the storage holds exactly one element, in `inline`.
    @usableFromInline var buffer: ElementBuffer?
    @usableFromInline var inline: Double

    /// `count` elements written by `body`, which must initialise all of them.
    @inline(__always)
    init(count: Int, initializingWith body: (UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows {
        if count == 1 {
            var value = 0.0
            try withUnsafeMutablePointer(to: &value) { try body(UnsafeMutableBufferPointer(start: $0, count: 1)) }
            buffer = nil
            inline = value
        } else {
            let fresh = ElementBuffer.make(count: count)
            try body(fresh.elements)
            buffer = fresh
            inline = 0
        }
    }

    /// `count` copies of `value`.
    init(repeating value: Double, count: Int) {
        self.init(count: count) { $0.initialize(repeating: value) }
    }

    /// The elements of `array`.
    init(_ array: [Double]) {
        self.init(count: array.count) { out in
            array.withUnsafeBufferPointer { source in
                if let from = source.baseAddress, let to = out.baseAddress { to.initialize(from: from, count: source.count) }
            }
        }
    }

    /// The elements of `buffer` (at least two; a one-element storage keeps its element inline).
    @inline(__always)
    init(buffer: ElementBuffer) {
        self.buffer = buffer
        inline = 0
    }

    /// A one-element storage (scalars).
    @inline(__always)
    init(scalar value: Double) {
        buffer = nil
        inline = value
    }

    /// The elements as a Swift array (a copy).
    var array: [Double] { withUnsafeBufferPointer { Array($0) } }

    /// Whether two storages are the very same buffer (not merely equal elements); never for the
    /// inline single element, which has no identity.
    func isSameBuffer(as other: TensorStorage) -> Bool {
        guard let buffer else { return false }
        return buffer === other.buffer
    }

    /// Reads the elements.
    @inline(__always)
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        if let buffer { return try body(UnsafeBufferPointer(buffer.elements)) }
        return try withUnsafePointer(to: inline) { try body(UnsafeBufferPointer(start: $0, count: 1)) }
    }

    /// Writes the elements in place, copying them first if another tensor shares this buffer.
    @inline(__always)
    mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        guard buffer != nil else {
            return try withUnsafeMutablePointer(to: &inline) { try body(UnsafeMutableBufferPointer(start: $0, count: 1)) }
        }
        if !isKnownUniquelyReferenced(&buffer) { buffer = buffer?.copy() }
        return try body(buffer.unsafelyUnwrapped.elements)
    }
}

extension TensorStorage: RandomAccessCollection, MutableCollection {
    @usableFromInline typealias Index = Int

    @inlinable var startIndex: Int { 0 }
    @inlinable var endIndex: Int { count }
    @inlinable var count: Int { buffer?.count ?? 1 }

    @inlinable
    subscript(position: Int) -> Double {
        get {
            precondition(position >= 0 && position < count, "tensor element index out of range")
            guard let buffer else { return inline }
            return buffer.base[position]
        }
        set {
            precondition(position >= 0 && position < count, "tensor element index out of range")
            guard buffer != nil else { inline = newValue; return }
            if !isKnownUniquelyReferenced(&buffer) { buffer = buffer?.copy() }
            buffer.unsafelyUnwrapped.base[position] = newValue
        }
    }
}

extension TensorStorage: ExpressibleByArrayLiteral {
    @usableFromInline
    init(arrayLiteral elements: Double...) { self.init(elements) }
}

/// The heap block behind `TensorStorage`: the element count and a pointer to the elements, which
/// come from the thread's `BlockPool`.
@usableFromInline
final class ElementBuffer {
    @exclusivity(unchecked) @usableFromInline private(set) var count: Int
    @usableFromInline let base: UnsafeMutablePointer<Double>
    /// The block's size in Doubles (a cached large block may be a little larger than `count`).
    @exclusivity(unchecked) private var capacity: Int
    /// The next spare buffer of the same size class while this one waits in `BlockPool`.
    @exclusivity(unchecked) var nextSpare: ElementBuffer?

    private init(count: Int) {
        self.count = count
        (base, capacity) = BlockPool.allocate(count)
    }

    /// A buffer of `count` uninitialised elements (Doubles need no deinitialisation): a spare one
    /// of the same size class when the thread keeps one (`Tensor.dropElements`), else a new one.
    @inline(__always)
    static func make(count: Int) -> ElementBuffer {
        guard let spare = BlockPool.takeBuffer(count) else { return ElementBuffer(count: count) }
        // The spare's block has room for any count of its size class, which `capacity` keeps.
        spare.count = count
        spare.capacity = count
        return spare
    }

    /// The size class `BlockPool` files this buffer under (nil for a large block, which is not kept).
    var sizeClass: Int? { capacity <= BlockPool.maxPooledCount ? BlockPool.sizeClass(capacity) : nil }

    deinit { BlockPool.release(base, capacity: capacity) }

    var elements: UnsafeMutableBufferPointer<Double> { UnsafeMutableBufferPointer(start: base, count: count) }

    /// A new buffer with the same elements.
    @usableFromInline func copy() -> ElementBuffer {
        let fresh = ElementBuffer.make(count: count)
        fresh.base.initialize(from: base, count: count)
        return fresh
    }
}
