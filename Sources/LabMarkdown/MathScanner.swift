import Foundation

/// A run of prose text: plain words, or the TeX of an inline or display formula (delimiters removed).
public enum MathPiece: Sendable, Equatable {
    case text(String)
    case inline(String)
    case display(String)
}

/// Finds `$…$` and `$$…$$` in prose the way pandoc's `tex_math_dollars` does.
///
/// `$` opens inline math when the next character is not a space, and closes it when the previous
/// character is not a space and the next is not a digit, so "costs $5 and $10" stays text.
/// `$$…$$` is display math and may span lines (its TeX is trimmed). `\$` is a literal dollar sign; inside math a
/// backslash escapes the next character, so `\$` does not close a formula. Neither kind of math
/// spans a blank line. Pass prose text only: code spans are not math.
public enum MathScanner {
    /// `text` cut into prose and formulas, in order; adjacent prose runs are merged.
    public static func split(_ text: String) -> [MathPiece] {
        let chars = Array(text)
        var pieces: [MathPiece] = []
        var prose = ""
        var i = 0
        func flush() {
            if !prose.isEmpty { pieces.append(.text(prose)) }
            prose = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                // `\$` is a dollar sign; other escapes stay as written for the Markdown renderer.
                if chars[i + 1] != "$" { prose.append(c) }
                prose.append(chars[i + 1])
                i += 2
            } else if c == "$", let (tex, end) = displayMath(chars, at: i) {
                flush()
                pieces.append(.display(tex))
                i = end
            } else if c == "$", let (tex, end) = inlineMath(chars, at: i) {
                flush()
                pieces.append(.inline(tex))
                i = end
            } else {
                prose.append(c)
                i += 1
            }
        }
        flush()
        return pieces
    }

    /// `$$…$$` starting at `start`: the TeX inside and the index after the closing `$$`.
    static func displayMath(_ chars: [Character], at start: Int) -> (String, Int)? {
        guard start + 1 < chars.count, chars[start + 1] == "$" else { return nil }
        var i = start + 2
        while i < chars.count {
            if chars[i] == "\\" {
                i += 2
                continue
            }
            if isBlankLine(chars, at: i) { return nil }
            if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                let tex = String(chars[(start + 2)..<i]).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !tex.isEmpty else { return nil }
                return (tex, i + 2)
            }
            i += 1
        }
        return nil
    }

    /// `$…$` starting at `start`, by pandoc's rules: a space may not come right before the closing
    /// `$` (a space followed by `$` ends the attempt), and a closing `$` followed by a digit means
    /// this `$` opens nothing.
    static func inlineMath(_ chars: [Character], at start: Int) -> (String, Int)? {
        let first = start + 1
        guard first < chars.count, !chars[first].isWhitespace, chars[first] != "$" else { return nil }
        var i = first
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                i += 2
                continue
            }
            if c == "$" {
                if i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isNumber { return nil }
                return (String(chars[first..<i]), i + 1)
            }
            if c.isWhitespace {
                if isBlankLine(chars, at: i) { return nil }
                if i + 1 < chars.count, chars[i + 1] == "$" { return nil }
            }
            i += 1
        }
        return nil
    }

    /// True at a line break that starts an empty line: a paragraph ends there, and math cannot cross it.
    static func isBlankLine(_ chars: [Character], at i: Int) -> Bool {
        guard chars[i].isNewline else { return false }
        var j = i + 1
        while j < chars.count, chars[j] == " " || chars[j] == "\t" { j += 1 }
        return j < chars.count && chars[j].isNewline
    }
}
