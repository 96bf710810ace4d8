import Testing
@testable import LabLanguage

/// An interpreter and everything it compiled are freed when the last reference to it goes (watch
/// mode makes a new interpreter per rerun, so anything kept alive would pile up).
struct LifetimeTests {
    /// Runs `source` in a fresh interpreter and reports whether its runtime outlived it. All of it
    /// runs on one large-stack thread: `run` would otherwise hop to such a thread, which lets go of
    /// the interpreter a moment after handing back the result.
    func runtimeOutlives(_ source: String) -> Bool {
        Interpreter.withLargeStack {
            weak var runtime: Runtime?
            do {
                let interpreter = Interpreter()
                runtime = interpreter.runtime
                #expect(interpreter.run(source).succeeded)
            }
            return runtime != nil
        }
    }

    @Test func aRecursiveFunctionOnTheGeneralPathIsFreed() {
        // Doubles keep the function off the typed Int tier; its own call site caches it.
        #expect(!runtimeOutlives("func f(_ x: Double) -> Double { x <= 0 ? 0 : f(x - 1) + 1 }\nf(5)"))
    }

    @Test func mutuallyRecursiveFunctionsAreFreed() {
        let source = """
        func isEven(_ n: Double) -> Bool { n == 0 ? true : isOdd(n - 1) }
        func isOdd(_ n: Double) -> Bool { n == 0 ? false : isEven(n - 1) }
        isEven(10)
        """
        #expect(!runtimeOutlives(source))
    }

    @Test func oneFunctionCallingAnotherIsFreed() {
        #expect(!runtimeOutlives("func a(_ n: Double) -> Double { n + 1 }\nfunc b(_ n: Double) -> Double { a(n) }\nb(1)"))
    }

    @Test func closuresAndTypedFunctionsAreFreed() {
        let source = """
        func fib(_ n: Int) -> Int { n < 2 ? n : fib(n - 1) + fib(n - 2) }
        let add = { (a: Double) in a + Double(fib(10)) }
        add(1)
        """
        #expect(!runtimeOutlives(source))
    }
}
