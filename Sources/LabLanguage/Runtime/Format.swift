import Foundation

/// `String(format:)` for %d %i %f %e %g %s %% with flags, width and precision.
///
/// The format is parsed here, and each number goes to Foundation as one vetted single-placeholder
/// format with exactly one argument, so no user format can read a missing vararg.
enum Format {
    static func format(_ format: String, _ values: [Value]) throws -> String {
        var output = ""
        var next = 0
        var characters = format[...]
        while let character = characters.popFirst() {
            guard character == "%" else {
                output.append(character)
                continue
            }
            let spec = try parseSpec(&characters)
            if spec.conversion == "%" {
                output.append("%")
                continue
            }
            guard next < values.count else {
                throw NativeError("String(format:) has more placeholders than arguments")
            }
            output += try render(spec, values[next])
            next += 1
        }
        if next < values.count {
            throw NativeError("String(format:) got \(values.count) arguments but its format has \(next) placeholders")
        }
        return output
    }

    struct Spec {
        var flags = ""
        var width: Int?
        var precision: Int?
        var conversion: Character = "%"
    }

    private static func parseSpec(_ characters: inout Substring) throws -> Spec {
        var spec = Spec()
        while let flag = characters.first, "-+0 #".contains(flag) {
            if !spec.flags.contains(flag) { spec.flags.append(flag) }
            characters.removeFirst()
        }
        spec.width = number(&characters)
        if characters.first == "." {
            characters.removeFirst()
            spec.precision = number(&characters) ?? 0
        }
        while let modifier = characters.first, "lhqLjzt".contains(modifier) { characters.removeFirst() }
        guard let conversion = characters.popFirst(), "dizfFeEgGs%".contains(conversion) else {
            throw NativeError("String(format:) supports %d, %f, %e, %g, %s and %% (with width and precision)")
        }
        spec.conversion = conversion
        if (spec.width ?? 0) > 200 || (spec.precision ?? 0) > 100 {
            throw NativeError("String(format:) width or precision is too large")
        }
        return spec
    }

    private static func number(_ characters: inout Substring) -> Int? {
        var digits = ""
        while let digit = characters.first, digit.isASCII, digit.isNumber, digits.count < 4 {
            digits.append(digit)
            characters.removeFirst()
        }
        return Int(digits)
    }

    private static func render(_ spec: Spec, _ value: Value) throws -> String {
        switch spec.conversion {
        case "d", "i", "z":
            guard case .int(let number) = value else {
                throw NativeError("%d needs an Int, found '\(value.typeName)'", hint: "use %f or %.0f for a Double, or Int(x)")
            }
            return pad(integer(number, spec), spec)
        case "s":
            return pad(value.printed, spec)
        default:
            guard let number = value.asDouble else {
                throw NativeError("%\(spec.conversion) needs a number, found '\(value.typeName)'")
            }
            let vetted = "%" + spec.flags + (spec.width.map(String.init) ?? "")
                + (spec.precision.map { ".\($0)" } ?? "") + String(spec.conversion)
            return String(format: vetted, number)
        }
    }

    private static func integer(_ number: Int, _ spec: Spec) -> String {
        var digits = String(number.magnitude)
        if let precision = spec.precision, digits.count < precision {
            digits = String(repeating: "0", count: precision - digits.count) + digits
        }
        let sign = number < 0 ? "-" : spec.flags.contains("+") ? "+" : spec.flags.contains(" ") ? " " : ""
        if spec.flags.contains("0"), !spec.flags.contains("-"), let width = spec.width,
           sign.count + digits.count < width {
            digits = String(repeating: "0", count: width - sign.count - digits.count) + digits
        }
        return sign + digits
    }

    private static func pad(_ text: String, _ spec: Spec) -> String {
        guard let width = spec.width, text.count < width else { return text }
        let padding = String(repeating: " ", count: width - text.count)
        return spec.flags.contains("-") ? text + padding : padding + text
    }
}
