/// `for b in [b0, b1, b2]`: an array literal's elements evaluated into a buffer the loop keeps,
/// instead of an array made and freed on every run of the loop (a training step's parameter
/// update runs one each step). The elements are evaluated first, in order, as for the array, and
/// each is moved into the loop variable.
final class LiteralLoop {
    let elements: [ExpressionCodeBox]
    let loop: ForLoop
    /// The buffer for the elements; nil while a run uses it (a loop in a function that recursion
    /// reenters), when a run makes a buffer of its own.
    private var spare: UnsafeMutablePointer<Value>?

    init(elements: [ExpressionCodeBox], loop: ForLoop) {
        self.elements = elements
        self.loop = loop
        spare = .allocate(capacity: elements.count)
    }

    deinit { spare?.deallocate() }

    /// The literals the loop takes this path for: a few elements, each an expression.
    static let maxElements = 16

    func run(_ frame: CallFrame) throws -> Flow {
        let count = elements.count
        let items = spare.take() ?? .allocate(capacity: count)
        var next = 0, made = 0
        defer {
            (items + next).deinitialize(count: made - next)
            if spare == nil { spare = items } else { items.deallocate() }
        }
        for element in elements {
            (items + made).initialize(to: try element.run(frame))
            made += 1
        }
        while next < count {
            let item = (items + next).move()
            next += 1
            switch try loop.runBody(item, frame) {
            case .breakLoop: return .normal
            case .returned: return .returned
            case .normal, .continueLoop: continue
            }
        }
        return .normal
    }
}
