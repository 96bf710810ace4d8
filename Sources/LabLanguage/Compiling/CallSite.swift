/// A compiled call site: argument code and interned labels, shared by the call paths.
///
/// It remembers the last user function whose labels and argument count it matched, so a call to the
/// same function again compares one pointer and goes straight to filling a pooled frame.
final class CallSite {
    let arguments: [ExpressionCodeBox]
    let labels: [String?]
    let labelIDs: [Int]
    /// Two arguments, neither labeled (`lossFn(z, y)`), for the natives' two-argument fast path.
    private let isUnlabeledPair: Bool
    /// One unlabeled argument (`log(p)`), for a native's one-argument shortcut.
    private let isUnlabeledSingle: Bool
    let calleeName: String
    let location: SourceLocation
    let runtime: Runtime
    /// The identity of the last matched function code, compared without reference counting.
    /// `keptAlive` keeps that code's memory (not the code: an unowned reference) so its address
    /// cannot be reused by another one. A strong reference made a cycle through a recursive
    /// function's own call site that kept the code, and with it the runtime, alive for ever.
    private var matched: UnsafeMutableRawPointer?
    private unowned(safe) var keptAlive: FunctionBody?
    /// Evaluated arguments on their way into the callee's frame (see `stage`); uninitialised between calls.
    private let staged: UnsafeMutablePointer<Value>

    init(arguments: [ExpressionCodeBox], labels: [String?], labelIDs: [Int], calleeName: String, location: SourceLocation,
         runtime: Runtime) {
        self.arguments = arguments
        self.labels = labels
        self.labelIDs = labelIDs
        isUnlabeledPair = labels.count == 2 && labels.allSatisfy { $0 == nil }
        isUnlabeledSingle = labels.count == 1 && labels[0] == nil
        self.calleeName = calleeName
        self.location = location
        self.runtime = runtime
        staged = .allocate(capacity: max(arguments.count, 1))
    }

    deinit {
        staged.deallocate()
    }

    func evaluate(_ frame: CallFrame) throws -> Arguments {
        var items: [Argument] = []
        items.reserveCapacity(arguments.count)
        for (eval, label) in zip(arguments, labels) { items.append(Argument(label: label, try eval.run(frame))) }
        return Arguments(items, callee: calleeName)
    }

