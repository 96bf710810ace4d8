extension Compiler {
    func compileWhile(_ condition: Expr, _ body: [Stmt]) -> StatementCode {
        let test = compileTest(condition, "while")
        let (bodyExec, freshFrameSize) = compileLoopBody(pattern: nil, body) { _ in }
        let runtime = self.runtime
        let location = condition.location
        return { frame in
            while true {
                try runtime.tick(at: location)
                guard try test.test(frame) else { return .normal }
                var bodyFrame = frame
                if let freshFrameSize { bodyFrame = CallFrame.make(count: freshFrameSize, parent: frame) }
                switch try Compiler.loopBody(bodyExec, bodyFrame) {
                case .breakLoop: return .normal
                case .returned: return .returned
                case .normal, .continueLoop: continue
                }
            }
        }
    }

    /// Runs a loop body, turning a `break`/`continue`/`return` thrown out of a block expression into a Flow.
    @inline(__always)
    static func loopBody(_ body: StatementCode, _ frame: CallFrame) throws -> Flow {
        do {
            return try body(frame)
        } catch let transfer as ControlTransfer {
            switch transfer {
            case .breakLoop: return .breakLoop
            case .continueLoop: return .continueLoop
            case .returned: return .returned
            }
        }
    }

    func compileFor(_ pattern: Pattern, _ sequence: Expr, _ body: [Stmt], _ location: SourceLocation) -> StatementCode {
        // An array literal of a few elements is run by a `LiteralLoop`; anything else is evaluated whole.
        var literalElements: [ExpressionCodeBox]?
        if case .array(let items) = sequence.kind, !items.isEmpty, items.count <= LiteralLoop.maxElements {
            literalElements = items.map { ExpressionCodeBox(compileExpression($0)) }
        }
        let sequenceEval = literalElements == nil ? compileExpression(sequence) : { _ in .void }
        var bind: (CallFrame, Value) throws -> Void = { _, _ in }
        var slot: Int?
        let (bodyExec, freshFrameSize) = compileLoopBody(pattern: pattern, body) { compiler in
            bind = compiler.compileBinder(pattern, isLet: true, location, warnShadowing: false)
            if case .name(let name, _) = pattern, case .local(0, let found, _)? = compiler.lookup(name) { slot = found }
        }
        let loop = ForLoop(body: bodyExec, bind: bind, slot: slot, freshFrameSize: freshFrameSize, runtime: runtime,
                           location: location, sequenceLocation: sequence.location)
        if let literalElements {
            let literal = LiteralLoop(elements: literalElements, loop: loop)
            return { frame in try literal.run(frame) }
        }
        return { frame in try loop.run(try sequenceEval(frame), frame) }
    }

    /// Compiles a loop body after `declarePattern` has declared the loop variables in its scope.
    ///
    /// When closures in the body capture the loop's own names, the body gets a scope of its own and
    /// the result carries its frame size: each iteration then runs in a fresh frame.
    private func compileLoopBody(pattern: Pattern?, _ body: [Stmt],
                                 declarePattern: (Compiler) -> Void) -> (StatementCode, Int?) {
        guard CaptureScan.loopNeedsFreshFrames(pattern: pattern, body: body, blockNames: blockNames) else {
            openBlock()
            defer { closeBlock() }
            declarePattern(self)
            scope.loopDepth += 1
            defer { scope.loopDepth -= 1 }
            return (compileBlock(body), nil)
        }
        let outer = scope
        let inner = FunctionScope(parent: outer, isCell: false, isLoopFrame: true)
        scope = inner
        defer { scope = outer }
        declarePattern(self)
        inner.loopDepth = 1
        let exec = compileBlock(body)
        return (exec, inner.slotCount)
    }
}

/// A compiled `for`; ranges iterate without building arrays.
struct ForLoop {
    let body: StatementCode
    let bind: (CallFrame, Value) throws -> Void
    /// The loop variable's slot when the pattern is one local name (the fast path).
    let slot: Int?
    /// Set when each iteration runs in a fresh frame (closures in the body capture its variables).
    let freshFrameSize: Int?
    let runtime: Runtime
    let location: SourceLocation
    let sequenceLocation: SourceLocation

