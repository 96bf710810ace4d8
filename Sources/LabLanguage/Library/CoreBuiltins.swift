import Foundation

/// The built-ins every session has: print, conversions, math on numbers, zip, stride and checks.
///
/// Math functions given a native first argument call the native's method of the same name
/// (`exp(t)` is `t.exp()`, `pow(t, 3)` is `t.pow(3)`). A library of natives extends them through
/// `Interpreter.nativeMath` (tensors from arrays, `pow(2, t)`, `assertClose` on tensors) rather than
/// defining them again.
enum Builtins {
    static let checks = BuiltinTopic.checks
    static let conversions = BuiltinTopic.conversions
    static let math = BuiltinTopic.math
    static let sequences = BuiltinTopic.sequences

    static func install(in interpreter: Interpreter) {
        let runtime = interpreter.runtime
        interpreter.define(
            .function(
                "print(_ items: Any..., separator: String = \" \")", topic: checks,
                "Writes the items, separated by `separator`, as one line of the cell's output. Tensors print as PyTorch prints them.",
                examples: ["print(1, 2.5, \"three\", [4, 5])\nprint(\"a\", \"b\", separator: \"-\")\n// expect: 1 2.5 three [4, 5]\n// expect: a-b"])
        ) { arguments in
            try arguments.expect(labels: Array(repeating: nil, count: arguments.positionalCount) + ["separator"],
                                 in: "print")
            let separator = try arguments.string("separator") ?? " "
            runtime.onPrint(arguments.items.filter { $0.label == nil }.map(\.value.printed).joined(separator: separator))
            return .void
        }
        interpreter.library.declare(ValueMembers.declarations)
        interpreter.library.declare(StaticMembers.declarations)
        installConversions(in: interpreter)
        installMath(in: interpreter)
        installSequences(in: interpreter)
        installChecks(in: interpreter)
    }

