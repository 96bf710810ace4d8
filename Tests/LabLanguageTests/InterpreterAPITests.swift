import LabLanguage
import Testing

/// The public API the session and the built-ins use.
struct InterpreterAPITests {
    @Test func lastValueIsTheLastExpression() {
        let interpreter = Interpreter()
        #expect(interpreter.run("let a = 2\na * 3").lastValue?.printed == "6")
        #expect(interpreter.run("let b = 1").lastValue == nil)
        #expect(interpreter.run("print(1)").lastValue == nil)
    }

    @Test func printGoesToOnPrint() {
        let interpreter = Interpreter()
        var lines: [String] = []
        interpreter.onPrint = { lines.append($0) }
        _ = interpreter.run("print(\"a\", 1)\nprint(2.0)")
        #expect(lines == ["a 1", "2.0"])
    }

    @Test func diagnosticsAreLocatedAndSorted() {
        let result = Interpreter().run("let a = (1 + 2\nlet b = ]\nlet c = 3")
        #expect(!result.succeeded)
        #expect(result.diagnostics.count >= 2)
        #expect(result.diagnostics.map(\.line) == result.diagnostics.map(\.line).sorted())
        #expect(result.diagnostics[0].message.contains("expected ')' to close this '('"))
        #expect((result.diagnostics[0].line, result.diagnostics[0].column) == (1, 9))
    }

    @Test func columnsCountCharacters() {
        let result = Interpreter().run("let 𝛼β = \"é\" + 1")
        #expect(result.diagnostics.first?.column == 14)
    }

    @Test func defineAndShadowingWarning() {
        let interpreter = Interpreter()
        interpreter.define("seedValue", .int(42))
        let result = interpreter.run("let seedValue = 1\nseedValue")
        #expect(result.succeeded)
        #expect(result.diagnostics.first?.severity == .warning)
        #expect(result.lastValue?.printed == "1")
    }

    @Test func nativeFunctionsGetArguments() throws {
        let interpreter = Interpreter()
        var seen: [String] = []
        interpreter.defineFunction("probe") { arguments in
            try arguments.expect("probe(_:_:lr:)")
            seen.append("\(try arguments.double(0)) \(try arguments.int(1)) \(try arguments.double("lr") ?? -1)")
            return .void
        }
        #expect(interpreter.run("probe(1, 2, lr: 3)").succeeded)
        let bad = interpreter.run("probe(1, 2.5)")
        #expect(bad.diagnostics.first?.message == "argument #2 of probe must be Int, found Double")
        #expect(bad.diagnostics.first?.column == 6)
        #expect(seen == ["1.0 2 3.0"])
    }

    /// A shortcut answers calls with one unlabeled argument that it accepts; anything else (another
    /// argument, a label, two arguments, a value it declines) runs the function itself, and an
    /// error thrown in the shortcut carries the call's location, as the function's would.
    @Test func aOneArgumentShortcutAnswersOnlyTheCallsItAccepts() throws {
        let interpreter = Interpreter()
        var printed: [String] = []
        interpreter.onPrint = { printed.append($0) }
        interpreter.defineFunction("twice") { arguments in
            try arguments.expect(labels: [nil], in: "twice")
            if case .bool = try arguments.value(0) { throw NativeError("no Bools either") }
            return .string("function \(try arguments.value(0).printed)")
        }
        var shortcutCalls = 0
        interpreter.defineShortcut("twice") { value in
            shortcutCalls += 1
            if case .string = value { throw NativeError("no strings here") }
            guard case .int(let n) = value else { return nil }
            return .string("shortcut \(2 * n)")
        }
        #expect(interpreter.run("print(twice(3))\nprint(twice(1.5))").succeeded)
        #expect(printed == ["shortcut 6", "function 1.5"])
        #expect(shortcutCalls == 2)
        let labeled = interpreter.run("twice(x: 3)")
        #expect(labeled.diagnostics.first?.message.contains("label") == true)
        #expect(shortcutCalls == 2)
        let failing = interpreter.run("let s = \"a\"\nlet t = twice(s)")
        let failingInFunction = interpreter.run("let s = true\nlet t = twice(s)")
        #expect(failing.diagnostics.first?.message == "no strings here")
        #expect(failingInFunction.diagnostics.first?.message == "no Bools either")
        #expect(failing.diagnostics.first?.line == 2)
        #expect(failing.diagnostics.first?.column == failingInFunction.diagnostics.first?.column)
        // A name that is not a native function gets no shortcut.
        interpreter.defineShortcut("noSuchFunction") { _ in .int(0) }
        #expect(!interpreter.run("noSuchFunction(1)").succeeded)
    }

