/// The immutable part of a compiled function that a call runs (see `FunctionDefinition`): the body
/// closure, frame size and checks. Every call reads it through `let`s, so the hot path does no
/// reference counting on them.
final class FunctionBody {
    let signature: String
    let location: SourceLocation
    let runtime: Runtime
    let frameSize: Int
    /// Gives the function's result, in a frame with the arguments in slots 1...n.
    let body: ExpressionCode
    /// One entry per parameter (nil: no annotation); empty when no parameter has an annotation.
    let parameterChecks: [TypeCheck?]
    let hasParameterChecks: Bool
    let resultCheck: TypeCheck?
    /// False when the body makes no closure or nested function, so nothing can keep a reference to
    /// the call's frame and a call gives it back to the pool without checking that it is unshared.
    let framesMayBeKept: Bool
    /// False when the frame's slots can hold only numbers (see `Compiler.holdsOnlyNumbers`): a pooled
    /// frame then keeps them, since the next call's values are put in place without releasing any.
    let clearsSlots: Bool
    /// The body compiled over unboxed Ints, when the function fits the typed subset (see `TypedCompiler`).
    let typed: TypedCode?
    /// The template this code was compiled for (which owns it); read only while a function value of
    /// that template is at hand, which keeps it alive.
    unowned(unsafe) var template: FunctionDefinition?

    init(signature: String, location: SourceLocation, runtime: Runtime, frameSize: Int, body: @escaping ExpressionCode,
         parameterChecks: [TypeCheck?], resultCheck: TypeCheck?, framesMayBeKept: Bool,
         clearsSlots: Bool, typed: TypedCode? = nil) {
        self.signature = signature
        self.location = location
        self.runtime = runtime
        self.frameSize = frameSize
        self.body = body
        hasParameterChecks = parameterChecks.contains { $0 != nil }
        self.parameterChecks = hasParameterChecks ? parameterChecks : []
        self.resultCheck = resultCheck
        self.framesMayBeKept = framesMayBeKept
        self.clearsSlots = clearsSlots
        self.typed = typed
    }

    /// Runs the body in a prepared frame (arguments in slots 1...n) and checks the result's annotation.
    @inline(__always)
    func run(_ frame: CallFrame) throws -> Value {
        let counters = runtime.counters
        counters.pointee.depth &+= 1
        defer { counters.pointee.depth &-= 1 }
        if counters.pointee.depth > Runtime.maxDepth { throw tooDeep() }
        // `Runtime.tick`, with the rare check out of line so the location is not loaded on every call.
        counters.pointee.countdown &-= 1
        if counters.pointee.countdown <= 0 { try checkCancellation() }
        var result: Value
        do {
            result = try body(frame)
        } catch ControlTransfer.returned {
            // A `return` inside a block expression (`let p = noGrad { return q }`) stored its value.
            result = Compiler.takeReturned(frame)
        }
        if let resultCheck, !resultCheck.convert(&result) {
            result = try resultCheck.check(result, "the result of \(signature)", at: location)
        }
        return result
    }

    @inline(never)
    private func checkCancellation() throws {
        try runtime.checkCancellation(at: location)
    }

    @inline(never)
    private func tooDeep() -> NativeError {
        NativeError("too much recursion: more than \(Runtime.maxDepth) nested calls (in \(signature))",
                    hint: "check the base case of the recursion")
    }
}
