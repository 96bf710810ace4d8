extension Lexer {
    /// A string literal; `\(expr)` keeps its source and location so the parser can parse it in place.
    mutating func lexString(_ start: (Int, SourceLocation)) {
        _ = advance()
        var parts: [StringPart] = []
        var text = ""
        var closed = false
        while let character = peek() {
            if character.isNewline { break }
            if character == "\"" {
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
        if !text.isEmpty || parts.isEmpty { parts.append(.text(text)) }
        if !closed {
            errors.append(LabError("unterminated string literal", at: start.1, hint: "close the string with '\"' on the same line"))
        }
        let position = emit(.string, start)
        tokens[position].parts = parts
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

    private mutating func lexUnicodeEscape(_ location: SourceLocation) -> String {
        guard peek() == "{" else {
            errors.append(LabError("expected '{' after \\u, as in \\u{1F600}", at: location))
            return ""
        }
        _ = advance()
        var digits = ""
        while let character = peek(), character.isHexDigit, digits.count < 8 {
            digits.append(advance())
        }
        if peek() == "}" { _ = advance() }
        guard let code = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(code) else {
            errors.append(LabError("invalid unicode scalar '\\u{\(digits)}'", at: location))
            return ""
        }
        return String(Character(scalar))
    }

    /// Reads `\( ... )` up to its matching parenthesis, skipping nested strings.
    private mutating func lexInterpolation() -> StringPart? {
        let location = here
        _ = advance()
        _ = advance()
        let codeStart = here
        var depth = 1
        var code = ""
        var inString = false
        while let character = peek(), !character.isNewline {
            if inString {
                if character == "\\" {
                    code.append(advance())
                    if let escaped = peek(), !escaped.isNewline { code.append(advance()) }
                    continue
                }
                if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
                if depth == 0 {
                    _ = advance()
                    return .code(code, codeStart)
                }
            }
            code.append(advance())
        }
        errors.append(LabError("unterminated interpolation: expected ')' to close this '\\('", at: location))
        return nil
    }
}
