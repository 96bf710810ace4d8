import Foundation
import LabLanguage
import Testing

/// Inputs that must give located errors (or work), never crash, trap or hang.
struct RobustnessTests {
    func run(_ source: String) -> CellRun {
        Interpreter().run(source)
    }

    @Test func aRunStartedByANativeInsideCallsLeavesTheOuterRunIntact() {
        let interpreter = Interpreter()
        var inner: [String] = []
        interpreter.defineFunction("nested") { _ in
            inner.append(interpreter.run("func twice(_ x: Int) -> Int { x * 2 }\ntwice(21)").lastValue?.printed ?? "none")
            return .void
        }
        let source = """
        func depth(_ n: Int) -> Int {
            if n == 0 { nested(); return 0 }
            return 1 + depth(n - 1)
        }
        func again(_ n: Int) -> String { n == 0 ? "done" : again(n - 1) }
        let d = depth(20)
        again(50)
        """
        let result = interpreter.run(source)
        #expect(result.succeeded)
        #expect(result.lastValue?.printed == "done")
        #expect(inner == ["42"])
        #expect(interpreter.run("depth(3)").lastValue?.printed == "3")
    }

    @Test func tenThousandNestedParentheses() {
        let source = "let x = " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let result = run(source)
        #expect(!result.succeeded)
        #expect(result.diagnostics.first?.message.contains("nesting too deep") == true)
        #expect(result.diagnostics.first?.line == 1)
    }

