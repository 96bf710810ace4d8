/// The typed tier: a `func` whose parameters and result are all `Int` and whose body stays inside a
/// small Int-only subset (see `TypedCompiler`) is compiled a second time into closures over unboxed
/// Ints. An activation is a run of Ints on the runtime's Int stack (`Runtime.typedStack`): the
/// parameters first, then the locals, then room for the arguments of the calls it makes. No `CallFrame`,
/// no `Value`, no pool: a typed call writes its arguments past its own slots and calls the callee's
/// body with a pointer to them.
///
/// Typed code calls only typed code, so every semantic the general path has must be kept by hand:
/// depth and cancellation ticks (`invoke`), overflow and division errors (`TypedArithmetic`), and
/// the callee a name holds (`TypedCall` checks it at every call; `link` makes sure it is typed).
typealias IntCode = (UnsafeMutablePointer<Int>) throws -> Int
/// A typed condition.
typealias BoolCode = (UnsafeMutablePointer<Int>) throws -> Bool
/// A typed statement: how it ended (after a `return`, the value is in the result slot).
typealias StepCode = (UnsafeMutablePointer<Int>) throws -> Flow

/// The typed form of one function, owned by its `FunctionBody`.
final class TypedCode {
    let signature: String
    /// The function's declaration, where a cancellation is reported (as the general path does).
    let location: SourceLocation
    let runtime: Runtime
    let counters: UnsafeMutablePointer<RuntimeCounters>
    /// Gives the result from an activation whose first `arity` slots hold the arguments.
    let body: IntCode
    let arity: Int
    let labelIDs: [Int]
    /// The calls the body makes, checked by `link` before this code first runs.
    let calls: [TypedCall]
    private(set) var state = LinkState.unlinked

    enum LinkState {
        /// Not yet known to call only typed code (a callee's `let` may not be set yet).
        case unlinked
        /// Every callee reachable from here was typed and is bound; the typed body may run.
        case linked
        /// Some callee reachable from here is not typed; only the general path runs this function.
        case rejected
    }

    init(signature: String, location: SourceLocation, runtime: Runtime, body: @escaping IntCode, arity: Int,
         labelIDs: [Int], calls: [TypedCall]) {
        self.signature = signature
        self.location = location
        self.runtime = runtime
        counters = runtime.counters
        self.body = body
        self.arity = arity
        self.labelIDs = labelIDs
        self.calls = calls
    }

    /// Runs the body on an activation at `frame`, with the depth limit and the cancellation tick of
    /// `FunctionBody.run` (in the same order, so errors are the same); `location` is the call's.
    @inline(__always)
    func invoke(_ frame: UnsafeMutablePointer<Int>, calledAt location: SourceLocation) throws -> Int {
        let counters = self.counters
        counters.pointee.depth &+= 1
        defer { counters.pointee.depth &-= 1 }
        if counters.pointee.depth > Runtime.maxDepth { throw tooDeep(location) }
        counters.pointee.countdown &-= 1
        if counters.pointee.countdown <= 0 { try checkCancellation() }
        do {
            return try body(frame)
        } catch {
            // Every typed call comes through here, so the trace of an error in typed code lists
            // each call on the way out, as general code's call sites do. Out of line, so the
            // call itself stays small.
            throw Self.traced(error, through: location)
        }
    }

    @inline(never)
    private static func traced(_ error: any Error, through location: SourceLocation) -> any Error {
        guard var labError = error as? LabError else { return error }
        labError.passed(through: location)
        return labError
    }

    @inline(never)
    private func checkCancellation() throws {
        try runtime.checkCancellation(at: location)
    }

    /// The general path's error, located where `CallSite` puts it: at the call that went too deep.
    @inline(never)
    private func tooDeep(_ location: SourceLocation) -> LabError {
        LabError("too much recursion: more than \(Runtime.maxDepth) nested calls (in \(signature))", at: location,
                 hint: "check the base case of the recursion")
    }

    /// True when the typed body may run: every function reachable through its calls is typed.
    @inline(__always)
    var isReady: Bool {
        if case .linked = state { return true }
        if case .rejected = state { return false }
        return link()
    }

    /// Checks the callees reachable from here and binds every call to its callee's typed code.
    ///
    /// A `func` is a global `let`, whose value never changes once set, so the answer lasts: a callee
    /// that is not typed rejects this code for good. A callee whose declaration has not run yet
    /// leaves it unlinked, and the next call from general code tries again.
    @inline(never)
    func link() -> Bool {
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        var pending = [self], reached: [TypedCode] = []
        while let code = pending.popLast() {
            reached.append(code)
            if case .linked = code.state { continue }
            for call in code.calls {
                switch call.resolve() {
                case .notYet:
                    return false
                case .untyped:
                    state = .rejected
                    return false
                case .typed(let callee):
                    if case .rejected = callee.state {
                        state = .rejected
                        return false
                    }
                    if seen.insert(ObjectIdentifier(callee)).inserted { pending.append(callee) }
                }
            }
        }
        for code in reached where !code.isLinked {
            for call in code.calls { call.bindResolved() }
            code.state = .linked
        }
        return true
    }

    private var isLinked: Bool {
        if case .linked = state { return true }
        return false
    }
}

extension Runtime {
    /// The slots one typed activation may use (parameters, locals, a result and its calls' arguments);
    /// a function that needs more is not typed. With the depth limit this bounds the Int stack.
    static let typedFrameLimit = 64
    /// The Int stack's size: one activation per call depth, and one more for the arguments of the
    /// call that goes one level too deep (written before the depth check).
    static let typedStackCapacity = (maxDepth + 3) * typedFrameLimit
}
