/// Text from a lab (a message, a source line, a file name) made safe to print on a terminal.
///
/// Terminals obey control characters: ESC starts sequences that move the cursor, set the window
/// title or clear the screen, BEL rings, CR and BS overwrite what was printed. So every C0 control
/// (U+0000–U+001F), DEL (U+007F) and C1 control (U+0080–U+009F, which some terminals read as ESC
/// sequences too) is shown as Swift writes it in a string literal: `\u{1B}`, upper-case hex, two
/// digits. The lab language writes the same escape, so a message shows what its source says.
///
/// Tabs are kept: a tab only moves to the next tab stop, and the caret line under a source line
/// copies the tabs before the column so the caret stays aligned however wide the terminal draws
/// them. A backslash is not escaped, so text that literally contains `\u{1B}` prints the same as an
/// escaped ESC; escaping every backslash would garble the many string literals of source lines.
public enum TerminalText {
    /// `text` with every control character but tab shown as `\u{XX}`, line breaks included: for
    /// lab text that becomes part of one line of output.
    public static func escaped(_ text: String) -> String {
        escaped(text, keepingLineBreaks: false)
    }

    /// The same, but `\n` stays a line break: for output that is already split into lines by
    /// labrun itself (a diagnostic with its source line and caret, a usage message).
    public static func escapedKeepingLineBreaks(_ text: String) -> String {
        escaped(text, keepingLineBreaks: true)
    }

    /// Whether the terminal would act on `scalar` rather than draw it (tab excepted, see above).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\t" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }

    private static func escaped(_ text: String, keepingLineBreaks: Bool) -> String {
        func escapes(_ s: Unicode.Scalar) -> Bool { isControl(s) && !(keepingLineBreaks && s == "\n") }
        // Most text has no control character: hand it back without copying.
        guard text.unicodeScalars.contains(where: escapes) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if escapes(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(contentsOf: "\\u{\(hex.count < 2 ? "0" + hex : hex)}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
