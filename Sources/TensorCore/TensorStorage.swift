/// The elements of a tensor: one heap block, shared between tensors and copied on write.
///
/// Why not `[Double]`: on Linux every new Swift array looks up the generic metadata of its storage
/// class in the runtime's hash table (~300 instructions), and glibc serves blocks over 1 KiB (the
/// lecture's 135-element tensors) from its slow bins; together they made allocating the elements
/// cost more than computing them. A non-generic buffer class has static metadata, and its elements
/// come from a per-thread pool of recycled blocks (`BlockPool`).
@usableFromInline
struct TensorStorage {
    @usableFromInline var buffer: ElementBuffer

    /// `count` elements written by `body`, which must initialise all of them.
    @inline(__always)
    init(count: Int, initializingWith body: (UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows {
        buffer = ElementBuffer.make(count: count)
        try body(buffer.elements)
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

    /// A one-element storage (scalars).
    @inline(__always)
    init(scalar value: Double) {
        self.init(count: 1) { $0[0] = value }
    }

    /// The elements as a Swift array (a copy).
    var array: [Double] { withUnsafeBufferPointer { Array($0) } }

    /// Whether two storages are the very same buffer (not merely equal elements).
    func isSameBuffer(as other: TensorStorage) -> Bool { buffer === other.buffer }

    /// Reads the elements.
    @inline(__always)
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(buffer.elements))
    }

    /// Writes the elements in place, copying them first if another tensor shares this buffer.
    @inline(__always)
    mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        makeUnique()
        return try body(buffer.elements)
    }

    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&buffer) { buffer = buffer.copy() }
    }
}

extension TensorStorage: RandomAccessCollection, MutableCollection {
    @usableFromInline typealias Index = Int

    @inlinable var startIndex: Int { 0 }
    @inlinable var endIndex: Int { buffer.count }
    @inlinable var count: Int { buffer.count }

    @inlinable
    subscript(position: Int) -> Double {
        get {
            precondition(position >= 0 && position < buffer.count, "tensor element index out of range")
            return buffer.base[position]
        }
        set {
            precondition(position >= 0 && position < buffer.count, "tensor element index out of range")
            if !isKnownUniquelyReferenced(&buffer) { buffer = buffer.copy() }
            buffer.base[position] = newValue
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
    @usableFromInline let count: Int
    @usableFromInline let base: UnsafeMutablePointer<Double>

    private init(count: Int) {
        self.count = count
        base = BlockPool.allocate(count)
    }

    /// A buffer of `count` uninitialised elements (Doubles need no deinitialisation).
    @inline(__always)
    static func make(count: Int) -> ElementBuffer { ElementBuffer(count: count) }

    deinit { BlockPool.release(base, count: count) }

    var elements: UnsafeMutableBufferPointer<Double> { UnsafeMutableBufferPointer(start: base, count: count) }

    /// A new buffer with the same elements.
    @usableFromInline func copy() -> ElementBuffer {
        let fresh = ElementBuffer.make(count: count)
        fresh.base.initialize(from: base, count: count)
        return fresh
    }
}
