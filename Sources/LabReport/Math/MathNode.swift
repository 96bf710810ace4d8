import Foundation

/// A piece of a formula as MathML Core knows it; `markup` writes it out.
indirect enum MathNode: Equatable {
    /// An identifier; `upright` asks for `mathvariant="normal"` (upright capital Greek, `\mathrm`).
    case identifier(String, upright: Bool = false)
    case number(String)
    /// An operator with extra attributes written as they are (already escaped).
    case op(String, attributes: String = "")
    case text(String)
    case space(width: String)
    case row([MathNode])
    /// A row in display style (`\dfrac`'s parts, aligned cells) or text style.
    case styled(MathNode, displayStyle: Bool)
    /// A fraction; `style` is `displaystyle` for `\dfrac`/`\tfrac`, `lineThickness` for `\binom`.
    case fraction(MathNode, MathNode, attributes: String = "")
    case squareRoot(MathNode)
    case root(MathNode, index: MathNode)
    case scripts(base: MathNode, sub: MathNode?, sup: MathNode?, limits: Bool)
    case accent(base: MathNode, mark: String, over: Bool, stretchy: Bool)
    case table(rows: [[MathNode]], columns: [MathColumn], displayStyle: Bool)
    /// `\overline`/`\underline`: a rule drawn with CSS, since Chromium does not stretch accent bars.
    case ruled(MathNode, over: Bool)
    /// TeX source that could not be converted, shown as it was written.
    case error(String)

    /// Brackets that stretch only after `\left`/`\right`: MathML's dictionary would stretch them to the row.
    static let fixedFences: Set<String> = ["(", ")", "[", "]", "{", "}", "|", "‖", "⟨", "⟩", "⌈", "⌉", "⌊", "⌋", "/"]

    /// An operator typed as a character or symbol command; plain brackets keep their size as in TeX.
    static func symbol(_ text: String) -> MathNode {
        // Bars and slashes are ordinary symbols in TeX: no operator spacing around them.
        if ["|", "‖", "/"].contains(text) { return .op(text, attributes: " lspace=\"0\" rspace=\"0\" stretchy=\"false\"") }
        return fixedFences.contains(text) ? .op(text, attributes: " stretchy=\"false\"") : .op(text)
    }

    /// Wraps several nodes in a row, but leaves a single node as it is.
    static func group(_ nodes: [MathNode]) -> MathNode {
        nodes.count == 1 ? nodes[0] : .row(nodes)
    }

    /// The MathML of this node.
    var markup: String {
        switch self {
        case .identifier(let s, let upright):
            return "<mi\(upright ? " mathvariant=\"normal\"" : "")>\(xmlEscaped(s))</mi>"
        case .number(let s): return "<mn>\(xmlEscaped(s))</mn>"
        case .op(let s, let attributes):
            // The invisible function application is written as a reference so the markup shows it.
            return "<mo\(attributes)>\(s == "\u{2061}" ? "&#x2061;" : xmlEscaped(s))</mo>"
        case .text(let s):
            // No-break spaces carry meaning at a text's edges; a reference keeps them visible in the markup.
            return "<mtext>\(xmlEscaped(s).replacingOccurrences(of: "\u{A0}", with: "&#160;"))</mtext>"
        case .space(let width): return "<mspace width=\"\(width)\"/>"
        case .row(let nodes): return "<mrow>" + nodes.map(\.markup).joined() + "</mrow>"
        case .styled(let node, let displayStyle):
            return "<mrow displaystyle=\"\(displayStyle)\">\(node.markup)</mrow>"
        case .fraction(let num, let den, let attributes):
            return "<mfrac\(attributes)>\(num.markup)\(den.markup)</mfrac>"
        case .squareRoot(let body): return "<msqrt>\(body.markup)</msqrt>"
        case .root(let body, let index): return "<mroot>\(body.markup)\(index.markup)</mroot>"
        case .scripts(let base, let sub, let sup, let limits): return Self.scriptMarkup(base, sub, sup, limits)
        case .accent(let base, let mark, let over, let stretchy):
            let tag = over ? "mover" : "munder"
            let attr = over ? "accent" : "accentunder"
            return "<\(tag) \(attr)=\"true\">\(base.markup)<mo stretchy=\"\(stretchy)\">\(xmlEscaped(mark))</mo></\(tag)>"
        case .table(let rows, let alignments, let displayStyle):
            return Self.tableMarkup(rows, alignments, displayStyle)
        case .ruled(let body, let over):
            let side = over ? "top" : "bottom"
            return "<mrow style=\"border-\(side): 0.06em solid; padding-\(side): 0.1em\">\(body.markup)</mrow>"
        case .error(let source): return "<merror><mtext>\(xmlEscaped(source))</mtext></merror>"
        }
    }

    private static func scriptMarkup(_ base: MathNode, _ sub: MathNode?, _ sup: MathNode?, _ limits: Bool) -> String {
        let (subTag, supTag, bothTag) = limits ? ("munder", "mover", "munderover") : ("msub", "msup", "msubsup")
        switch (sub, sup) {
        case (let b?, let p?): return "<\(bothTag)>\(base.markup)\(b.markup)\(p.markup)</\(bothTag)>"
        case (let b?, nil): return "<\(subTag)>\(base.markup)\(b.markup)</\(subTag)>"
        case (nil, let p?): return "<\(supTag)>\(base.markup)\(p.markup)</\(supTag)>"
        case (nil, nil): return base.markup
        }
    }

    /// Cells carry their alignment as `columnalign` (MathML 3, Firefox) and as CSS for Chromium, which
    /// honours only the `-webkit-` spelling of `text-align` in table cells.
    private static func tableMarkup(_ rows: [[MathNode]], _ columns: [MathColumn], _ displayStyle: Bool) -> String {
        var out = displayStyle ? "<mtable displaystyle=\"true\">" : "<mtable>"
        for row in rows {
            out += "<mtr>"
            for (i, cell) in row.enumerated() {
                let column = columns.isEmpty ? MathColumn(align: "center") : columns[i % columns.count]
                out += "<mtd columnalign=\"\(column.align)\" style=\"\(column.css)\">\(cell.markup)</mtd>"
            }
            out += "</mtr>"
        }
        return out + "</mtable>"
    }
}

/// How one column of an environment's table is aligned.
struct MathColumn: Equatable {
    /// `left`, `center` or `right`.
    var align: String
    /// Drops the cell padding on the side facing its partner column, as `aligned` joins `lhs &= rhs`.
    var tight = false

    var css: String {
        var css = "text-align: \(align); text-align: -webkit-\(align)"
        if tight { css += align == "right" ? "; padding-right: 0" : "; padding-left: 0" }
        return css
    }
}
