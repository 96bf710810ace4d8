import Foundation

/// Number and table-value formatting, so every output and renderer shows the same value the same way.
public enum DisplayFormat {
    /// A double rounded for display: up to 6 significant digits, trailing zeros dropped, exponent
    /// form for very large or small magnitudes (C's `%.6g`): `0.693147`, `19`, `1.5e-07`, `1.23457e+06`.
    ///
    /// Non-finite values read `nan`, `inf` and `-inf`. JSON keeps full precision instead.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        // String(format:) uses the POSIX locale unless one is given, so the result does not
        // depend on the machine's language settings.
        return String(format: "%.6g", value)
    }

    /// A table value as text (numbers rounded with `number(_:)`, the ellipsis as `…`).
    public static func tableValue(_ value: TableValue) -> String {
        switch value {
        case .text(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return number(d)
        case .bool(let b): return b ? "true" : "false"
        case .ellipsis: return "…"
        }
    }

    /// True for values that line up on the right (numbers).
    public static func isNumeric(_ value: TableValue) -> Bool {
        switch value {
        case .int, .double: return true
        case .text, .bool, .ellipsis: return false
        }
    }

    /// `1 cell` / `3 cells`.
    public static func count(_ n: Int, _ singular: String, _ plural: String) -> String {
        "\(n) \(n == 1 ? singular : plural)"
    }
}