    func run(_ sequence: Value, _ frame: CallFrame) throws -> Flow {
        switch sequence {
        case .range(let range):
            guard let lower = range.lower, let upper = range.upper else {
                throw LabError("cannot iterate over the partial range \(range.description)", at: sequenceLocation)
            }
            if range.isClosed {
                if lower > upper { return .normal }
                return try iterate(lower...upper, frame)
            }
            if lower >= upper { return .normal }
            return try iterate(lower..<upper, frame)
        case .array(let items):
            return try iterate(items, frame)
        case .dictionary(let d):
            return try iterate(d.entries, frame)
        case .string(let text):
            return try iterate(text.map { Value.string(String($0)) }, frame)
        case .native(let object):
            let items: [Value]?
            do {
                items = try object.iterationElements()
            } catch let error as NativeError {
                throw LabError(error.message, at: sequenceLocation, hint: error.hint)
            }
            guard let items else { fallthrough }
            return try iterate(items, frame)
        default:
            throw LabError("cannot iterate over a value of type '\(sequence.typeName)'", at: sequenceLocation,
                           hint: "loop over a range (0..<n), an array, or xs.enumerated()")
        }
    }

    private func iterate<S: Sequence>(_ numbers: S, _ frame: CallFrame) throws -> Flow where S.Element == Int {
        if let freshFrameSize { return try iterateFresh(numbers.lazy.map(Value.int), frame, freshFrameSize) }
        let counters = runtime.counters
        for number in numbers {
            // `Runtime.tick` written out: in a debug build (compiled file by file) the call cost
            // a tenth of a top-level `for i in 0..<n { s += i % 7 }`.
            counters.pointee.countdown &-= 1
            if counters.pointee.countdown <= 0 { try runtime.checkCancellation(at: location) }
            if let slot { frame.slots[slot] = .int(number) } else { try bind(frame, .int(number)) }
            switch try Compiler.loopBody(body, frame) {
            case .breakLoop: return .normal
            case .returned: return .returned
            case .normal, .continueLoop: continue
            }
        }
        return .normal
    }

    /// One iteration with `item` (a `LiteralLoop`'s element): the tick, the binding, the body.
    @inline(__always)
    func runBody(_ item: consuming Value, _ frame: CallFrame) throws -> Flow {
        try runtime.tick(at: location)
        if let freshFrameSize {
            let bodyFrame = CallFrame.make(count: freshFrameSize, parent: frame)
            if let slot { bodyFrame.slots[slot] = item } else { try bind(bodyFrame, item) }
            return try Compiler.loopBody(body, bodyFrame)
        }
        if let slot { frame.slots[slot] = item } else { try bind(frame, item) }
        return try Compiler.loopBody(body, frame)
    }

    private func iterate(_ items: [Value], _ frame: CallFrame) throws -> Flow {
        if let freshFrameSize { return try iterateFresh(items, frame, freshFrameSize) }
        for item in items {
            try runtime.tick(at: location)
            if let slot { frame.slots[slot] = item } else { try bind(frame, item) }
            switch try Compiler.loopBody(body, frame) {
            case .breakLoop: return .normal
            case .returned: return .returned
            case .normal, .continueLoop: continue
            }
        }
        return .normal
    }

    /// Each iteration in a new frame whose parent is the loop's, so closures keep their iteration's values.
    private func iterateFresh<S: Sequence>(_ items: S, _ frame: CallFrame, _ size: Int) throws -> Flow
    where S.Element == Value {
        for item in items {
            try runtime.tick(at: location)
            let bodyFrame = CallFrame.make(count: size, parent: frame)
            if let slot { bodyFrame.slots[slot] = item } else { try bind(bodyFrame, item) }
            switch try Compiler.loopBody(body, bodyFrame) {
            case .breakLoop: return .normal
            case .returned: return .returned
            case .normal, .continueLoop: continue
            }
        }
        return .normal
    }
}