    private static func installConversions(in interpreter: Interpreter) {
        interpreter.define(
            .type(
                "Double(_ value: Int | Double | String) -> Double?", topic: conversions,
                "The value as a Double; a string that is not a number gives `nil`. For a one-element tensor use `.item`.",
                examples: ["print(Double(3), Double(\" 2.5 \"), Double(\"x\"))\n// expect: 3.0 2.5 nil"])
        ) { arguments in
            try arguments.expect("Double(_:)")
            switch try arguments.value(0) {
            case .int(let number): return .double(Double(number))
            case .double(let number): return .double(number)
            case .string(let text): return Double(text.trimmingCharacters(in: .whitespaces)).map(Value.double) ?? .nil
            case let other: throw conversionError(other, "Double")
            }
        }
        interpreter.define(
            .type(
                "Int(_ value: Int | Double | String) -> Int?", topic: conversions,
                "The value as an Int: a Double is truncated toward zero (out of range or NaN is an error); a string that is not a whole number gives `nil`.",
                examples: ["print(Int(3.9), Int(-3.9), Int(\"42\"), Int(\"4.2\"))\n// expect: 3 -3 42 nil"])
        ) { arguments in
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
        interpreter.define(
            .type(
                "String(_ value: Any) | String(format: String, _ values: Any...) -> String", topic: conversions,
                "The value as `print` writes it, or text formatted C-style: `%d`, `%f` with precision and width, `%e`, `%g`, `%s`, `%%`.",
                examples: ["print(String(42) + \"!\", String(format: \"%.3f|%5d|%s\", 3.14159, 7, \"ok\"))\n// expect: 42! 3.142|    7|ok"])
        ) { arguments in
            if let format = arguments.labeled("format") {
                guard case .string(let text) = format else { throw NativeError("String(format:) needs a format string") }
                return .string(try Format.format(text, Array(arguments.items.dropFirst().map(\.value))))
            }
            try arguments.expect("String(_:)")
            return .string(try arguments.value(0).printed)
        }
        interpreter.define(
            .type(
                "Array(_ items: Array | Range | String) | Array(repeating: Any, count: Int) -> Array", topic: conversions,
                "The elements as an array: a range's numbers, a string's characters; or `count` copies of one value.",
                examples: ["print(Array(1...4), Array(\"abc\"), Array(repeating: 0, count: 3))\n// expect: [1, 2, 3, 4] [\"a\", \"b\", \"c\"] [0, 0, 0]"])
        ) { arguments in
            if arguments.labeled("repeating") != nil { return try repeating(arguments) }
            try arguments.expect("Array(_:)")
            switch try arguments.value(0) {
            case .array(let items): return .array(items)
            case .range(let range):
                guard let lower = range.lower, let count = range.count else { throw NativeError("cannot make an array of a partial range") }
                try ValueLimits.check(count: count, elementBytes: MemoryLayout<Value>.stride, making: "the array")
                return .array((0..<count).map { .int(lower + $0) })
            case .string(let text): return .array(text.map { .string(String($0)) })
            case let other: throw conversionError(other, "Array")
            }
        }
    }

    /// `Array(repeating: value, count: n)`, n from 0 to 100,000,000 (the tensor element limit).
    private static func repeating(_ arguments: Arguments) throws -> Value {
        try arguments.expect("Array(repeating:count:)")
        guard let value = arguments.labeled("repeating"), let count = try arguments.int("count") else {
            throw NativeError("write Array(repeating: value, count: n)")
        }
        guard (0...100_000_000).contains(count) else {
            throw NativeError("Array(repeating:count:) needs a count from 0 to 100000000, got \(count)")
        }
        try ValueLimits.check(count: count, elementBytes: MemoryLayout<Value>.stride, making: "the array")
        return .array(Array(repeating: value, count: count))
    }

    private static func conversionError(_ value: Value, _ type: String) -> NativeError {
        var hint: String?
        if case .native = value, type == "Double" { hint = "for a one-element tensor, use .item" }
        return NativeError("cannot convert a value of type '\(value.typeName)' to \(type)", hint: hint)
    }

    /// The unary math functions: name, the function on Doubles, what it computes, an example.
    private static let unaryMath: [(String, @Sendable (Double) -> Double, String, String)] = [
        ("exp", Foundation.exp, "e to the power x", "print(exp(0.0), exp(tensor([0.0, 1.0])))\n// expect: 1.0 tensor([1.0000, 2.7183])"),
        ("log", Foundation.log, "the natural logarithm", "print(log(1.0), log(tensor([1.0, 4.0])))\n// expect: 0.0 tensor([0.0000, 1.3863])"),
        ("sqrt", Foundation.sqrt, "the square root", "print(sqrt(16.0), sqrt(tensor([4.0, 9.0])))\n// expect: 4.0 tensor([2., 3.])"),
        ("sin", Foundation.sin, "the sine (radians)", "print(sin(0.0))\n// expect: 0.0"),
        ("cos", Foundation.cos, "the cosine (radians)", "print(cos(0.0))\n// expect: 1.0"),
        ("tan", Foundation.tan, "the tangent (radians)", "print(tan(0.0))\n// expect: 0.0"),
        ("tanh", Foundation.tanh, "the hyperbolic tangent", "print(tanh(0.0), tanh(tensor([0.0, 1.0])))\n// expect: 0.0 tensor([0.0000, 0.7616])"),
        ("floor", Foundation.floor, "the largest whole number not above x", "print(floor(2.7), floor(-2.7))\n// expect: 2.0 -3.0"),
        ("ceil", Foundation.ceil, "the smallest whole number not below x", "print(ceil(2.2), ceil(-2.2))\n// expect: 3.0 -2.0"),
        ("round", Foundation.round, "x rounded to the nearest whole number, halves away from zero", "print(round(2.5), round(-2.5))\n// expect: 3.0 -3.0"),
    ]

    private static func installMath(in interpreter: Interpreter) {
        for (name, function, meaning, example) in unaryMath {
            let builtin = Builtin.function(
                "\(name)(_ x: Double | Tensor) -> Double | Tensor", topic: math,
                "\(meaning.prefix(1).uppercased() + meaning.dropFirst()); on a tensor (or an array, made a tensor), elementwise with gradients, as `x.\(name)()`.",
                examples: [example])
            interpreter.define(builtin) { [unowned interpreter] arguments in
                if let result = try interpreter.nativeMath?(name, arguments) { return result }
                if let result = try forwardToNative(name, arguments) { return result }
                try arguments.expect(labels: [nil], in: name)
                return .double(function(try arguments.double(0)))
            }
        }
        interpreter.define(
            .function(
                "abs(_ x: Int | Double | Tensor) -> Int | Double | Tensor", topic: math,
                "The absolute value: an Int stays an Int (`abs(Int.min)` is an overflow error); a tensor's is elementwise.",
                examples: ["print(abs(-3), abs(-2.5), abs(tensor([-1.0, 2.0])))\n// expect: 3 2.5 tensor([1., 2.])"])
        ) { [unowned interpreter] arguments in
            if let result = try interpreter.nativeMath?("abs", arguments) { return result }
            if let result = try forwardToNative("abs", arguments) { return result }
            try arguments.expect("abs(_:)")
            if case .int(let number) = try arguments.value(0) {
                guard number != Int.min else { throw NativeError("arithmetic overflow: abs(\(number)) does not fit in Int") }
                return .int(Swift.abs(number))
            }
            return .double(Swift.abs(try arguments.double(0)))
        }
        interpreter.define(
            .function(
                "pow(_ base: Double | Tensor, _ exponent: Double | Tensor) -> Double | Tensor", topic: math,
                "`base` to the power `exponent`; with a tensor on either side, elementwise with gradients (`pow(t, 2)` is `t.pow(2)`).",
                examples: ["print(pow(2.0, 10.0), pow(tensor([1.0, 2.0, 3.0]), 2))\n// expect: 1024.0 tensor([1., 4., 9.])"])
        ) { [unowned interpreter] arguments in
            if let result = try interpreter.nativeMath?("pow", arguments) { return result }
            if let result = try forwardToNative("pow", arguments) { return result }
            try arguments.expect("pow(_:_:)")
            return .double(Foundation.pow(try arguments.double(0), try arguments.double(1)))
        }
        for (name, word) in [("min", "smallest"), ("max", "largest")] {
            interpreter.define(
                .function(
                    "\(name)(_ a: Int | Double, _ b: Int | Double, _ more: Int | Double...) -> Int | Double", topic: math,
                    "The \(word) of two or more numbers: an Int when all are Ints, else a Double. For a tensor's \(word) element use `t.\(name)()`.",
                    examples: ["print(\(name)(3, 7, 5), \(name)(2, 2.5))\n// expect: \(name == "min" ? "3 2.0" : "7 2.5")"])
            ) { arguments in
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
        interpreter.define(
            .function(
                "zip(_ first: Array | Range, _ second: Array | Range) -> [(Any, Any)]", topic: sequences,
                "Pairs of elements at the same place, as tuples, as long as the shorter sequence.",
                examples: ["for (i, name) in zip(1...3, [\"a\", \"b\"]) { print(i, name) }\n// expect: 1 a\n// expect: 2 b"])
        ) { arguments in
            try arguments.expect("zip(_:_:)")
            let first = try elements(try arguments.value(0), "zip"), second = try elements(try arguments.value(1), "zip")
            return .array(zip(first, second).map { .tuple([$0, $1]) })
        }
        interpreter.define(
            .function(
                "stride(from: Int | Double, to: Int | Double, by: Int | Double) | stride(from:through:by:) -> Array", topic: sequences,
                "The numbers from `from` in steps of `by`, up to but not including `to`, or up to and including `through`.",
                examples: ["print(stride(from: 0, to: 10, by: 3), stride(from: 1.0, through: 0.0, by: -0.5))\n// expect: [0, 3, 6, 9] [1.0, 0.5, 0.0]"])
        ) { arguments in
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
            try ValueLimits.check(count: count, elementBytes: MemoryLayout<Value>.stride, making: "the range's array")
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
        interpreter.define(
            .function(
                "assert(_ condition: Bool, _ message: String = \"\")", topic: checks,
                "Fails the cell with `assertion failed: message` when the condition is false; nothing happens when it holds.",
                examples: ["assert(1 + 1 == 2, \"arithmetic\")\nassert(2 > 3, \"two is not above three\")\n// expect error: assertion failed: two is not above three"])
        ) { arguments in
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
        interpreter.define(
            .function(
                "assertClose(_ a: Double | Tensor | Array, _ b: Double | Tensor | Array, tol: Double = 1e-9, _ message: String = \"\")", topic: checks,
                "Fails the cell when the largest elementwise difference between `a` and `b` is more than `tol` (tensors must have equal shapes); a message, when given, leads the failure, as feedback for an exercise.",
                examples: ["assertClose(0.1 + 0.2, 0.3)\nassertClose(tensor([1.0, 2.0]), tensor([1.0, 2.001]), tol: 0.01)\nassertClose(1.0, 1.5, tol: 0.1, \"the slope is 1.5\")\n// expect error: the slope is 1.5 (assertClose failed"])
        ) { [unowned interpreter] arguments in
            if let result = try interpreter.nativeMath?("assertClose", arguments) { return result }
            try arguments.expect("assertClose(_:_:tol:_:)")
            let tolerance = try arguments.double("tol") ?? 1e-9
            let a = try arguments.value(0), b = try arguments.value(1)
            let message = try arguments.positional(2).map { try Arguments.string($0, "the message", "assertClose") }
            let difference = try maxDifference(a, b)
            if !(difference <= tolerance) {
                let failure = "assertClose failed: \(a.printed) and \(b.printed) differ by \(difference), more than tol \(tolerance)"
                throw NativeError(message.map { "\($0) (\(failure))" } ?? failure)
            }
            return .void
        }
        interpreter.define(
            .function(
                "todo()", topic: checks,
                "Stands for code a student has still to write: fails the cell with `exercise not done yet`. `labrun --student` puts it where the instructor's solution was.",
                examples: ["todo()\n// expect error: exercise not done yet"])
        ) { arguments in
            try arguments.expect(labels: [], in: "todo")
            throw NativeError(Interpreter.todoMessage, hint: "replace todo() with your code")
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

extension Interpreter {
    /// What `todo()` fails with; graders and tests recognise an unfinished exercise by it.
    public static let todoMessage = "exercise not done yet"
}
