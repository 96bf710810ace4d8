import Foundation

/// One result slot per lab (or submission), filled from concurrent threads.
public final class Slots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    public subscript(index: Int) -> Value? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    /// The values filled so far, in order.
    public var values: [Value] { lock.withLock { slots.compactMap { $0 } } }
}