    /// Calls a function or native value, evaluating the arguments (all call sites with 3+ arguments).
    @inline(__always)
    func call(_ callee: Value, _ frame: CallFrame) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments { values.append(try argument.run(frame)) }
        for (index, value) in values.enumerated() { stage(value, at: index) }
        return try callStaged(callee, count: values.count)
    }

    /// Puts an evaluated argument in the staging area. The arguments of a call are staged after all
    /// are evaluated (or, for one argument, right after it is), so no other call at this site runs
    /// between their staging and `callStaged`, which moves them into the frame without a copy.
    @inline(__always)
    func stage(_ value: consuming Value, at index: Int) {
        (staged + index).initialize(to: value)
    }

    /// Calls `callee` with the `count` staged arguments.
    @inline(__always)
    func callStaged(_ callee: Value, count: Int) throws -> Value {
        guard case .function(let function) = callee else { return try callSlow(callee, count: count) }
        return try enter(function, count: count)
    }

    /// `callStaged` of a global `let` (a `func`), read in place (see `GlobalSlot.peekFunction`).
    @inline(__always)
    func callStaged(global: GlobalSlot, count: Int) throws -> Value {
        guard let function = global.peekFunction() else { return try callStaged(global.pointer.pointee, count: count) }
        return try function._withUnsafeGuaranteedRef { try enter($0, count: count) }
    }

    /// A built-in with a one-argument shortcut (`log(p)`, `sigmoid(z)`: see
    /// `Function.oneArgumentShortcut`) called straight from a global call site, without staging the
    /// argument and the general call's layers; when the shortcut declines, the function itself (as
    /// `callSlow` would). Nil (nothing consumed) when the global holds no function with a shortcut
    /// or the call is labeled.
    @inline(__always)
    func callShortcut(global: GlobalSlot, _ argument: Value) throws -> Value? {
        guard isUnlabeledSingle, let function = global.peekFunction() else { return nil }
        return try function._withUnsafeGuaranteedRef { function in
            guard let shortcut = function.oneArgumentShortcut else { return nil }
            guard let result = try relocating(location, { try shortcut(argument) }) else {
                return try invoke(function, [Argument(argument)])
            }
            try runtime.tickAfterNativeCall(at: location)
            return result
        }
    }

    /// `callStaged(global:count:)` for one and two arguments, so the argument loops unroll.
    func callStaged1(global: GlobalSlot) throws -> Value { try callStaged(global: global, count: 1) }
    func callStaged2(global: GlobalSlot) throws -> Value { try callStaged(global: global, count: 2) }

    /// Calls a user function whose labels this site matched: the staged arguments move into slots
    /// 1...n of a pooled frame, the body runs, and the frame goes back to the pool. Anything else
    /// (natives, defaults left out, a label mismatch) takes the slow path.
    ///
    /// The code is used through an unretained reference: the function holds it, and the caller holds
    /// the function (a copied `Value`, or a `let` global's slot), so no retain or release is needed.
    @inline(__always)
    private func enter(_ function: Function, count: Int) throws -> Value {
        guard let code = function.unretainedCode, code.toOpaque() == matched || matches(code) else {
            return try callSlow(function, count: count)
        }
        return try code._withUnsafeGuaranteedRef { code in
            if let typed = code.typed, typed.isReady, let result = try enterTyped(typed, count: count) {
                return .int(result)
            }
            // A taken frame's slots hold nil or numbers (nothing to release), so the arguments move in.
            let callFrame = runtime.takeFrame(size: code.frameSize, parent: function.captured)
            for index in 0..<count { (callFrame.slots + 1 + index).initialize(to: (staged + index).move()) }
            if code.hasParameterChecks { try checkArguments(callFrame, count, code) }
            return try finish(callFrame, code)
        }
    }

    /// Runs typed code with the staged arguments on the Int stack; nil (nothing consumed) when one is
    /// not an Int, so the general path reports it. The arguments are Ints, so leaving them in the
    /// staging area needs no release.
    @inline(__always)
    private func enterTyped(_ typed: TypedCode, count: Int) throws -> Int? {
        let activation = runtime.typedTop ?? runtime.makeTypedStack()
        for index in 0..<count {
            guard case .int(let number) = staged[index] else { return nil }
            activation[index] = number
        }
        return try typed.invoke(activation, calledAt: location)
    }

    /// Converts arguments by their parameters' annotations (an Int for a Double), or throws a located error.
    @inline(__always)
    private func checkArguments(_ frame: CallFrame, _ count: Int, _ code: FunctionBody) throws {
        for index in 0..<count {
            guard let check = code.parameterChecks[index] else { continue }
            let slot = frame.slots + index + 1
            if !check.convert(&slot.pointee) { throw argumentMismatch(slot.pointee, index, code) }
        }
    }

    @inline(never)
    private func argumentMismatch(_ value: Value, _ index: Int, _ code: FunctionBody) -> LabError {
        let message = code.template.map { Compiler.parameterMismatch($0, index, value) }
        return LabError(message ?? "argument \(index + 1) has the wrong type '\(value.typeName)'", at: location)
    }

    /// Runs the body in the filled frame, then returns the frame to the pool.
    @inline(__always)
    private func finish(_ callFrame: consuming CallFrame, _ code: FunctionBody) throws -> Value {
        let result: Value
        do {
            result = try code.run(callFrame)
        } catch let error as NativeError {
            throw LabError(error.message, at: location, hint: error.hint)
        } catch var error as LabError {
            error.passed(through: location)
            throw error
        }
        runtime.recycle(callFrame, size: code.clearsSlots ? code.frameSize : 0, mayBeShared: code.framesMayBeKept)
        return result
    }

    /// True when this site's labels and argument count fit the template without defaults.
    private func matches(_ unretained: Unmanaged<FunctionBody>) -> Bool {
        let code = unretained.takeUnretainedValue()
        guard let template = code.template, template.labelIDs == labelIDs,
              !template.isClosure || arguments.count == template.parameters.count else {
            return false
        }
        matched = unretained.toOpaque()
        keptAlive = code
        return true
    }

    /// The slow path with the staged arguments, kept out of line so the fast path stays small.
    /// The staged arguments move straight into the `Arguments` (one array, not two); a native
    /// called with two unlabeled arguments may take them without any array.
    @inline(never)
    private func callSlow(_ callee: Value, count: Int) throws -> Value {
        if count == 2, isUnlabeledPair, case .native(let object) = callee {
            let first = staged.move(), second = (staged + 1).move()
            if let result = try relocating(location, { try object.call(first, second) }) {
                try runtime.tickAfterNativeCall(at: location)
                return result
            }
            return try callSlow(callee, items: [Argument(first), Argument(second)])
        }
        return try callSlow(callee, items: movedArguments(count: count))
    }

    /// A native function (`BCEWithLogitsLoss()`), or a user function whose labels this site did not
    /// match, without wrapping the function in a `Value` again.
    @inline(never)
    private func callSlow(_ function: Function, count: Int) throws -> Value {
        if count == 1, let shortcut = function.oneArgumentShortcut, isUnlabeledSingle {
            let value = staged.move()
            if let result = try relocating(location, { try shortcut(value) }) {
                try runtime.tickAfterNativeCall(at: location)
                return result
            }
            return try invoke(function, [Argument(value)])
        }
        return try invoke(function, movedArguments(count: count))
    }

    /// Calls `function` (a native, or a user function this site did not match) with `items`.
    private func invoke(_ function: Function, _ items: [Argument]) throws -> Value {
        let result = try relocating(location) { try function.invoke(Arguments(items, callee: calleeName)) }
        if function.isNative { try runtime.tickAfterNativeCall(at: location) }
        return result
    }

    /// The `count` staged arguments with their labels, moved out of the staging area.
    private func movedArguments(count: Int) -> [Argument] {
        var items: [Argument] = []
        items.reserveCapacity(count)
        for index in 0..<count {
            items.append(Argument(label: index < labels.count ? labels[index] : nil, (staged + index).move()))
        }
        return items
    }

    /// Advice for calling what is not a function; `[[Int]](repeating: 0, count: 3)`, Swift's way to
    /// make an array, reads here as an array holding the function `Int`.
    static func notCallableHint(_ callee: Value, _ name: String) -> String? {
        if case .array = callee, callee.typeName.contains("Function") {
            return "write Array(repeating: value, count: n) (nested for a grid: Array(repeating: Array(repeating: 0, count: m), count: n))"
        }
        return callee.asDouble != nil || callee.isNil ? "'\(name)' is not a function" : nil
    }

    /// Natives, and user functions called with defaults left out: labels are matched by `Arguments`.
    @inline(never)
    private func callSlow(_ callee: Value, items: [Argument]) throws -> Value {
        switch callee {
        case .function(let function):
            let result = try relocating(location) { try function.invoke(Arguments(items, callee: calleeName)) }
            if function.isNative { try runtime.tickAfterNativeCall(at: location) }
            return result
        case .native(let object):
            let result = try relocating(location) { try object.call(Arguments(items, callee: calleeName)) }
            try runtime.tickAfterNativeCall(at: location)
            return result
        default:
            throw LabError("cannot call a value of type '\(callee.typeName)'", at: location,
                           hint: CallSite.notCallableHint(callee, calleeName))
        }
    }
}