    /// The fuzzer's cell (7 KB of closures inside what looked like closure headers' default values)
    /// that ran for minutes: the header probe parsed each default, closures and all, before failing
    /// and parsing the tokens again as the body. A closure header now has no defaults, and the cell
    /// fails at once with located errors (before the fix this test ran longer than CI allows).
    @Test func theFuzzersNestedClosureHeadersParseAtOnce() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Scripts/fuzz-inputs/closure-headers.bin")
        let source = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let result = run(source)
        #expect(!result.succeeded)
        #expect(!result.diagnostics.isEmpty)
    }

    /// A closure whose parameter has a default value (Swift allows none) is a located error.
    @Test func aClosureParameterWithADefaultIsAnError() {
        let result = run("let g = { (a: Int = 1) in a * 2 }")
        #expect(!result.succeeded)
        #expect(result.diagnostics.first?.line == 1)
    }

    @Test func moderatelyNestedParenthesesWork() {
        let source = String(repeating: "(", count: 500) + "41 + 1" + String(repeating: ")", count: 500)
        #expect(run(source).lastValue?.printed == "42")
    }

    @Test func sumOfOneHundredThousandTerms() {
        let source = "var total = 0\ntotal = " + Array(repeating: "1", count: 100_000).joined(separator: " + ") + "\ntotal"
        let result = run(source)
        #expect(result.succeeded)
        #expect(result.lastValue?.printed == "100000")
    }

    /// `"\("\(…"\(x)"…)")"`: each level's code is lexed once, in place (issue 14 item 12).
    static func nestedInterpolation(_ levels: Int, around core: String) -> String {
        String(repeating: "\"\\(", count: levels) + core + String(repeating: ")\"", count: levels)
    }

    @Test func nestedInterpolationsWithinTheLimitWork() {
        let source = "let x = 7\n" + Self.nestedInterpolation(900, around: "x + 1")
        let result = run(source)
        #expect(result.succeeded)
        #expect(result.lastValue?.printed == "8")
    }

    @Test func tenThousandNestedInterpolationsAreALocatedError() {
        let result = run("let x = 1\nlet s = " + Self.nestedInterpolation(10_000, around: "x"))
        #expect(!result.succeeded)
        let first = result.diagnostics.first
        #expect(first?.message.contains("nested more than 1000 levels deep") == true)
        #expect(first?.line == 2)
        #expect(first?.column == 9 + 1000 * 3 + 1)
    }

    @Test func interpolationErrorsKeepTheirPlace() {
        let result = run("let s = \"a\\(1 +)b\"")
        #expect(result.diagnostics.first?.line == 1)
        #expect(result.diagnostics.first?.column == 16)
        #expect(!run("let s = \"\\()\"").succeeded)
        #expect(run("let s = \"\\((1 + 2) * 3)\\(\"(\")\"\ns").lastValue?.printed == "9(")
    }

    @Test func deeplyNestedUnaryAndBrackets() {
        #expect(!run(String(repeating: "-", count: 50_000) + "1").succeeded)
        #expect(!run(String(repeating: "[", count: 50_000)).succeeded)
        #expect(!run(String(repeating: "{", count: 50_000)).succeeded)
    }

    @Test func runawayRecursionIsAnError() {
        let result = run("func f(_ n: Int) -> Int { f(n + 1) + 1 }\nf(0)")
        #expect(!result.succeeded)
        #expect(result.diagnostics.first?.message.contains("too much recursion") == true)
    }

    @Test func runawayClosureRecursionIsAnError() {
        let result = run("var f: (Int) -> Int = { $0 }\nf = { f($0 + 1) }\nf(0)")
        #expect(result.diagnostics.first?.message.contains("too much recursion") == true)
    }

    @Test func unterminatedCommentAndString() {
        let comment = run("let a = 1 /* open /* nested */")
        #expect(comment.diagnostics.first?.message.contains("unterminated comment") == true)
        let string = run("print(\"abc)")
        #expect(string.diagnostics.first?.message.contains("unterminated string") == true)
        #expect(!run("\"\\(").succeeded)
        #expect(!run("\"\\(1 + \"").succeeded)
    }

    @Test func invalidUTF8IsReplacedNotFatal() {
        let bytes: [UInt8] = [0x6C, 0x65, 0x74, 0x20, 0x78, 0x20, 0x3D, 0x20, 0xFF, 0xFE, 0x31]
        let source = String(decoding: bytes, as: UTF8.self)
        let result = run(source)
        #expect(!result.succeeded)
        #expect(result.diagnostics.first?.line == 1)
    }

    @Test func nestedCommentsAreSkipped() {
        #expect(run("/* outer /* inner */ still comment */ 1 + 1").lastValue?.printed == "2")
    }

    @Test func cancellationStopsAnEndlessLoop() {
        let interpreter = Interpreter()
        let flag = interpreter.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { flag.cancel() }
        let result = interpreter.run("var n = 0\nwhile true { n += 1 }")
        #expect(result.cancelled)
        #expect(!result.succeeded)
        #expect(result.diagnostics.first?.isCancellation == true)
        #expect(interpreter.value(of: "n")?.asDouble.map { $0 > 0 } == true)
    }

    /// Calls on the fast path (a `func` called by name, a body that returns on every path) still tick.
    @Test func cancellationStopsALongRecursionWithoutLoops() {
        let interpreter = Interpreter()
        let flag = interpreter.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { flag.cancel() }
        let source = "func fib(_ n: Int) -> Int {\n    if n < 2 { return n }\n    return fib(n - 1) + fib(n - 2)\n}\nfib(80)"
        let result = interpreter.run(source)
        #expect(result.cancelled)
        #expect(result.diagnostics.first?.isCancellation == true)
        // The interpreter stays usable: the pooled frames were left consistent.
        interpreter.cancellation.reset()
        #expect(interpreter.run("fib(20)").lastValue?.printed == "6765")
    }

    @Test func cancellationStopsEndlessRecursionOfCalls() {
        let interpreter = Interpreter()
        interpreter.cancellation.cancel()
        let result = interpreter.run("func spin() { while true {} }\nspin()")
        #expect(result.cancelled)
    }

    /// A cell too long to read within its time limit stops while it is being parsed: every
    /// token the parser takes counts, and the flag is read every few thousand.
    @Test func cancellationStopsTheParser() {
        let interpreter = Interpreter()
        interpreter.cancellation.cancel()
        let source = String(repeating: "let a = [1, 2, 3].count + 4\n", count: 2_000)
        let result = interpreter.run(source)
        #expect(result.cancelled)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.contains("while it was being read") == true)
        interpreter.cancellation.reset()
        #expect(interpreter.run("1 + 1").lastValue?.printed == "2")
    }

    /// A short cell read before the flag was looked at stops while it is being compiled.
    @Test func cancellationStopsTheCompiler() {
        let interpreter = Interpreter()
        interpreter.cancellation.cancel()
        let result = interpreter.run("var total = 0\nfor i in 0..<10 { total += i }\ntotal")
        #expect(result.cancelled)
        #expect(result.diagnostics.map(\.message) == ["cancelled: the cell ran out of time or was interrupted while it was being compiled"])
        interpreter.cancellation.reset()
        // Nothing of the stopped cell ran or was declared for later cells.
        #expect(!interpreter.run("total").succeeded)
    }

    @Test func garbageNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("let var func if else for in while { } ( ) [ ] , : ; . ... ..< + - * / % = == ! ? $0 _ \" \\( 1 2.5 x y \n α")
        for _ in 0..<300 {
            let length = Int.random(in: 0..<80, using: &generator)
            let source = String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? " " })
            let result = run(source)
            _ = Interpreter.highlight(source)
            #expect(result.succeeded || !result.diagnostics.isEmpty)
        }
    }
}
