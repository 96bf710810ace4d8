import Foundation

/// The built-ins every session has: print, conversions, math on numbers, zip, stride and checks.
///
/// Math functions given a native first argument call the native's method of the same name
/// (`exp(t)` is `t.exp()`, `pow(t, 3)` is `t.pow(3)`), so natives need not replace them.
enum Builtins {
    static func install(in interpreter: Interpreter) {
        let runtime = interpreter.runtime
        interpreter.defineFunction("print") { arguments in
            try arguments.expect(labels: Array(repeating: nil, count: arguments.positionalCount) + ["separator"],
                                 in: "print")
            let separator = try arguments.string("separator") ?? " "
            runtime.onPrint(arguments.items.filter { $0.label == nil }.map(\.value.printed).joined(separator: separator))
            return .void
        }
        installConversions(in: interpreter)
        installMath(in: interpreter)
        installSequences(in: interpreter)
        installChecks(in: interpreter)
    }

    private static func installConversions(in interpreter: Interpreter) {
        interpreter.defineFunction("Double") { arguments in
            try arguments.expect("Double(_:)")
            switch try arguments.value(0) {
            case .int(let number): return .double(Double(number))
            case .double(let number): return .double(number)
            case .string(let text): return Double(text.trimmingCharacters(in: .whitespaces)).map(Value.double) ?? .nil
            case let other: throw conversionError(other, "Double")
            }
        }
        interpreter.defineFunction("Int") { arguments in
            try arguments.expect("Int(_:)")
            switch try arguments.value(0) {
            case .int(let number): return .int(number)
            case .double(let number):
                guard number.isFinite, let converted = Int(exactly: number.rounded(.towardZero)) else {
                    throw NativeError(number.isFinite ? "cannot convert \(number) to Int: it is out of range" : "cannot convert a NaN or infinite Double to Int")
                }
                return .int(converted)
            case .string(let text): return Int(text.trimmingCharacters(in: .whitespaces)).map(Value.int) ?? .nil
            case let other: throw conversionError(other, "Int")
            }
        }
        interpreter.defineFunction("String") { arguments in
            if let format = arguments.labeled("format") {
                guard case .string(let text) = format else { throw NativeError("String(format:) needs a format string") }
                return .string(try Format.format(text, Array(arguments.items.dropFirst().map(\.value))))
            }
            try arguments.expect("String(_:)")
            return .string(try arguments.value(0).printed)
        }
        interpreter.defineFunction("Array") { arguments in
            try arguments.expect("Array(_:)")
            switch try arguments.value(0) {
            case .array(let items): return .array(items)
            case .range(let range):
                guard let lower = range.lower, let count = range.count else { throw NativeError("cannot make an array of a partial range") }
                return .array((0..<count).map { .int(lower + $0) })
            case .string(let text): return .array(text.map { .string(String($0)) })
            case let other: throw conversionError(other, "Array")
            }
        }
    }

    private static func conversionError(_ value: Value, _ type: String) -> NativeError {
        var hint: String?
        if case .native = value, type == "Double" { hint = "for a one-element tensor, use .item" }
        return NativeError("cannot convert a value of type '\(value.typeName)' to \(type)", hint: hint)
    }

    private static func installMath(in interpreter: Interpreter) {
        let unary: [(String, (Double) -> Double)] = [
            ("exp", Foundation.exp), ("log", Foundation.log), ("sqrt", Foundation.sqrt), ("sin", Foundation.sin),
            ("cos", Foundation.cos), ("tan", Foundation.tan), ("tanh", Foundation.tanh), ("floor", Foundation.floor),
            ("ceil", Foundation.ceil), ("round", Foundation.round),
        ]
        for (name, function) in unary {
            interpreter.defineFunction(name) { arguments in
                if let result = try forwardToNative(name, arguments) { return result }
                try arguments.expect(labels: [nil], in: name)
                return .double(function(try arguments.double(0)))
            }
        }
        interpreter.defineFunction("abs") { arguments in
            if let result = try forwardToNative("abs", arguments) { return result }
            try arguments.expect("abs(_:)")
            if case .int(let number) = try arguments.value(0) {
                guard number != Int.min else { throw NativeError("arithmetic overflow: abs(\(number)) does not fit in Int") }
                return .int(Swift.abs(number))
            }
            return .double(Swift.abs(try arguments.double(0)))
        }
        interpreter.defineFunction("pow") { arguments in
            if let result = try forwardToNative("pow", arguments) { return result }
            try arguments.expect("pow(_:_:)")
            return .double(Foundation.pow(try arguments.double(0), try arguments.double(1)))
        }
        for name in ["min", "max"] {
            interpreter.defineFunction(name) { arguments in
                try extremum(name, arguments)
            }
        }
    }

    /// `exp(t)` on a native calls `t.exp()`; nil when the first argument is not a native.
    private static func forwardToNative(_ name: String, _ arguments: Arguments) throws -> Value? {
        guard let first = arguments.items.first, first.label == nil, case .native(let object) = first.value else {
            return nil
        }
        return try object.callMethod(name, Arguments(Array(arguments.items.dropFirst()), callee: name))
    }

