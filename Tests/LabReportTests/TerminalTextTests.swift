import Testing
@testable import LabReport

@Suite struct TerminalTextTests {
    @Test func controlCharactersAreShownAsSwiftEscapes() {
        #expect(TerminalText.escaped("\u{1B}]0;pwned\u{07}") == "\\u{1B}]0;pwned\\u{07}")
        #expect(TerminalText.escaped("a\u{1B}[2Jb") == "a\\u{1B}[2Jb")
        #expect(TerminalText.escaped("\u{00}\u{08}\r") == "\\u{00}\\u{08}\\u{0D}")
        #expect(TerminalText.escaped("del\u{7F} csi\u{9B}2J nel\u{85}") == "del\\u{7F} csi\\u{9B}2J nel\\u{85}")
    }

    @Test func lineBreaksAreEscapedUnlessKept() {
        #expect(TerminalText.escaped("one\ntwo") == "one\\u{0A}two")
        #expect(TerminalText.escapedKeepingLineBreaks("one\ntwo\u{1B}") == "one\ntwo\\u{1B}")
        // A CR before a kept line break is still a control: it would move the cursor back.
        #expect(TerminalText.escapedKeepingLineBreaks("one\r\ntwo") == "one\\u{0D}\ntwo")
    }

    @Test func tabsAndPrintableTextStay() {
        let text = "\tlet é = \"ü\" // 👍 \u{A0}\u{A1} \\u{1B} ~"
        #expect(TerminalText.escaped(text) == text)
        #expect(TerminalText.escapedKeepingLineBreaks(text) == text)
    }

    @Test func escapingTwiceChangesNothingMore() {
        let once = TerminalText.escaped("x\u{1B}[31m\u{9F}\n")
        #expect(!once.unicodeScalars.contains(where: TerminalText.isControl))
        #expect(TerminalText.escaped(once) == once)
    }

    @Test func everyControlAndNothingElseIsEscaped() {
        for value in UInt32(0)...0xFF {
            let scalar = Unicode.Scalar(value)!
            let shown = TerminalText.escaped(String(scalar))
            let control = value != 9 && (value < 0x20 || (0x7F...0x9F).contains(value))
            #expect(TerminalText.isControl(scalar) == control, "U+\(value)")
            #expect(shown.unicodeScalars.contains(where: TerminalText.isControl) == false, "U+\(value)")
            #expect((shown != String(scalar)) == control, "U+\(value)")
        }
    }
}
