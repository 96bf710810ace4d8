/// The immutable compiled form of a function: every call reads it through `let`s, so the hot path
/// does no reference counting on the body, checks or sizes.
final class FunctionCode {
    let signature: String
    let location: SourceLocation
    let runtime: Runtime
    let frameSize: Int
    let body: Exec
    /// Set when the body is a single expression, whose value is the result.
    let expressionBody: Eval?
    /// One entry per parameter (nil: no annotation); empty when no parameter has an annotation.
    let parameterChecks: [TypeCheck?]
    let hasParameterChecks: Bool
    let resultCheck: TypeCheck?
    /// The template this code was compiled for (which owns it); read only while a function value of
    /// that template is at hand, which keeps it alive.
    unowned(unsafe) var template: FunctionTemplate?

    init(signature: String, location: SourceLocation, runtime: Runtime, frameSize: Int, body: @escaping Exec,
         expressionBody: Eval?, parameterChecks: [TypeCheck?], resultCheck: TypeCheck?) {
        self.signature = signature
        self.location = location
        self.runtime = runtime
        self.frameSize = frameSize
        self.body = body
        self.expressionBody = expressionBody
        hasParameterChecks = parameterChecks.contains { $0 != nil }
        self.parameterChecks = hasParameterChecks ? parameterChecks : []
        self.resultCheck = resultCheck
    }

    /// Runs the body in a prepared frame (arguments in slots 1...n) and checks the result's annotation.
    @inline(__always)
    func run(_ frame: Frame) throws -> Value {
        let counters = runtime.counters
        counters.pointee.depth += 1
        defer { counters.pointee.depth -= 1 }
        if counters.pointee.depth > Runtime.maxDepth {
            throw NativeError("too much recursion: more than \(Runtime.maxDepth) nested calls (in \(signature))",
                              hint: "check the base case of the recursion")
        }
        try runtime.tick(at: location)
        var result: Value
        if let expressionBody {
            result = try expressionBody(frame)
        } else {
            let flow: Flow
            do {
                flow = try body(frame)
            } catch ControlTransfer.returned {
                flow = .returned
            }
            if flow == .returned {
                // Moved out (slot 0 is left nil), so the result is not copied and then destroyed.
                result = frame.slots.move()
                frame.slots.initialize(to: .nil)
            } else {
                result = .void
            }
        }
        if let resultCheck {
            if let converted = resultCheck.apply(result) {
                result = converted
            } else {
                result = try resultCheck.check(result, "the result of \(signature)", at: location)
            }
        }
        return result
    }
}