    private static func extremum(_ name: String, _ arguments: Arguments) throws -> Value {
        try arguments.expect(labels: Array(repeating: nil, count: arguments.count), in: name)
        guard arguments.count >= 2 else { throw NativeError("\(name) needs at least two numbers, as in \(name)(a, b)") }
        let values = arguments.values
        if let ints = Optional(values.compactMap({ if case .int(let n) = $0 { return n } else { return nil } })),
           ints.count == values.count {
            return .int((name == "min" ? ints.min() : ints.max()) ?? 0)
        }
        let numbers = try values.enumerated().map { try Arguments.double($1, "argument #\($0 + 1)", name) }
        return .double((name == "min" ? numbers.min() : numbers.max()) ?? 0)
    }

    private static func installSequences(in interpreter: Interpreter) {
        interpreter.defineFunction("zip") { arguments in
            try arguments.expect("zip(_:_:)")
            let first = try elements(try arguments.value(0), "zip"), second = try elements(try arguments.value(1), "zip")
            return .array(zip(first, second).map { .tuple([$0, $1]) })
        }
        interpreter.defineFunction("stride") { arguments in
            try arguments.expect(labels: ["from", "to", "through", "by"], in: "stride")
            guard let from = arguments.labeled("from"), let by = arguments.labeled("by"),
                  let end = arguments.labeled("to") ?? arguments.labeled("through") else {
                throw NativeError("write stride(from: a, to: b, by: step) or stride(from: a, through: b, by: step)")
            }
            return try strideValues(from, end, by, inclusive: arguments.labeled("through") != nil)
        }
    }

    static func elements(_ value: Value, _ function: String) throws -> [Value] {
        switch value {
        case .array(let items): return items
        case .range(let range):
            guard let lower = range.lower, let count = range.count else { throw NativeError("\(function) needs a bounded range") }
            return (0..<count).map { .int(lower + $0) }
        default: throw NativeError("\(function) needs arrays or ranges, found '\(value.typeName)'")
        }
    }

    private static func strideValues(_ from: Value, _ end: Value, _ by: Value, inclusive: Bool) throws -> Value {
        if case .int(let a) = from, case .int(let b) = end, case .int(let step) = by {
            guard step != 0 else { throw NativeError("stride step must not be zero") }
            let values = inclusive ? Array(Swift.stride(from: a, through: b, by: step)) : Array(Swift.stride(from: a, to: b, by: step))
            guard values.count <= 100_000_000 else { throw NativeError("stride is too long") }
            return .array(values.map(Value.int))
        }
        let a = try Arguments.double(from, "'from:'", "stride"), b = try Arguments.double(end, "the end", "stride")
        let step = try Arguments.double(by, "'by:'", "stride")
        guard step != 0, step.isFinite, Swift.abs((b - a) / step) < 100_000_000 else {
            throw NativeError("stride step must be finite and not zero, and the stride not too long")
        }
        let values = inclusive ? Array(Swift.stride(from: a, through: b, by: step)) : Array(Swift.stride(from: a, to: b, by: step))
        return .array(values.map(Value.double))
    }

    private static func installChecks(in interpreter: Interpreter) {
        interpreter.defineFunction("assert") { arguments in
            try arguments.expect("assert(_:_:)")
            let condition = try arguments.value(0)
            guard case .bool(let passed) = condition else {
                throw NativeError("assert needs a Bool condition, found '\(condition.typeName)'")
            }
            if !passed {
                let message = try arguments.positional(1).map { try Arguments.string($0, "the message", "assert") }
                throw NativeError("assertion failed" + (message.map { ": \($0)" } ?? ""))
            }
            return .void
        }
        interpreter.defineFunction("assertClose") { arguments in
            try arguments.expect("assertClose(_:_:tol:)")
            let tolerance = try arguments.double("tol") ?? 1e-9
            let a = try arguments.value(0), b = try arguments.value(1)
            let difference = try maxDifference(a, b)
            if !(difference <= tolerance) {
                throw NativeError("assertClose failed: \(a.printed) and \(b.printed) differ by \(difference), more than tol \(tolerance)")
            }
            return .void
        }
    }

    private static func maxDifference(_ a: Value, _ b: Value) throws -> Double {
        if let x = a.asDouble, let y = b.asDouble { return Swift.abs(x - y) }
        if case .native(let object) = a, let difference = try object.maxAbsoluteDifference(to: b) { return difference }
        if case .native(let object) = b, let difference = try object.maxAbsoluteDifference(to: a) { return difference }
        if case .array(let xs) = a, case .array(let ys) = b {
            guard xs.count == ys.count else { throw NativeError("assertClose: arrays of \(xs.count) and \(ys.count) elements") }
            return try zip(xs, ys).map { try maxDifference($0, $1) }.max() ?? 0
        }
        throw NativeError("assertClose cannot compare '\(a.typeName)' and '\(b.typeName)'")
    }
}
