/// A gradient a node's last backward pass received or sent along one edge, kept for
/// `recordedBackwardSteps` and `graph(...)` after the pass: its element count, and its element
/// when it has one. A plain value (no reference), so a training loop's backward writes it without
/// retaining or releasing anything; the elements of a gradient of 2 to `traceElementLimit`
/// elements are kept beside it in the node's `RecordedElements`. The shape is the shape of the
/// tensor the gradient is for, so it is not stored.
///
/// A larger gradient keeps only its count: no trace or step table shows its values (only its
/// shape), so a training loop's backward neither retains every large gradient nor keeps it until
/// the graph goes.
struct RecordedGradient {
    /// The element count; -1 when nothing was recorded (no pass, or no gradient for this edge).
    let count: Int
    /// The element of a one-element gradient.
    let scalar: Double

    static let none = RecordedGradient(count: -1, scalar: 0)

    private init(count: Int, scalar: Double) {
        self.count = count
        self.scalar = scalar
    }

    @inline(__always)
    init(_ gradient: Tensor?) {
        guard let gradient else {
            self = .none
            return
        }
        count = gradient.storage.count
        scalar = count == 1 ? gradient.storage[0] : 0
    }

    /// Whether the gradient's elements are kept in the node's `RecordedElements`.
    @inline(__always)
    var keepsElements: Bool { count > 1 && count <= traceElementLimit }
}

/// The elements of a node's recorded gradients that have 2 to `traceElementLimit` elements, shared
/// copy-on-write with the gradients themselves (so a gradient can become a leaf's `.grad` without
/// a defensive copy, and writing into that `.grad` later copies the elements instead of changing
/// the record). Made only for nodes whose pass sent such a gradient.
final class RecordedElements {
    @exclusivity(unchecked) var incoming: TensorStorage?
    @exclusivity(unchecked) var first: TensorStorage?
    @exclusivity(unchecked) var second: TensorStorage?
    @exclusivity(unchecked) var third: TensorStorage?
}

/// The edges of a node whose gradients a pass records.
enum RecordedEdge {
    case incoming, first, second, third
}

extension GradNode {
    /// Records what this pass (`pass`, not 0) received (`g`) and sent to the inputs that take a
    /// gradient (`ga`, `gb`, `gc`).
    @inline(__always)
    func record(incoming g: Tensor, _ ga: Tensor?, _ gb: Tensor?, _ gc: Tensor?, pass: Int) {
        // The gradients are read where they are, never bound to new names: a copy would cost a
        // retain and a release each.
        lastIncoming = RecordedGradient(g)
        lastFirst = first != nil ? RecordedGradient(ga) : .none
        lastSecond = second != nil ? RecordedGradient(gb) : .none
        lastThird = RecordedGradient(gc)
        lastPass = pass
        if lastIncoming.keepsElements || lastFirst.keepsElements || lastSecond.keepsElements
            || lastThird.keepsElements {
            recordElements(g, ga, gb, gc)
        } else if lastElements != nil {
            lastElements = nil
        }
    }

    /// Keeps the elements of the gradients that have 2 to `traceElementLimit` of them (those the
    /// records above say so of: none for an input that takes no gradient).
    private func recordElements(_ g: Tensor, _ a: Tensor?, _ b: Tensor?, _ c: Tensor?) {
        // A record nothing else holds is overwritten; one a `BackwardSteps` reader might hold is not.
        let elements = isKnownUniquelyReferenced(&lastElements) ? lastElements.unsafelyUnwrapped : RecordedElements()
        elements.incoming = lastIncoming.keepsElements ? g.storage : nil
        elements.first = lastFirst.keepsElements ? a?.storage : nil
        elements.second = lastSecond.keepsElements ? b?.storage : nil
        elements.third = lastThird.keepsElements ? c?.storage : nil
        lastElements = elements
    }

    /// The gradient recorded for `edge` by the last pass, in the shape of `owner` (the tensor the
    /// gradient is for); nil when none was recorded (or no pass has run since the node was reused)
    /// or `owner` has changed size since (an in-place reshape). A large gradient comes back as
    /// zeros: its elements were not kept, and nothing shows them.
    func recordedGradient(_ edge: RecordedEdge, shapedLike owner: Tensor) -> Tensor? {
        guard lastPass != 0 else { return nil }
        let recorded: RecordedGradient
        let elements: TensorStorage?
        switch edge {
        case .incoming: (recorded, elements) = (lastIncoming, lastElements?.incoming)
        case .first: (recorded, elements) = (lastFirst, lastElements?.first)
        case .second: (recorded, elements) = (lastSecond, lastElements?.second)
        case .third: (recorded, elements) = (lastThird, lastElements?.third)
        }
        guard recorded.count >= 0, recorded.count == owner.count else { return nil }
        if recorded.count == 1 { return Tensor(shape: owner.shape, storage: TensorStorage(scalar: recorded.scalar)) }
        if recorded.keepsElements, let elements { return Tensor(shape: owner.shape, storage: elements) }
        return Tensor(shape: owner.shape, storage: TensorStorage(repeating: 0, count: recorded.count))
    }
}
