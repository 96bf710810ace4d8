import Testing

import LabMarkdown
@testable import LabReport

struct MathScannerTests {
    @Test func inlineMath() {
        #expect(MathScanner.split("the step $\\theta - \\alpha g$ here") == [
            .text("the step "), .inline("\\theta - \\alpha g"), .text(" here"),
        ])
    }

    @Test func dollarAmountsAreNotMath() {
        #expect(MathScanner.split("costs $5 and $10 total") == [.text("costs $5 and $10 total")])
        #expect(MathScanner.split("from $20,000 to $30,000") == [.text("from $20,000 to $30,000")])
    }

    @Test func openingNeedsNonSpaceAfter() {
        #expect(MathScanner.split("a $ b$ c") == [.text("a $ b$ c")])
    }

    @Test func closingNeedsNonSpaceBefore() {
        #expect(MathScanner.split("a $b $ c") == [.text("a $b $ c")])
        #expect(MathScanner.split("$x$ and $y $z$") == [.inline("x"), .text(" and $y "), .inline("z")])
    }

    @Test func closingMustNotBeFollowedByADigit() {
        // As in pandoc: `$a$1` gives up on that `$`, then `$1 $` fails on the space, and `$b$` is math.
        #expect(MathScanner.split("$a$1 $b$.") == [.text("$a$1 "), .inline("b"), .text(".")])
    }

    @Test func displayMathMaySpanLines() {
        #expect(MathScanner.split("see\n$$\na &= b \\\\\nc &= d\n$$\nend") == [
            .text("see\n"), .display("a &= b \\\\\nc &= d"), .text("\nend"),
        ])
        #expect(MathScanner.split("$$ x $$") == [.display("x")])
        #expect(MathScanner.split("$$ $$") == [.text("$$ $$")])
    }

    @Test func escapedDollarIsLiteral() {
        #expect(MathScanner.split("price \\$5 and \\$x\\$") == [.text("price $5 and $x$")])
        #expect(MathScanner.split("$a \\$ b$") == [.inline("a \\$ b")])
    }

    @Test func otherEscapesAreKept() {
        #expect(MathScanner.split("a \\* b \\\\$x$") == [.text("a \\* b \\\\"), .inline("x")])
    }

    @Test func unclosedAndEmpty() {
        #expect(MathScanner.split("only $x here") == [.text("only $x here")])
        #expect(MathScanner.split("$$") == [.text("$$")])
        #expect(MathScanner.split("$$$") == [.text("$$$")])
        #expect(MathScanner.split("") == [])
        #expect(MathScanner.split("trailing \\") == [.text("trailing \\")])
    }

    @Test func mathDoesNotCrossBlankLines() {
        #expect(MathScanner.split("$a\n\nb$") == [.text("$a\n\nb$")])
        #expect(MathScanner.split("$a\nb$") == [.inline("a\nb")])
    }

    @Test func adjacentFormulas() {
        #expect(MathScanner.split("$a$$$b$$") == [.inline("a"), .display("b")])
    }
}

/// Prose as the lecture writes it, through the scanner and the converter together.
struct LectureProseTests {
    static let prose = """
        When we work out what Newton's method tells us to do (for simplicity assume $d = 1$) we obtain an update of
        $$\\theta - \\frac{f'(\\theta)}{f''(\\theta)}$$
        while gradient descent takes $\\theta - \\alpha f'(\\theta)$ for a step size $\\alpha$, costing $5 or $10 per run.
        $$\\begin{aligned} h(x) &= f(g(x)) \\\\ \\Rightarrow \\frac{d}{dx} h(x) &= \\frac{d}{dx} f(g(x)) \\cdot \\frac{d}{dx} g(x) \\end{aligned}$$
        """

    @Test func everyFormulaConvertsWithoutWarnings() {
        let pieces = MathScanner.split(Self.prose)
        let formulas = pieces.compactMap { piece -> (String, Bool)? in
            switch piece {
            case .inline(let tex): return (tex, false)
            case .display(let tex): return (tex, true)
            case .text: return nil
            }
        }
        #expect(formulas.map(\.1) == [false, true, false, false, true])
        for (tex, display) in formulas {
            #expect(TeXMath.mathML(tex, display: display).warnings.isEmpty, "\(tex)")
        }
        #expect(pieces.contains { if case .text(let t) = $0 { return t.contains("costing $5 or $10 per run.") } else { return false } })
    }
}
