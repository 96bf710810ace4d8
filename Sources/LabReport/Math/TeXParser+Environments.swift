/// `\left…\right` and `\begin{…}…\end{…}`: the constructs that span a list.
extension TeXParser {
    /// How an environment's table looks: column alignments, fences, style.
    struct EnvironmentStyle {
        var columns: [MathColumn]
        var open: String = ""
        var close: String = ""
        var displayStyle = false

        init?(_ name: String) {
            switch name {
            case "aligned", "align", "align*", "split", "alignedat", "eqnarray", "eqnarray*":
                columns = [MathColumn(align: "right", tight: true), MathColumn(align: "left", tight: true)]
                displayStyle = true
            case "gathered", "gather", "gather*": columns = [MathColumn(align: "center")]; displayStyle = true
            case "cases": columns = [MathColumn(align: "left")]; open = "{"
            case "matrix", "smallmatrix": columns = [MathColumn(align: "center")]
            case "pmatrix": columns = [MathColumn(align: "center")]; open = "("; close = ")"
            case "bmatrix": columns = [MathColumn(align: "center")]; open = "["; close = "]"
            case "Bmatrix": columns = [MathColumn(align: "center")]; open = "{"; close = "}"
            case "vmatrix": columns = [MathColumn(align: "center")]; open = "|"; close = "|"
            case "Vmatrix": columns = [MathColumn(align: "center")]; open = "‖"; close = "‖"
            default: return nil
            }
        }
    }

    /// `\left(` … `\middle|` … `\right)` as a row between stretchy fences (`.` is an empty fence).
    mutating func parseLeftRight(start: Int) -> MathNode {
        guard enterNesting() else { return tooDeep() }
        defer { depth -= 1 }
        let open = readDelimiter(after: "\\left")
        var body: [MathNode] = []
        var close = ""
        while true {
            body += parseList()
            if atEnd {
                warn("\\left without \\right", at: start)
                break
            }
            if atCommand("right") {
                pos += "\\right".count
                close = readDelimiter(after: "\\right")
                break
            }
            if atCommand("middle") {
                pos += "\\middle".count
                body.append(.op(readDelimiter(after: "\\middle"), attributes: " stretchy=\"true\""))
                continue
            }
            body.append(strayCloser())
        }
        return .row(fence(open, form: "prefix") + body + fence(close, form: "postfix"))
    }

    /// A stretchy fence operator, or nothing for `.`.
    func fence(_ symbol: String, form: String) -> [MathNode] {
        symbol.isEmpty ? [] : [.op(symbol, attributes: " fence=\"true\" form=\"\(form)\" stretchy=\"true\"")]
    }

    /// The delimiter after `\left`, `\right` or `\middle`; a missing or unknown one is warned about and left empty.
    mutating func readDelimiter(after command: String) -> String {
        let start = pos
        let source = readDelimiterSource()
        if let symbol = TeXSymbols.delimiter(source) { return symbol }
        warn(source.isEmpty ? "missing delimiter after \(command)" : "unsupported delimiter \(source) after \(command)",
             at: start)
        return source
    }

    /// The delimiter's TeX source: one character or one command.
    mutating func readDelimiterSource() -> String {
        skipSpaces()
        guard let c = peek else { return "" }
        if c == "\\" { return "\\" + readCommandName() }
        pos += 1
        return String(c)
    }

    /// `\begin{aligned}` … `\end{aligned}` and friends as an `<mtable>`; `&` separates cells, `\\` rows.
    mutating func parseEnvironment(start: Int) -> MathNode {
        let name = readRawArgument() ?? ""
        guard let style = EnvironmentStyle(name) else {
            warn("unsupported environment \(name)", at: start)
            return .error("\\begin{\(name)}")
        }
        guard enterNesting() else { return tooDeep() }
        defer { depth -= 1 }
        var rows = parseRows(environment: name, start: start)
        if let last = rows.last, last.allSatisfy({ $0 == .row([]) }), rows.count > 1 { rows.removeLast() }
        let table = MathNode.table(rows: rows, columns: style.columns, displayStyle: style.displayStyle)
        if style.open.isEmpty && style.close.isEmpty { return table }
        return .row(fence(style.open, form: "prefix") + [table] + fence(style.close, form: "postfix"))
    }

    /// Cells and rows up to `\end{name}`; a trailing `\\` leaves an empty last row for the caller to drop.
    mutating func parseRows(environment name: String, start: Int) -> [[MathNode]] {
        var rows: [[MathNode]] = []
        var row: [MathNode] = []
        var cell: [MathNode] = []
        while true {
            cell += parseList()
            if atEnd {
                warn("\\begin{\(name)} without \\end{\(name)}", at: start)
                return rows + [row + [.group(cell)]]
            }
            if peek == "&" {
                pos += 1
                row.append(.group(cell))
                cell = []
            } else if peek == "\\", peek(at: 1) == "\\" {
                pos += 2
                skipRowSpacing()
                rows.append(row + [.group(cell)])
                row = []
                cell = []
            } else if atCommand("end") {
                let endAt = pos
                pos += "\\end".count
                let endName = readRawArgument() ?? ""
                if endName != name { warn("\\begin{\(name)} ended by \\end{\(endName)}", at: endAt) }
                return rows + [row + [.group(cell)]]
            } else {
                cell.append(strayCloser())
            }
        }
    }

    /// `\\[4pt]`: extra row spacing, which the table layout does not need.
    mutating func skipRowSpacing() {
        skipSpaces()
        guard peek == "[" else { return }
        var probe = pos + 1
        while probe < chars.count, chars[probe] != "]", probe - pos < 20 { probe += 1 }
        if probe < chars.count, chars[probe] == "]" { pos = probe + 1 }
    }
}
