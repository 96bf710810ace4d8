/// `while` and `for` over an Int range in typed code. Each iteration ticks at the place general code
/// ticks (the condition, the `for`), so cancellation and its location are unchanged.
extension TypedCompiler {
    func whileLoop(_ condition: Expr, _ body: [Stmt]) throws -> StepCode {
        let test = try self.condition(condition)
        let bodyStep = try loopBody(body, declaring: nil)
        let runtime = compiler.runtime, location = condition.location
        return { frame in
            while true {
                try runtime.tick(at: location)
                guard try test.test(frame) else { return .normal }
                switch try bodyStep(frame) {
                case .breakLoop: return .normal
                case .returned: return .returned
                case .normal, .continueLoop: continue
                }
            }
        }
    }

    /// `for i in a..<b` and `for _ in a...b`; the bounds run before the loop variable is declared.
    func forLoop(_ pattern: Pattern, _ sequence: Expr, _ body: [Stmt], _ location: SourceLocation) throws -> StepCode {
        guard case .range(let lower?, let upper?, let isClosed) = sequence.kind else { throw NotTyped() }
        let low = try operand(lower), high = try operand(upper)
        let name: String
        switch pattern {
        case .name(let declared, _): name = declared
        case .wildcard: name = "_"
        case .tuple: throw NotTyped()
        }
        let slot = slotCount
        let bodyStep = try loopBody(body, declaring: name)
        let loop = TypedForLoop(low: low, high: high, isClosed: isClosed, slot: slot, body: bodyStep,
                                runtime: compiler.runtime, location: location, rangeLocation: sequence.location)
        return { frame in try loop.run(frame) }
    }

    /// The body in a scope of its own, after the loop variable's (as general code nests them).
    private func loopBody(_ body: [Stmt], declaring name: String?) throws -> StepCode {
        openBlock()
        defer { closeBlock() }
        if let name {
            declare(name, isLet: true)
            guard slotCount <= resultSlot else { throw NotTyped() }
        }
        loopDepth += 1
        defer { loopDepth -= 1 }
        return try block(body)
    }
}

/// A compiled `for` over an Int range, with general code's range checks and messages.
final class TypedForLoop {
    let low: IntOperand
    let high: IntOperand
    let isClosed: Bool
    let slot: Int
    let body: StepCode
    let runtime: Runtime
    let location: SourceLocation
    let rangeLocation: SourceLocation

    init(low: IntOperand, high: IntOperand, isClosed: Bool, slot: Int, body: @escaping StepCode, runtime: Runtime,
         location: SourceLocation, rangeLocation: SourceLocation) {
        self.low = low
        self.high = high
        self.isClosed = isClosed
        self.slot = slot
        self.body = body
        self.runtime = runtime
        self.location = location
        self.rangeLocation = rangeLocation
    }

    func run(_ frame: UnsafeMutablePointer<Int>) throws -> Flow {
        let lower = try low.value(frame), upper = try high.value(frame)
        if lower > upper {
            throw LabError("range requires lowerBound <= upperBound, found \(lower)\(isClosed ? "..." : "..<")\(upper)",
                           at: rangeLocation)
        }
        return isClosed ? try iterate(lower...upper, frame) : try iterate(lower..<upper, frame)
    }

    @inline(__always)
    private func iterate<S: Sequence>(_ numbers: S, _ frame: UnsafeMutablePointer<Int>) throws -> Flow
    where S.Element == Int {
        for number in numbers {
            try runtime.tick(at: location)
            frame[slot] = number
            switch try body(frame) {
            case .breakLoop: return .normal
            case .returned: return .returned
            case .normal, .continueLoop: continue
            }
        }
        return .normal
    }
}
