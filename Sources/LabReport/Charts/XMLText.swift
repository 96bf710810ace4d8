import Foundation

/// Text made safe for XML character data and attribute values (SVG and MathML share it).
///
/// Escapes the five markup characters and replaces control characters that XML 1.0 forbids,
/// so any string from a lab can be placed in markup.
func xmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        default:
            let v = scalar.value
            let forbidden = v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF
            out.unicodeScalars.append(forbidden ? "\u{FFFD}" : scalar)
        }
    }
    return out
}

/// A coordinate for SVG: at most two decimals, no trailing zeros, never `-0`, `nan` or `inf`.
func svgNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let rounded = (value * 100).rounded() / 100
    if rounded == 0 { return "0" }
    var text = String(format: "%.2f", rounded)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

/// An id made of letters, digits, `-` and `_` only, starting with a letter, from a caller's prefix.
func svgIdentifier(_ prefix: String) -> String {
    let kept = prefix.unicodeScalars.filter {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
    }
    let id = String(String.UnicodeScalarView(kept))
    guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else {
        return "c" + id
    }
    return id
}
