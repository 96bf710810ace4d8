import Foundation
import Testing
import TestSupport

@testable import LabReport

/// The folder of MathML golden files.
private func mathGoldenDirectory(_ filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden/math")
}

/// One case per supported construct: (name, TeX, display).
let texConstructs: [(String, String, Bool)] = [
    ("identifiers, numbers, operators", "2x + 3.5y - z = 0", false),
    ("fraction", "\\frac{a+b}{2}", false),
    ("display and text fractions", "\\dfrac{1}{n} + \\tfrac{1}{2}", true),
    ("subscript", "x_i", false),
    ("superscript", "e^{-x^2}", false),
    ("sub and superscript", "x_i^2", false),
    ("primes", "f'(x) + f''(x) + g'''", false),
    ("prime with power", "f'^2", false),
    ("prime with subscript", "x'_1 + y_2'", false),
    ("greek lowercase", "\\alpha \\beta \\gamma \\delta \\epsilon \\varepsilon \\theta \\lambda \\mu \\pi \\sigma \\phi \\omega", false),
    ("greek capitals are upright", "\\Gamma \\Delta \\Theta \\Sigma \\Omega", false),
    ("binary operators", "a \\cdot b \\times c \\pm d", false),
    ("calculus symbols", "\\partial f / \\partial x, \\nabla f, \\infty", false),
    ("relations and arrows", "a \\leq b \\geq c \\neq d \\approx e \\Rightarrow f \\to g", false),
    ("sum with limits (display)", "\\sum_{i=1}^{n} x_i", true),
    ("sum inline keeps scripts", "\\sum_{i=1}^{n} x_i", false),
    ("product and integral", "\\prod_{k} a_k = \\int_0^1 f(x)\\,dx", true),
    ("function names", "\\log x + \\exp(x) + \\sin^2 \\theta + \\cos\\theta", false),
    ("max and min with limits", "\\max_{x} f(x) - \\min_x g", true),
    ("text", "\\text{loss } = 0 \\text{ if } x < 0", false),
    ("left and right", "\\left( \\frac{a}{b} \\right)", true),
    ("left dot, right bar", "\\left. \\frac{d}{dx} f \\right|_{x=0}", true),
    ("middle", "\\left\\{ x \\middle| x > 0 \\right\\}", false),
    ("square root and n-th root", "\\sqrt{x^2 + y^2} + \\sqrt[3]{8}", false),
    ("groups", "{a+b}^2", false),
    ("aligned", "\\begin{aligned} a &= b + c \\\\ &= d \\end{aligned}", true),
    ("align*", "\\begin{align*} x &= 1 \\\\ y &= 2 \\\\ \\end{align*}", true),
    ("cases", "|x| = \\begin{cases} x & x \\geq 0 \\\\ -x & \\text{otherwise} \\end{cases}", true),
    ("pmatrix", "\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}", true),
    ("spacing", "a \\quad b \\qquad c \\, d \\; e \\! f", false),
    ("mathbb", "x \\in \\mathbb{R}^n, \\mathbb{N}, \\mathbb{E}", false),
    ("mathbf", "\\mathbf{W} \\mathbf{x} + \\mathbf{b}_1", false),
    ("mathcal and mathrm", "\\mathcal{L} + \\mathrm{d}x + \\mathrm{ReLU}", false),
    ("accents", "\\hat{y} + \\bar{x} + \\vec{v} + \\tilde{a} + \\dot{q} + \\overline{AB} + \\underline{x}", false),
    ("operatorname", "\\operatorname*{argmin}_\\theta L + \\operatorname{softmax}(z)", true),
    ("binom", "\\binom{n}{k}", false),
    ("escaped braces and dollar", "\\{ 1, 2 \\} \\$", false),
    ("markup characters are escaped", "a < b > c & d", false),
    ("unsupported command", "\\foo{x} + \\color{red}", false),
    ("unmatched braces", "{a + b", false),
    ("stray closing brace", "a } b", false),
    ("missing argument", "\\frac{a}", false),
    ("double superscript", "x^2^3", false),
    ("row break outside an environment", "a \\\\ b", true),
    ("left without right", "\\left( x", false),
    ("unknown environment", "\\begin{tikzpicture} x \\end{tikzpicture}", true),
]

/// The formulas of the gradient-descent lecture.
let lectureFormulas: [(String, String, Bool)] = [
    ("Newton step", "\\theta - \\frac{f'(\\theta)}{f''(\\theta)}", true),
    ("gradient step", "\\theta - \\alpha f'(\\theta)", false),
    ("chain rule", """
        \\begin{aligned}
        h(x) &= f(g(x)) \\\\
        \\Rightarrow \\frac{d}{dx} h(x) &= \\frac{d}{dx} f(g(x)) \\cdot \\frac{d}{dx} g(x)
        \\end{aligned}
        """, true),
]

/// A readable table of cases: TeX, MathML and warnings.
func mathTable(_ cases: [(String, String, Bool)]) -> String {
    cases.map { name, tex, display in
        let result = TeXMath.mathML(tex, display: display)
        let warnings = result.warnings.isEmpty ? "none" : result.warnings.map(\.description).joined(separator: "; ")
        return "## \(name)\ntex\(display ? " (display)" : ""): \(tex)\n\(result.markup)\nwarnings: \(warnings)\n"
    }.joined(separator: "\n")
}

