/// The constants reached through a type's name, as in Swift: `Double.pi`, `Int.max`. The types
/// are built-in functions (`Double(x)` converts), so `Members` answers for their names here.
enum StaticMembers {
    static let types: Set<String> = ["Double", "Int", "String", "Array"]

    /// A constant's value, kept as a plain number so the table is Sendable.
    enum Constant: Sendable {
        case double(Double)
        case int(Int)

        var value: Value {
            switch self {
            case .double(let x): return .double(x)
            case .int(let n): return .int(n)
            }
        }
    }

    static let constants: [String: [(String, Constant, String)]] = [
        "Double": [
            ("pi", .double(.pi), "π"),
            ("infinity", .double(.infinity), "positive infinity"),
            ("nan", .double(.nan), "not a number"),
            ("greatestFiniteMagnitude", .double(.greatestFiniteMagnitude), "the largest finite Double"),
            ("leastNonzeroMagnitude", .double(.leastNonzeroMagnitude), "the smallest positive Double"),
            ("ulpOfOne", .double(.ulpOfOne), "the gap between 1 and the next Double"),
        ],
        "Int": [
            ("max", .int(.max), "the largest Int, 9223372036854775807"),
            ("min", .int(.min), "the smallest Int, -9223372036854775808"),
        ],
    ]

    static func value(of type: String, _ name: String) -> Value? {
        constants[type]?.first { $0.0 == name }?.1.value
    }

    static func names(of type: String) -> [String] {
        (constants[type] ?? []).map(\.0)
    }

    /// Their declarations for the library.
    static let declarations: [Builtin] = constants.keys.sorted().flatMap { type in
        (constants[type] ?? []).map { name, value, meaning in
            Builtin(
                .property, of: type, "static \(name): \(type)", topic: BuiltinTopic.valueMembers,
                "\(meaning.prefix(1).uppercased() + meaning.dropFirst()), as `\(type).\(name)`.",
                examples: ["print(\(type).\(name))\n// expect: \(value.value.printed)"])
        }
    }
}
