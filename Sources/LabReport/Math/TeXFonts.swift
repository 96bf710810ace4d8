/// Math alphabets (`\mathbb`, `\mathbf`, …) as Unicode characters: MathML Core renders only
/// `mathvariant="normal"`, so styled letters must be the styled code points themselves.
enum MathAlphabet: String {
    case bold, italic, boldItalic, doubleStruck, script, fraktur, upright

    /// The alphabet a command selects, if it is one.
    init?(command: String) {
        switch command {
        case "mathbf", "textbf": self = .bold
        case "mathit": self = .italic
        case "boldsymbol", "bm": self = .boldItalic
        case "mathbb": self = .doubleStruck
        case "mathcal", "mathscr": self = .script
        case "mathfrak": self = .fraktur
        case "mathrm": self = .upright
        default: return nil
        }
    }

    /// First code points of A, a and 0 in this alphabet (nil: the alphabet has no digits).
    private var starts: (upper: UInt32, lower: UInt32, digit: UInt32?) {
        switch self {
        case .bold: return (0x1D400, 0x1D41A, 0x1D7CE)
        case .italic: return (0x1D434, 0x1D44E, nil)
        case .boldItalic: return (0x1D468, 0x1D482, 0x1D7CE)
        case .doubleStruck: return (0x1D538, 0x1D552, 0x1D7D8)
        case .script: return (0x1D49C, 0x1D4B6, nil)
        case .fraktur: return (0x1D504, 0x1D51E, nil)
        case .upright: return (0x41, 0x61, 0x30)
        }
    }

    /// Letters Unicode had encoded before the math block; their slots in the block are empty.
    private var holes: [Character: Character] {
        switch self {
        case .italic: return ["h": "ℎ"]
        case .doubleStruck: return ["C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"]
        case .script:
            return ["B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ",
                    "e": "ℯ", "g": "ℊ", "o": "ℴ"]
        case .fraktur: return ["C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"]
        default: return [:]
        }
    }

    /// `text` with ASCII letters and digits in this alphabet; other characters unchanged.
    func apply(_ text: String) -> String {
        String(text.map { c -> Character in
            if let hole = holes[c] { return hole }
            guard c.isASCII, let v = c.unicodeScalars.first?.value else { return c }
            let s = starts
            var mapped: UInt32?
            if (0x41...0x5A).contains(v) { mapped = s.upper + v - 0x41 }
            if (0x61...0x7A).contains(v) { mapped = s.lower + v - 0x61 }
            if (0x30...0x39).contains(v), let d = s.digit { mapped = d + v - 0x30 }
            return mapped.flatMap(Unicode.Scalar.init).map(Character.init) ?? c
        })
    }

    /// The node with its identifiers and numbers restyled; `\mathrm` joins letters into one upright name.
    func restyle(_ node: MathNode) -> MathNode {
        switch node {
        case .identifier(let s, _):
            return self == .upright ? .identifier(s, upright: s.count == 1) : .identifier(apply(s))
        case .number(let s): return .number(apply(s))
        case .row(let nodes): return .group(joinUprightLetters(nodes.map(restyle)))
        case .scripts(let base, let sub, let sup, let limits):
            return .scripts(base: restyle(base), sub: sub.map(restyle), sup: sup.map(restyle), limits: limits)
        default: return node
        }
    }

    private func joinUprightLetters(_ nodes: [MathNode]) -> [MathNode] {
        guard self == .upright else { return nodes }
        var out: [MathNode] = []
        for node in nodes {
            if case .identifier(let s, _) = node, case .identifier(let previous, _)? = out.last {
                out[out.count - 1] = .identifier(previous + s, upright: false)
            } else {
                out.append(node)
            }
        }
        // A single letter needs mathvariant="normal" to stay upright; longer names are upright anyway.
        return out.map { if case .identifier(let s, _) = $0 { return .identifier(s, upright: s.count == 1) } else { return $0 } }
    }
}
