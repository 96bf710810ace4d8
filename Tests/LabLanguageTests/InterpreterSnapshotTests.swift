import LabLanguage
import Testing

/// A mutable shared native for snapshot tests: `box(1)`, `b.value`, `b.value = 2`.
private final class Box: SnapshotCopyable {
    var value: Value
    let copyable: Bool

    init(_ value: Value, copyable: Bool) {
        self.value = value
        self.copyable = copyable
    }

    var typeName: String { "Box" }
    var printed: String { "box(\(value.printed))" }

    func member(_ name: String) throws -> Value {
        guard name == "value" else { throw NativeError("no member '\(name)'") }
        return value
    }

    func setMember(_ name: String, to value: Value) throws {
        guard name == "value" else { throw NativeError("no member '\(name)'") }
        self.value = value
    }

    func snapshotCopy(using copier: ValueCopier) -> NativeObject? {
        copyable ? Box(copier.copy(value), copyable: true) : nil
    }
}

@Suite struct InterpreterSnapshotTests {
    func interpreter() -> (Interpreter, () -> [String]) {
        let interpreter = Interpreter()
        nonisolated(unsafe) var lines: [String] = []
        interpreter.onPrint = { lines.append($0) }
        interpreter.defineFunction("box") { args in .native(Box(try args.value(0), copyable: true)) }
        interpreter.defineFunction("stubborn") { args in .native(Box(try args.value(0), copyable: false)) }
        return (interpreter, { defer { lines = [] }; return lines })
    }

    @Test func restoreBringsBackValuesAndForgetsLaterNames() {
        let (i, printed) = interpreter()
        #expect(i.run("var n = 1\nvar xs = [1, 2]\nvar s = \"a\"").succeeded)
        let saved = i.snapshot()
        #expect(saved.isComplete)
        #expect(i.run("n += 10\nxs.append(3)\ns += \"b\"\nlet later = 5").succeeded)
        i.restore(saved)
        #expect(i.run("print(n, xs, s)").succeeded)
        #expect(printed() == ["1 [1, 2] a"])
        #expect(i.value(of: "later") == nil)
        #expect(!i.run("print(later)").succeeded)
    }

    @Test func nativesAreCopiedAndSharingIsKept() {
        let (i, printed) = interpreter()
        #expect(i.run("let a = box(1)\nlet b = a\nlet pair = [a, box(7)]").succeeded)
        let saved = i.snapshot()
        #expect(i.run("a.value = 99").succeeded)
        i.restore(saved)
        #expect(i.run("print(a.value, b.value)\nb.value = 5\nprint(a.value, pair[0].value)").succeeded)
        #expect(printed() == ["1 1", "5 5"])
        // The snapshot is reusable: the run above changed copies, not the saved values.
        i.restore(saved)
        #expect(i.run("print(a.value, pair[1].value)").succeeded)
        #expect(printed() == ["1 7"])
    }

    @Test func nativesInsideStructsAreCopied() {
        let (i, printed) = interpreter()
        #expect(i.run("struct Holder {\n  var item: Box\n  var n: Int\n}\nvar h = Holder(item: box(1), n: 2)\nlet same = h.item").succeeded)
        let saved = i.snapshot()
        #expect(saved.isComplete)
        #expect(i.run("h.item.value = 40\nh.n = 3").succeeded)
        i.restore(saved)
        #expect(i.run("print(h.item.value, h.n, same.value)\nsame.value = 8\nprint(h.item.value)").succeeded)
        #expect(printed() == ["1 2 1", "8"])
    }

    @Test func shadowedGlobalsUsedByFunctionsAreSaved() {
        let (i, printed) = interpreter()
        #expect(i.run("var count = 0\nfunc bump() -> Int { count += 1\nreturn count }").succeeded)
        let first = i.snapshot()
        #expect(i.run("var count = 100\nbump()").succeeded)
        let second = i.snapshot(after: first)
        #expect(i.run("bump()\nbump()").succeeded)
        i.restore(second)
        #expect(i.run("print(bump(), count)").succeeded)
        #expect(printed() == ["2 100"])
    }

    @Test func aNativeWithoutSnapshotSupportMakesTheSnapshotIncomplete() {
        let (i, _) = interpreter()
        #expect(i.run("let s = [stubborn(1)]").succeeded)
        #expect(!i.snapshot().isComplete)
        let (j, _) = interpreter()
        #expect(j.run("let f = { (x: Int) -> Int in x + 1 }\nlet t = (1, \"a\")").succeeded)
        #expect(j.snapshot().isComplete)
    }
}