    @Test func functionsCanBeInvokedFromNatives() throws {
        let interpreter = Interpreter()
        _ = interpreter.run("func scaled(_ x: Double, by factor: Double = 2) -> Double { x * factor }")
        guard case .function(let function)? = interpreter.value(of: "scaled") else {
            Issue.record("scaled is not a function")
            return
        }
        #expect(function.signature == "scaled(_:by:)")
        let result = try function.invoke(Arguments([Argument(.double(3)), Argument(label: "by", .int(3))]))
        #expect(result.printed == "9.0")
        #expect(try function.invoke(Arguments([.double(3)])).printed == "6.0")
    }

    @Test func highlightSpans() {
        let spans = Interpreter.highlight("let x = 1 // note\nprint(\"a\")")
        #expect(spans.map(\.kind) == [.keyword, .identifier, .operator, .number, .comment, .identifier,
                                      .punctuation, .string, .punctuation])
        #expect(spans[4].offset == 10 && spans[4].length == 7)
        #expect(Interpreter.highlight("\"unterminated /* ").count >= 1)
    }

    @Test func declaredBuiltinsAreHighlightedButNotMembersOfTheSameName() {
        let spans = Interpreter().highlight("print(abs(x.abs()))")
        let kinds = spans.filter { $0.kind == .builtin || $0.kind == .identifier }.map { ($0.offset, $0.kind) }
        #expect(kinds.map(\.0) == [0, 6, 10, 12])
        #expect(kinds.map(\.1) == [.builtin, .builtin, .identifier, .identifier])
        #expect(Interpreter.highlight("print(1)").first?.kind == .identifier, "without a library nothing is built-in")
    }

    /// `switch`, `case`, `default`, `guard`, `where`, `struct` and `mutating` are keywords where
    /// they start their syntax, names elsewhere (`where(c, a, b)`, `let default = 1`).
    @Test func contextualKeywordsAreHighlightedWhereTheyAreKeywords() {
        func kinds(_ source: String) -> [TokenSpan.Kind] {
            Interpreter.highlight(source, builtins: ["where"]).filter { $0.length > 1 }.map(\.kind)
        }
        #expect(kinds("switch count {\ncase 10: break\ndefault: break\n}") == [.keyword, .identifier, .keyword, .number, .keyword, .keyword, .keyword])
        #expect(kinds("for item in items where item > 10 {}") == [.keyword, .identifier, .keyword, .identifier, .keyword, .identifier, .number])
        #expect(kinds("guard ok else { return }") == [.keyword, .identifier, .keyword, .keyword])
        #expect(kinds("let y = where(c, a, b)") == [.keyword, .builtin])
        #expect(kinds("let switch = 1") == [.keyword, .identifier])
        #expect(kinds("struct Point {\n  mutating func move() {}\n}") == [.keyword, .identifier, .keyword, .keyword, .identifier])
        #expect(kinds("let struct = mutating") == [.keyword, .identifier, .identifier])
    }

    @Test func withLargeStackRunsDeepRecursion() {
        func depth(_ n: Int) -> Int { n == 0 ? 0 : 1 + depth(n - 1) }
        #expect(Interpreter.withLargeStack { depth(200_000) } == 200_000)
    }

    @Test func labelSuggestions() {
        #expect(Suggestions.camelCase("requires_grad") == "requiresGrad")
        #expect(Suggestions.camelCase("zero_grad") == "zeroGrad")
        #expect(Suggestions.camelCase("plain") == nil)
        #expect(Suggestions.closest(to: "epoch", among: ["epochs", "lr"]) == "epochs")
    }
}

@Suite struct RecoveryTests {
    /// A parse error in an `if` condition used to add a second error for the body's closing brace.
    @Test(arguments: ["let x = true\nif not x {\n    print(1)\n}\nprint(2)", "if not true { }\nprint(2)"])
    func anErrorInAConditionIsReportedOnce(source: String) {
        let run = Interpreter().run(source)
        let errors = run.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors.map(\.description))")
        #expect(errors.first?.hint?.contains("! for not") == true)
    }

    @Test func aStrayClosingBraceIsStillAnError() {
        let run = Interpreter().run("print(1)\n}\n")
        #expect(run.diagnostics.contains { $0.message.contains("unexpected '}'") })
    }
}
