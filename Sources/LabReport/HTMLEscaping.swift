/// Escaping and URL checks for the HTML renderer (and the pages `labrun --serve` adds).
public enum HTML {
    /// Text made safe for element content and quoted attribute values.
    public static func escape(_ s: String) -> String { escaped(s, apostrophe: true) }

    /// Text escaped as libcmark escapes prose: `&`, `<`, `>` and `"` only (an apostrophe stays),
    /// so the handout's prose is byte for byte cmark's. Safe in element content and in attribute
    /// values quoted with `"`, the only quoting the renderers use.
    static func escapeText(_ s: String) -> String { escaped(s, apostrophe: false) }

    private static func escaped(_ s: String, apostrophe: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'" where apostrophe: out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// True for URLs cmark's safe mode blanks: `javascript:`, `vbscript:`, `file:`, and `data:`
    /// other than PNG, GIF, JPEG and WebP images.
    ///
    /// Browsers ignore leading spaces and control characters and tabs or newlines inside a scheme,
    /// so those are removed before looking at the scheme.
    static func isDangerousURL(_ url: String) -> Bool {
        let scalars = url.unicodeScalars
            .drop { $0.value <= 0x20 }
            .filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        let lowered = String(String.UnicodeScalarView(scalars)).lowercased()
        for scheme in ["javascript:", "vbscript:", "file:"] where lowered.hasPrefix(scheme) { return true }
        if lowered.hasPrefix("data:") {
            let images = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]
            return !images.contains { lowered.hasPrefix($0) }
        }
        return false
    }

    /// A URL for an `href`/`src` attribute: empty when dangerous (unless `unsafe`), otherwise
    /// percent-encoded where URLs may not hold the character and HTML-escaped, exactly as libcmark
    /// writes it (`[`, `]` and `\` percent-encoded, `'` as `&#x27;`).
    static func attributeURL(_ url: String, unsafe: Bool) -> String {
        if !unsafe && isDangerousURL(url) { return "" }
        var out = ""
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;"
            case UInt8(ascii: "'"): out += "&#x27;"
            case _ where isURLSafe(byte): out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += "%" + hex(byte)
            }
        }
        return out
    }

    /// Bytes that stand for themselves in a URL: libcmark's set (letters, digits, and reserved or
    /// unreserved punctuation but `[`, `]`; `%` included so existing escapes survive).
    private static func isURLSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-_.!~*();/?:@=+$,%#".utf8.contains(byte)
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}

/// Turns heading text into anchor names: lowercase letters and digits, words joined by `-`,
/// each name unique within the document (`name`, `name-1`, `name-2`…).
struct Slugger {
    private var taken: Set<String>

    /// A slugger that will not hand out any of `reserved` (for example the cells' anchors).
    init(reserved: Set<String> = []) {
        taken = reserved
    }

    /// The anchor for `text`, different from every anchor handed out or reserved before.
    mutating func slug(_ text: String) -> String {
        var base = ""
        for c in text.lowercased() {
            if c.isLetter || c.isNumber || c == "_" || c == "-" {
                base.append(c)
            } else if c.isWhitespace {
                base.append("-")
            }
            // Other punctuation is dropped, as GitHub does.
        }
        if base.isEmpty { base = "section" }
        return uniqueName(base, taken: &taken)
    }
}
