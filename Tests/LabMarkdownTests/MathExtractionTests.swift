import LabMarkdown
import Testing

/// Formulas are read from the source text, before cmark, and come back as `.math` inlines.
@Suite struct MathExtractionTests {
    func paragraphs(_ text: String) -> [[Inline]] {
        LabParser.parse(text: text, path: "lab.md").blocks.compactMap { block in
            if case .paragraph(let inlines, _) = block { return inlines }
            return nil
        }
    }

    @Test func inlineAndDisplayMathBecomeMathInlines() {
        let p = paragraphs("Step $\\theta - \\alpha g$ now.\n\n$$x_1 * y_2$$\n")
        #expect(p[0] == [.text("Step "), .math("\\theta - \\alpha g", display: false), .text(" now.")])
        #expect(p[1] == [.math("x_1 * y_2", display: true)])
    }

    @Test func markdownEscapesDoNotTouchTeX() {
        let tex = "\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}"
        let p = paragraphs("$$\(tex)$$\n")
        #expect(p[0] == [.math(tex, display: true)])
    }

    @Test func dollarAmountsAndEscapedDollarsStayText() {
        let p = paragraphs("It costs $5 and $10, or \\$3.\n")
        #expect(p[0] == [.text("It costs $5 and $10, or $3.")])
    }

    @Test func codeSpansAndFencesKeepTheirDollars() {
        let doc = LabParser.parse(text: "Use `$x$` here.\n\n```swift-lab\nprint(\"$a$ and $b$\")\n```\n", path: "l.md")
        guard case .paragraph(let inlines, _) = doc.blocks[0] else {
            Issue.record("expected a paragraph")
            return
        }
        #expect(inlines == [.text("Use "), .code("$x$"), .text(" here.")])
        #expect(doc.cells[0].code == "print(\"$a$ and $b$\")")
    }

    @Test func multiLineDisplayMathKeepsLaterLineNumbers() {
        let text = "Before\n\n$$a +\nb +\nc$$\n\n```swift-lab\nlet x = 1\n```\n"
        let doc = LabParser.parse(text: text, path: "l.md")
        #expect(doc.cells[0].firstCodeLine == 8)
        guard case .paragraph(let inlines, _) = doc.blocks[1] else {
            Issue.record("expected a paragraph")
            return
        }
        #expect(inlines.first == .math("a +\nb +\nc", display: true))
        #expect(!inlines.contains { if case .text(let t) = $0 { return t.contains("\u{E002}") } else { return false } })
    }

    @Test func formulasInLinksAndIndentedCodeAreRestoredAsWritten() {
        let doc = LabParser.parse(text: "[see $x$](http://a.b/$y$)\n\n    code $z$ here\n", path: "l.md")
        guard case .paragraph(let inlines, _) = doc.blocks[0], case .codeBlock(_, let literal, _) = doc.blocks[1] else {
            Issue.record("unexpected blocks \(doc.blocks)")
            return
        }
        #expect(inlines == [.link(destination: "http://a.b/$y$", title: "", [.text("see "), .math("x", display: false)])])
        #expect(literal == "code $z$ here\n")
    }

    @Test func sourceLinesStayAsWritten() {
        let doc = LabParser.parse(text: "A $x$ b\n", path: "l.md")
        #expect(doc.sourceLines == ["A $x$ b"])
    }
}

/// Each formula that becomes math keeps where its TeX stands in the lab file.
@Suite struct FormulaPositionTests {
    @Test func inlineAndDisplayFormulasKnowTheirPlace() {
        let text = "# T\n\nA word $a_1$ and é $b$.\n\n$$\n  \\frac{1}{2}\n$$\n"
        let doc = LabParser.parse(text: text, path: "l.md")
        #expect(doc.formulas == [
            MathFormula(tex: "a_1", display: false, position: SourcePosition(line: 3, column: 9)),
            MathFormula(tex: "b", display: false, position: SourcePosition(line: 3, column: 21)),
            MathFormula(tex: "\\frac{1}{2}", display: true, position: SourcePosition(line: 6, column: 3)),
        ])
    }

    @Test func formulasAreListedInDocumentOrderAndOnlyWhenTheyAreMath() {
        let text = "$a$ *$b$* [$c$](x.md) `$d$` $e$\r\n\r\n    code $f$\n"
        let doc = LabParser.parse(text: text, path: "l.md")
        #expect(doc.formulas.map(\.tex) == ["a", "b", "c", "e"])
        #expect(doc.formulas.last?.position == SourcePosition(line: 1, column: 30))
    }

    @Test func offsetsInsideAFormulaMapToFileLineAndColumn() {
        let formula = MathFormula(tex: "a +\n  \\nope", display: true, position: SourcePosition(line: 4, column: 3))
        #expect(formula.position(ofOffset: 2) == SourcePosition(line: 4, column: 5))
        #expect(formula.position(ofOffset: 6) == SourcePosition(line: 5, column: 3))
        #expect(formula.position(ofOffset: 999) == SourcePosition(line: 5, column: 8))
    }
}
