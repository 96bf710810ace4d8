/// A call in typed code of a function named by a global `let` (a `func`).
///
/// Each call checks that the name still holds the function it was bound to (one compare); `link`
/// binds it before the caller's typed code first runs, so the check fails only if the binding was
/// never made or the slot was set anew, and then `callSlow` looks again (or goes the general way).
final class TypedCall {
    let global: GlobalSlot
    let calleeName: String
    /// Interned argument labels, matched with the callee's when linking.
    let labelIDs: [Int]
    /// The call's `(`, where most of its errors are reported.
    let location: SourceLocation
    /// Where a name not yet set is reported: the general path reads the callee at the call for one
    /// or two arguments (see `GlobalCall`) and at the name for other counts.
    let undeclaredLocation: SourceLocation
    /// Where the callee's activation starts, counted in slots from the caller's.
    let offset: Int
    let arguments: [IntOperand]
    /// The first two arguments, read in place by `run1` and `run2`.
    let first: IntOperand, second: IntOperand
    /// The only argument when it is `n - 1` (a slot and a literal), for `runLocal1`.
    let localArgument: (op: IntOperator, slot: Int, constant: Int, location: SourceLocation)?
    /// For the general way out of typed code (see `callGeneral`).
    let site: CallSite
    /// The identity of the bound function, compared without reference counting (the slot keeps it).
    private var expected: UnsafeMutableRawPointer?
    private var target: Unmanaged<TypedCode>?
    /// What `resolve` found last, bound by `bindResolved` in the same link (the name's function holds
    /// the code meanwhile).
    private var resolved: (function: UnsafeMutableRawPointer, code: Unmanaged<TypedCode>)?
    /// Keeps the bound code's memory (not the code: an unowned reference) so `target`'s address
    /// cannot be reused by other code. A strong reference made a cycle through a recursive
    /// function's own typed call that kept it, and the runtime, alive for ever.
    private unowned(safe) var keptAlive: TypedCode?

    init(global: GlobalSlot, site: CallSite, undeclaredLocation: SourceLocation, offset: Int,
         arguments: [IntOperand]) {
        self.global = global
        self.site = site
        calleeName = site.calleeName
        labelIDs = site.labelIDs
        location = site.location
        self.undeclaredLocation = undeclaredLocation
        self.offset = offset
        self.arguments = arguments
        first = arguments.first ?? .constant(0)
        second = arguments.dropFirst().first ?? .constant(0)
        if arguments.count == 1, case .localWithInt(let op, let slot, let constant, let location) = first {
            localArgument = (op, slot, constant, location)
        } else {
            localArgument = nil
        }
    }

    enum Resolution {
        case notYet, untyped
        case typed(TypedCode)
    }

    /// What the name holds now: a typed function whose labels fit this call, or not.
    func resolve() -> Resolution {
        guard global.isInitialized else { return .notYet }
        guard let function = global.peekFunction(),
              let typed = function.takeUnretainedValue().code?.typed, typed.labelIDs == labelIDs else {
            return .untyped
        }
        resolved = (function.toOpaque(), Unmanaged.passUnretained(typed))
        return .typed(typed)
    }

    func bindResolved() {
        guard let resolved else { return }
        expected = resolved.function
        target = resolved.code
        keptAlive = resolved.code.takeUnretainedValue()
        self.resolved = nil
    }

    /// The callee's typed code when the name holds the bound function.
    @inline(__always)
    var bound: Unmanaged<TypedCode>? {
        guard let function = global.peekFunction(), function.toOpaque() == expected else { return nil }
        return target
    }

    /// A call with one argument.
    @inline(__always)
    func run1(_ frame: UnsafeMutablePointer<Int>) throws -> Int {
        guard let callee = bound else { return try callSlow(frame) }
        let activation = frame + offset
        activation.pointee = try first.value(frame)
        return try callee._withUnsafeGuaranteedRef { try $0.invoke(activation, calledAt: location) }
    }

    /// A call whose only argument is `n - 1` (`localArgument`, known to be set).
    @inline(__always)
    func runLocal1(_ frame: UnsafeMutablePointer<Int>) throws -> Int {
        guard let callee = bound else { return try callSlow(frame) }
        let activation = frame + offset
        let argument = localArgument.unsafelyUnwrapped
        activation.pointee = try argument.op.apply(frame[argument.slot], argument.constant, at: argument.location)
        return try callee._withUnsafeGuaranteedRef { try $0.invoke(activation, calledAt: location) }
    }

    /// The call, by the shape of its arguments.
    @inline(__always)
    func runAny(_ frame: UnsafeMutablePointer<Int>) throws -> Int {
        if localArgument != nil { return try runLocal1(frame) }
        switch arguments.count {
        case 1: return try run1(frame)
        case 2: return try run2(frame)
        default: return try run(frame)
        }
    }

    /// `runAny` for operands, kept out of line so each operand read does not copy the call path.
    @inline(never)
    func runOutOfLine(_ frame: UnsafeMutablePointer<Int>) throws -> Int {
        try runAny(frame)
    }

    /// A call with two arguments.
    @inline(__always)
    func run2(_ frame: UnsafeMutablePointer<Int>) throws -> Int {
        guard let callee = bound else { return try callSlow(frame) }
        let activation = frame + offset
        activation[0] = try first.value(frame)
        activation[1] = try second.value(frame)
        return try callee._withUnsafeGuaranteedRef { try $0.invoke(activation, calledAt: location) }
    }

    /// A call with any number of arguments.
    func run(_ frame: UnsafeMutablePointer<Int>) throws -> Int {
        guard let callee = bound else { return try callSlow(frame) }
        let activation = frame + offset
        for (index, argument) in arguments.enumerated() { activation[index] = try argument.value(frame) }
        return try callee._withUnsafeGuaranteedRef { try $0.invoke(activation, calledAt: location) }
    }

    /// The name does not hold the bound function: it is not set yet (the general path's error, before
    /// the arguments run), holds another typed function (bound now), or something else.
    @inline(never)
    private func callSlow(_ frame: UnsafeMutablePointer<Int>) throws -> Int {
        guard global.isInitialized else { throw Compiler.notYetDeclared(calleeName, at: undeclaredLocation) }
        if case .typed(let callee) = resolve(), callee.isReady {
            bindResolved()
            return try run(frame)
        }
        return try callGeneral(frame)
    }

    /// Calls whatever the name holds as general code does, with boxed arguments. Linking keeps typed
    /// code from reaching this (a `let` keeps its value); it is here so a surprise stays an error.
    /// Typed code entered from inside starts past this activation.
    @inline(never)
    private func callGeneral(_ frame: UnsafeMutablePointer<Int>) throws -> Int {
        let saved = site.runtime.typedTop
        site.runtime.typedTop = frame + Runtime.typedFrameLimit
        defer { site.runtime.typedTop = saved }
        // All arguments run before any is staged: one of them may reach this call again.
        let values = try arguments.map { try $0.value(frame) }
        for (index, value) in values.enumerated() { site.stage(.int(value), at: index) }
        let result = try site.callStaged(global.pointer.pointee, count: arguments.count)
        guard case .int(let number) = result else {
            throw LabError("the result of \(calleeName) must be Int here, found a value of type '\(result.typeName)'",
                           at: location)
        }
        return number
    }
}
