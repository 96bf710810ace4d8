extension Lexer {
    /// A string literal; `\(expr)` keeps its source and location so the parser can parse it in place.
    mutating func lexString(_ start: (Int, SourceLocation)) {
        if peek(1) == "\"", peek(2) == "\"" {
            lexMultilineString(start)
            return
        }
        _ = advance()
        var (parts, closed, _) = lexLine(multiline: false)
        if parts.isEmpty { parts.append(.text("")) }
        if !closed {
            errors.append(LabError("unterminated string literal", at: start.1, hint: "close the string with '\"' on the same line"))
        }
        let position = emit(.string, start, text: "")
        tokens[position].parts = parts
    }

    /// Reads string content up to the end of the line; a single-line string also stops at its closing
    /// quote (and then reports it closed). In a multi-line string a `\` that ends the line joins it
    /// to the next one (`continuation` is where it stands), as in Swift.
    private mutating func lexLine(multiline: Bool) -> (parts: [StringPart], closed: Bool, continuation: SourceLocation?) {
        var parts: [StringPart] = []
        var text = ""
        var closed = false
        var continuation: SourceLocation? = nil
        while let character = peek() {
            if character.isNewline { break }
            if multiline, character == "\\", peek(1)?.isNewline == true {
                continuation = here
                _ = advance()
                break
            }
            if character == "\"", !multiline {
                _ = advance()
                closed = true
                break
            }
            if character == "\\" {
                if peek(1) == "(" {
                    if !text.isEmpty { parts.append(.text(text)) }
                    text = ""
                    guard let code = lexInterpolation() else { break }
                    parts.append(code)
                } else {
                    text += lexEscape()
                }
                continue
            }
            text.append(advance())
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return (parts, closed, continuation)
    }

    /// One content line of a multi-line string: its leading blanks apart, for the indentation rule.
    private struct ContentLine {
        var indent: String
        var parts: [StringPart]
        var location: SourceLocation
        /// Where the line ends in `\`, which joins it to the next line without a line break; nil
        /// for a line that ends plainly.
        var continuation: SourceLocation?
    }

    /// `"""` on its own line, content lines, and a closing `"""` whose indentation is removed from
    /// every line, as in Swift; the line breaks between content lines are kept, the last one is not.
    private mutating func lexMultilineString(_ start: (Int, SourceLocation)) {
        lexMultilineOpening()
        let (lines, closingIndent) = lexContentLines()
        guard let closingIndent else {
            errors.append(LabError("unterminated multi-line string literal", at: start.1,
                                   hint: "close it with \"\"\" on a line of its own"))
            emitString(start, [.text("")])
            return
        }
        let parts = removingIndentation(closingIndent, from: lines)
        emitString(start, parts.isEmpty ? [.text("")] : parts)
    }

    /// Skips the opening `"""` and blanks after it; anything else on that line is an error (and skipped).
    private mutating func lexMultilineOpening() {
        for _ in 0..<3 { _ = advance() }
        skipBlanks()
        if let character = peek(), !character.isNewline {
            errors.append(LabError("a multi-line string starts on the line after its opening \"\"\"", at: here))
            while let character = peek(), !character.isNewline { _ = advance() }
        }
    }

    /// Content lines up to the closing `"""`, whose indentation is returned; nil when the cell ends first.
    private mutating func lexContentLines() -> (lines: [ContentLine], closingIndent: String?) {
        var lines: [ContentLine] = []
        while peek() != nil {
            _ = advance()  // the line break before this line
            let indent = skipBlanks()
            if peek() == "\"", peek(1) == "\"", peek(2) == "\"" {
                for _ in 0..<3 { _ = advance() }
                return (lines, indent)
            }
            let location = here
            let (parts, _, continuation) = lexLine(multiline: true)
            lines.append(ContentLine(indent: indent, parts: parts, location: location, continuation: continuation))
        }
        return (lines, nil)
    }

    /// Joins the lines with line breaks, each without the closing delimiter's indentation; a line
    /// with text that is indented less is an error, a blank one is fine.
    private mutating func removingIndentation(_ closingIndent: String, from lines: [ContentLine]) -> [StringPart] {
        var parts: [StringPart] = []
        for (number, line) in lines.enumerated() {
            if number > 0, lines[number - 1].continuation == nil { parts.append(.text("\n")) }
            if line.indent.hasPrefix(closingIndent) {
                let extra = String(line.indent.dropFirst(closingIndent.count))
                if !extra.isEmpty { parts.append(.text(extra)) }
            } else if !line.parts.isEmpty {
                errors.append(LabError("insufficient indentation of a line in a multi-line string", at: line.location,
                                       hint: "indent every line at least as far as the closing \"\"\""))
            }
            parts += line.parts
        }
        if let end = lines.last?.continuation {
            errors.append(LabError("the last line of a multi-line string cannot end with '\\': there is no next line to join",
                                   at: end, hint: "remove the '\\' or write the text on the next line"))
        }
        return parts
    }

    /// Skips spaces and tabs, returning them.
    @discardableResult
    private mutating func skipBlanks() -> String {
        var blanks = ""
        while let character = peek(), character == " " || character == "\t" { blanks.append(advance()) }
        return blanks
    }

    private mutating func emitString(_ start: (Int, SourceLocation), _ parts: [StringPart]) {
        var merged: [StringPart] = []
        for part in parts {
            if case .text(let next) = part, case .text(let previous)? = merged.last {
                merged[merged.count - 1] = .text(previous + next)
            } else {
                merged.append(part)
            }
        }
        let position = emit(.string, start, text: "")
        tokens[position].parts = merged
    }

    private mutating func lexEscape() -> String {
        let location = here
        _ = advance()
        guard let character = peek(), !character.isNewline else { return "" }
        _ = advance()
        switch character {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "0": return "\0"
        case "\\": return "\\"
        case "\"": return "\""
        case "'": return "'"
        case "u": return lexUnicodeEscape(location)
        default:
            errors.append(LabError("invalid escape sequence '\\\(character)' in string", at: location))
            return ""
        }
    }

    /// `\u{1F600}`: one to eight hex digits in braces, as in Swift; `location` is the backslash's.
    private mutating func lexUnicodeEscape(_ location: SourceLocation) -> String {
        guard peek() == "{" else {
            errors.append(LabError("expected '{' after \\u, as in \\u{1F600}", at: location))
            return ""
        }
        _ = advance()
        var digits = ""
        while let character = peek(), character.isHexDigit { digits.append(advance()) }
        // A ninth digit or a missing '}' is an error, as in Swift: reading eight digits and going on
        // would turn the rest of the escape into text without a word.
        if digits.count > 8 {
            errors.append(LabError("a \\u{...} escape takes 1 to 8 hex digits, found \(digits.count)", at: location))
            if peek() == "}" { _ = advance() }
            return ""
        }
        let closed = peek() == "}"
        if closed { _ = advance() }
        guard let scalar = UInt32(digits, radix: 16).flatMap({ Unicode.Scalar($0) }) else {
            errors.append(LabError("invalid unicode scalar '\\u{\(digits)}'", at: location))
            return ""
        }
        guard closed else {
            errors.append(LabError("expected '}' to close '\\u{' in string", at: location))
            return ""
        }
        return String(Character(scalar))
    }

    /// Reads `\( ... )` up to its matching parenthesis as tokens of their own, lexed in place (so
    /// nested interpolations are read once each, not once per enclosing level), ending in an
    /// end-of-file token at the closing parenthesis for the interpolation's parser.
    private mutating func lexInterpolation() -> StringPart? {
        let location = here
        _ = advance()
        _ = advance()
        let codeStart = here
        guard interpolationDepth < Lexer.maxInterpolationDepth else {
            errors.append(LabError("string interpolations nested more than \(Lexer.maxInterpolationDepth) levels deep",
                                   at: location))
            skipInterpolation()
            return .text("")
        }
        let (outerTokens, outerNewline) = (tokens, sawNewline)
        tokens = []
        sawNewline = true
        interpolationDepth += 1
        defer {
            interpolationDepth -= 1
            (tokens, sawNewline) = (outerTokens, outerNewline)
        }
        var depth = 0
        while let character = peek(), !character.isNewline {
            if character == " " || character == "\t" {
                _ = advance()
            } else if character == ")" && depth == 0 {
                tokens.append(Token(kind: .endOfFile, text: "", location: here, offset: index, length: 0,
                                    newlineBefore: false))
                _ = advance()
                return .code(tokens, codeStart)
            } else {
                lexToken(character)
                if let last = tokens.last, last.kind == .symbol {
                    if last.text == "(" { depth += 1 } else if last.text == ")" { depth -= 1 }
                }
            }
        }
        errors.append(LabError("unterminated interpolation: expected ')' to close this '\\('", at: location))
        return nil
    }

    /// Passes over the rest of an interpolation, its strings and their interpolations without
    /// recursion, so the error for one nested too deeply is the only one on its line.
    private mutating func skipInterpolation() {
        // Each entry is an open interpolation (its parenthesis depth) or, as nil, an open string.
        var open: [Int?] = [0]
        while let character = peek(), !character.isNewline, let top = open.last {
            _ = advance()
            switch (top, character) {
            case (nil, "\\"):
                if peek() == "(" {
                    _ = advance()
                    open.append(0)
                } else if let next = peek(), !next.isNewline {
                    _ = advance()
                }
            case (nil, "\""): open.removeLast()
            case (.some, "\""): open.append(nil)
            case (.some(let depth), "("): open[open.count - 1] = depth + 1
            case (.some(0), ")"): open.removeLast()
            case (.some(let depth), ")"): open[open.count - 1] = depth - 1
            default: break
            }
        }
    }
}
