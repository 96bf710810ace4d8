/// The math font every HTML handout with formulas carries (`MathFont+Data.swift`, made by
/// `MathFont/make_math_font.py`): a subset of Latin Modern Math renamed "labrun Math". Without it
/// a reader's browser drew the MathML with whatever fonts the machine had: θ and α came out blank
/// with a typical Linux desktop's fonts and as boxes with DejaVu alone. Two faces of one family:
/// the core (symbols, Latin, Greek, the italic letters browsers use for variables) in every
/// handout with math, and the bold, double-struck and script letters only where a formula uses one.
enum MathFont {
    static let family = "labrun Math"

    /// The `@font-face` rules for formulas rendered as `markups` ("" when there are none).
    static func css(for markups: [String]) -> String {
        guard !markups.isEmpty else { return "" }
        if markups.contains(where: { $0.unicodeScalars.contains(where: inAlphabets) }) {
            return coreFace + alphabetsFace
        }
        return coreFace
    }

    /// The two rules, made once.
    private static let coreFace = face(coreWOFF2, ranges: nil)
    private static let alphabetsFace = face(alphabetsWOFF2, ranges: alphabetsRanges)

    /// Whether one of the faces has a glyph for `scalar`.
    static func covers(_ scalar: Unicode.Scalar) -> Bool {
        coreRanges.contains { $0.contains(scalar.value) } || inAlphabets(scalar)
    }

    private static func inAlphabets(_ scalar: Unicode.Scalar) -> Bool {
        // Every letter of that face lies above U+2100 (letterlike symbols and the math block).
        scalar.value >= 0x2100 && alphabetsRanges.contains { $0.contains(scalar.value) }
    }

    /// One face; `ranges` limits it to those characters (the core face serves all it has).
    private static func face(_ woff2: String, ranges: [ClosedRange<UInt32>]?) -> String {
        let range = ranges.map { list in
            "; unicode-range: " + list.map { r in
                r.lowerBound == r.upperBound ? "U+\(hex(r.lowerBound))" : "U+\(hex(r.lowerBound))-\(hex(r.upperBound))"
            }.joined(separator: ", ")
        } ?? ""
        return "@font-face { font-family: \"\(family)\"; src: url(data:font/woff2;base64,\(woff2)) format(\"woff2\")\(range); }\n"
    }

    private static func hex(_ value: UInt32) -> String { String(value, radix: 16, uppercase: true) }
}
