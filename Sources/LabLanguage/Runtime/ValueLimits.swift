/// The most memory one string or array the language builds may take, so that `s += s` in a loop or
/// `Array(0..<2000000000)` fails with a located error before the system refuses (or its
/// out-of-memory killer ends something else on the machine). The host sets it from its memory
/// budget before running labs; the default is no limit.
public enum ValueLimits {
    /// Bytes; checked before a string or array is made (strings by UTF-8 length, arrays at the size
    /// of their elements).
    nonisolated(unsafe) public static var maxBytes = Int.max

    /// Throws when `count` elements of `elementBytes` each would exceed `maxBytes`.
    static func check(count: Int, elementBytes: Int, making what: String) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementBytes)
        if overflow || bytes > maxBytes {
            throw NativeError(
                "\(what) would take \(describe(overflow ? Int.max : bytes)), more than the lab's memory budget of \(describe(maxBytes))",
                hint: "labrun --max-memory sets the budget")
        }
    }

    /// `1.5 GB`, `300 MB`, `12 KB`.
    public static func describe(_ bytes: Int) -> String {
        let units: [(Double, String)] = [(1_073_741_824, "GB"), (1_048_576, "MB"), (1024, "KB")]
        for (size, name) in units where Double(bytes) >= size {
            let value = Double(bytes) / size
            return (value >= 100 ? String(Int(value.rounded())) : String((value * 10).rounded() / 10)) + " " + name
        }
        return "\(bytes) bytes"
    }
}
