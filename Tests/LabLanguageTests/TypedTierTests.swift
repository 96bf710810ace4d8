import Foundation
@testable import LabLanguage
import Testing

/// The typed tier (TypedCompiler, TypedCode) must change speed only: every script behaves the same
/// with and without it, and the functions meant to be typed are.
struct TypedTierTests {
    /// Output, messages, hints and locations agree for every script, typed ones and the rest.
    @Test("typed and general code agree", arguments: scriptNames())
    func typedAndGeneralCodeAgree(_ name: String) throws {
        let source = try String(contentsOf: scriptsDirectory().appendingPathComponent(name), encoding: .utf8)
        let typed = runScript(source, typed: true), general = runScript(source, typed: false)
        #expect(typed.output == general.output, "\(name): output")
        #expect(typed.diagnostics == general.diagnostics, "\(name): diagnostics")
    }

    /// The function a global name holds after running `source`.
    private func code(of name: String, in interpreter: Interpreter) -> FunctionBody? {
        guard case .function(let function)? = interpreter.value(of: name) else { return nil }
        return function.code
    }

    @Test func functionsInsideTheSubsetAreTyped() throws {
        let interpreter = Interpreter()
        let prefixes = ["typed/subset", "typed/overflow", "typed/loops"]
        let scripts = scriptNames().filter { name in prefixes.contains { name.hasPrefix($0) } }
        for name in scripts {
            let source = try String(contentsOf: scriptsDirectory().appendingPathComponent(name), encoding: .utf8)
            for cell in source.components(separatedBy: "// cell\n") { _ = interpreter.run(cell) }
        }
        for name in ["fib", "sumTo", "sign", "clamp", "answer", "even", "odd", "nested", "shadow", "grow", "neg",
                     "dec", "passes", "sumOfCalls", "sumBelow", "firstSquareAbove", "triangle"] {
            #expect(code(of: name, in: interpreter)?.typed != nil, "\(name) should be typed")
        }
        #expect(code(of: "fib", in: interpreter)?.typed?.isReady == true)
    }

    @Test func functionsOutsideTheSubsetAreNot() {
        let interpreter = Interpreter()
        let source = """
        var scale = 3
        func noisy(_ n: Int) -> Int { print(n); return n }
        func real(_ x: Double) -> Double { x }
        func mixed(_ n: Int, _ x: Double) -> Int { n }
        func scaled(_ n: Int) -> Int { n * scale }
        func builtin(_ n: Int) -> Int { Int(Double(n)) }
        func overArray(_ n: Int) -> Int { var s = 0; for x in [1, 2] { s += x }; return s }
        func stringy(_ n: Int) -> Int { "\\(n)".count }
        func fallsOff(_ n: Int) -> Int { if n > 0 { return 1 } }
        func defaulted(_ n: Int = 1) -> Int { n }
        func untypedResult(_ n: Int) { }
        """
        #expect(interpreter.run(source).succeeded)
        for name in ["noisy", "real", "mixed", "scaled", "builtin", "overArray", "stringy", "fallsOff", "defaulted", "untypedResult"] {
            #expect(code(of: name, in: interpreter) != nil && code(of: name, in: interpreter)?.typed == nil,
                    "\(name) should not be typed")
        }
    }

    /// A typed function calling a general one compiles typed but never links, and runs as general code.
    @Test func aCallOfGeneralCodeRejectsTheLink() {
        let interpreter = Interpreter()
        var lines: [String] = []
        interpreter.onPrint = { lines.append($0) }
        let run = interpreter.run("func noisy(_ n: Int) -> Int { print(n); return n }\nfunc twice(_ n: Int) -> Int { noisy(n) * 2 }\ntwice(4)")
        #expect(run.lastValue?.printed == "8")
        #expect(lines == ["4"])
        let typed = code(of: "twice", in: interpreter)?.typed
        #expect(typed != nil)
        #expect(typed?.isReady == false)
    }

    /// Cancellation stops an endless typed loop at the place general code reports.
    @Test func cancellationStopsATypedLoop() {
        let interpreter = Interpreter()
        #expect(interpreter.run("func spin(_ n: Int) -> Int {\n    var i = 0\n    while i >= 0 { i = (i + 1) % n }\n    return i\n}").succeeded)
        #expect(code(of: "spin", in: interpreter)?.typed != nil)
        let flag = interpreter.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { flag.cancel() }
        let result = interpreter.run("spin(1000)")
        #expect(result.cancelled)
        #expect(result.diagnostics.first.map { "\($0.line):\($0.column)" } == "3:13")
    }

    /// Cancellation stops a long typed recursion (the typed calls tick), and the session runs on.
    @Test func cancellationStopsATypedRecursion() {
        let interpreter = Interpreter()
        #expect(interpreter.run("func fib(_ n: Int) -> Int { n < 2 ? n : fib(n - 1) + fib(n - 2) }").succeeded)
        #expect(code(of: "fib", in: interpreter)?.typed != nil)
        let flag = interpreter.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { flag.cancel() }
        let result = interpreter.run("fib(90)")
        #expect(result.cancelled)
        #expect(result.diagnostics.first?.isCancellation == true)
        #expect(result.diagnostics.first.map { "\($0.line):\($0.column)" } == "1:6")
        interpreter.cancellation.reset()
        #expect(interpreter.run("fib(20)").lastValue?.printed == "6765")
    }
}
