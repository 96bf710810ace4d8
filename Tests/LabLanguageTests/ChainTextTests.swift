@testable import LabLanguage
import Testing

/// The front end stays linear on long member chains: each call of a chain used to rebuild the text of
/// its whole receiver for messages (8,000 `.detach()` calls took 85 s and 790 MB to compile).
@Suite struct ChainTextTests {
    @Test func theTextOfAReceiverShowsOnlyTheEndOfALongChain() throws {
        let source = "t" + String(repeating: ".detach()", count: 10_000)
        let parsed = Parser.parse(source)
        guard case .expression(let expr)? = parsed.statements.first else {
            Issue.record("no expression: \(parsed.errors)")
            return
        }
        let text = Compiler.text(of: expr)
        #expect(text.hasPrefix("…") && text.hasSuffix(".detach(...)"), "\(text)")
        #expect(text.count < 80, "\(text.count) characters")
        #expect(Compiler.text(of: try #require(Self.expression("a.b(1)[2].c"))) == "a.b(...)[...].c")
    }

    static func expression(_ source: String) -> Expr? {
        if case .expression(let expr)? = Parser.parse(source).statements.first { return expr }
        return nil
    }
}