/// A call of a `func` (a global `let`) with one or two arguments. The function is read in place from
/// its slot (see `GlobalSlot.peekFunction`) after the same check a name read makes.
///
/// One object holds everything the call needs, so its closure (which captures only this object) is a
/// jump to `run1`/`run2`, which read the operands where they are.
final class GlobalCall {
    let site: CallSite
    let global: GlobalSlot
    let first: Operand
    let second: Operand
    let location: SourceLocation

    init(_ site: CallSite, _ global: GlobalSlot, _ first: Operand, _ second: Operand, _ location: SourceLocation) {
        self.site = site
        self.global = global
        self.first = first
        self.second = second
        self.location = location
    }

    @inline(__always)
    func run1(_ frame: CallFrame) throws -> Value {
        guard global.isInitialized else { throw Compiler.notYetDeclared(site.calleeName, at: location) }
        let argument = try first.value(frame)
        if let result = try site.callShortcut(global: global, argument) { return result }
        site.stage(argument, at: 0)
        return try site.callStaged1(global: global)
    }

    @inline(__always)
    func run2(_ frame: CallFrame) throws -> Value {
        guard global.isInitialized else { throw Compiler.notYetDeclared(site.calleeName, at: location) }
        let a = try first.value(frame), b = try second.value(frame)
        site.stage(a, at: 0)
        site.stage(b, at: 1)
        return try site.callStaged2(global: global)
    }
}