struct TeXMathTests {
    @Test func everyConstructMatchesGolden() {
        expectGolden(mathTable(texConstructs), named: "constructs.txt", in: mathGoldenDirectory())
    }

    @Test func lectureFormulasMatchGolden() {
        expectGolden(mathTable(lectureFormulas), named: "lecture.txt", in: mathGoldenDirectory())
    }

    @Test(arguments: texConstructs + lectureFormulas)
    func outputIsWellFormedXML(name: String, tex: String, display: Bool) {
        let markup = TeXMath.mathML(tex, display: display).markup
        #expect(isWellFormedXML(markup), "\(name): \(markup)")
        #expect(markup.hasPrefix(display ? "<math display=\"block\">" : "<math>"))
    }

    @Test func fractionStructure() {
        let markup = TeXMath.mathML("\\frac{a}{b}", display: false).markup
        #expect(markup.contains("<mfrac><mi>a</mi><mi>b</mi></mfrac>"))
    }

    @Test func newtonStepStructure() {
        let result = TeXMath.mathML("\\theta - \\frac{f'(\\theta)}{f''(\\theta)}", display: true)
        #expect(result.warnings.isEmpty)
        #expect(result.markup.contains("<mi>θ</mi><mo>−</mo><mfrac>"))
        // Primes are superscripts, drawn in the font's script-style form (the `prime` class).
        #expect(result.markup.contains("<msup><mi>f</mi><mo lspace=\"0\" rspace=\"0\" class=\"prime\">′</mo></msup>"))
        #expect(result.markup.contains("<msup><mi>f</mi><mo lspace=\"0\" rspace=\"0\" class=\"prime\">″</mo></msup>"))
    }

    @Test func primesWrittenAsCommandsAreMarkedAlike() {
        let primed = "<mo lspace=\"0\" rspace=\"0\" class=\"prime\">′</mo>"
        #expect(TeXMath.mathML("f^\\prime", display: false).markup.contains("<msup><mi>f</mi>\(primed)</msup>"))
        #expect(TeXMath.mathML("x'_1", display: false).markup.contains("<msubsup><mi>x</mi><mn>1</mn>\(primed)</msubsup>"))
        // A prime on the baseline is the ordinary sign.
        #expect(TeXMath.mathML("\\prime", display: false).markup.contains("<mo>′</mo>"))
    }

    @Test func chainRuleIsATwoRowTable() {
        let markup = TeXMath.mathML(lectureFormulas[2].1, display: true).markup
        #expect(markup.components(separatedBy: "<mtr>").count - 1 == 2)
        #expect(markup.components(separatedBy: "<mtd ").count - 1 == 4)
        #expect(markup.contains("<mo>⇒</mo>"))
        #expect(markup.contains("<mo>⋅</mo>"))
    }

    @Test func unsupportedCommandIsShownAndWarned() {
        let result = TeXMath.mathML("a + \\weird", display: false)
        #expect(result.markup.contains("<merror><mtext>\\weird</mtext></merror>"))
        #expect(result.warnings == [MathWarning(message: "unsupported command \\weird", offset: 4)])
    }

    @Test func everythingIsEscaped() {
        let result = TeXMath.mathML("a<b \\text{<script>&amp;} \\foo<x>", display: false)
        #expect(!result.markup.contains("<script>"))
        #expect(!result.markup.contains("<b"))
        #expect(result.markup.contains("&lt;script&gt;&amp;amp;"))
        #expect(isWellFormedXML(result.markup))
    }

    @Test func deepNestingIsCutNotCrashed() {
        let tex = String(repeating: "{", count: 5000) + "x" + String(repeating: "}", count: 5000)
        let result = TeXMath.mathML(tex, display: false)
        #expect(result.warnings.contains { $0.message.contains("nested more than") })
        #expect(isWellFormedXML(result.markup))
        let fracs = String(repeating: "\\frac", count: 3000) + "ab"
        #expect(isWellFormedXML(TeXMath.mathML(fracs, display: true).markup))
    }

    /// Seeded random strings over TeX's special characters and commands never crash or hang, and stay XML.
    @Test func randomInputStaysWellFormed() {
        let atoms = [
            "{", "}", "^", "_", "&", "\\\\", "'", "x", "1", ".", "\\frac", "\\left(", "\\right)", "\\left", "\\right",
            "\\middle|", "\\begin{aligned}", "\\end{aligned}", "\\begin{cases}", "\\end{pmatrix}", "\\text{", "\\sqrt[",
            "]", "\\", "%", "\\mathbb", "\\hat", "\\sum", "\\operatorname*", " ", "\n", "<", "&amp;", "\\{", "\u{0}",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<400 {
            var tex = ""
            for _ in 0..<12 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                tex += atoms[Int((state >> 33) % UInt64(atoms.count))]
            }
            let result = TeXMath.mathML(tex, display: state % 2 == 0)
            #expect(isWellFormedXML(result.markup), "\(tex.debugDescription) → \(result.markup)")
        }
    }
}
