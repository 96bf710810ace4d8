import Foundation
import LabMarkdown
import Testing
@testable import LabReport

/// The math font handouts embed (issue 18): it has a glyph for everything the TeX converter
/// writes, it is embedded only where there is math, and its second face only where it is needed.
@Suite struct MathFontTests {
    /// Every symbol of the converter's tables is in the font: a symbol added to TeXSymbols without
    /// running make_math_font.py again fails here.
    @Test func everySymbolTheConverterWritesHasAGlyph() {
        var symbols: [String] = []
        for table in [TeXSymbols.greek, TeXSymbols.capitalGreek, TeXSymbols.ordinary, TeXSymbols.operators,
                      TeXSymbols.bigOperatorsWithLimits, TeXSymbols.integrals] {
            symbols += Array(table.values)
        }
        symbols += TeXSymbols.accents.values.map(\.mark)
        symbols += Array(TeXSymbols.operatorCharacters.values)
        let missing = symbols.flatMap(\.unicodeScalars).filter { !MathFont.covers($0) }
        #expect(missing.isEmpty, "not in the font: \(missing.map { String($0) })")
        for alphabet in [MathAlphabet.bold, .italic, .doubleStruck, .script, .upright] {
            let letters = alphabet.apply("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            #expect(letters.unicodeScalars.allSatisfy(MathFont.covers), "\(alphabet)")
        }
    }

    @Test func handoutsWithMathEmbedTheCoreFaceAndTheLettersFaceOnlyWhenUsed() {
        #expect(MathFont.css(for: []).isEmpty)
        let plain = MathFont.css(for: [TeXMath.mathML("\\theta + x", display: false).markup])
        #expect(plain.components(separatedBy: "@font-face").count == 2)
        #expect(plain.contains("font-family: \"labrun Math\"; src: url(data:font/woff2;base64,d09GMk"))
        let reals = MathFont.css(for: [TeXMath.mathML("x \\in \\mathbb{R}", display: false).markup])
        #expect(reals.components(separatedBy: "@font-face").count == 3)
        #expect(reals.contains("unicode-range: U+2102, ") && reals.contains(", U+1D400-1D433, "))
    }

    @Test func aCharacterTheFontLacksIsAWarningAtItsFormula() {
        let formulas = ConvertedFormulas([
            MathFormula(tex: "\\mathfrak{g} + x", display: false, position: SourcePosition(line: 3, column: 5)),
        ])
        let warnings = formulas.diagnostics.map { "\($0.line):\($0.column) \($0.message)" }
        #expect(warnings == ["3:5 math: '𝔤' is not in the handout's math font"])
    }
}
