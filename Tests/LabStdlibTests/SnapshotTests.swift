import LabLanguage
import LabStdlib
import Testing

@Suite struct SnapshotTests {
    /// Saves interpreter and tensor state, runs `change`, restores, and returns what `probe` prints.
    func afterRestore(setup: String, change: String, probe: String) -> (lines: [String], complete: Bool) {
        let s = MiniSession()
        _ = s.run(setup)
        let (globals, tensors) = s.stdlib.withContext { (s.interpreter.snapshot(), s.stdlib.snapshot()) }
        _ = s.run(change)
        s.interpreter.restore(globals)
        s.stdlib.restore(tensors)
        return (s.run(probe).lines, globals.isComplete)
    }

    @Test func tensorsChangedInPlaceComeBackAndStillShare() {
        let out = afterRestore(
            setup: "let a = tensor([1.0, 2.0])\nlet b = a",
            change: "a += 10",
            probe: "b += 1\nprint(a, b)")
        #expect(out.complete)
        #expect(out.lines == ["tensor([2., 3.]) tensor([2., 3.])"])
    }

    @Test func gradientsAreSavedWithTheirLeaves() {
        let out = afterRestore(
            setup: "let w = tensor(3.0, requiresGrad: true)\n(w * w).backward()",
            change: "(w * w).backward()",
            probe: "print(w.grad, w.requiresGrad)")
        #expect(out.lines == ["tensor(6.) true"])
    }

    @Test func theRandomGeneratorAndGradModeComeBack() {
        let fresh = MiniSession().run("seed(3)\nprint(randn([3]))").lines
        let out = afterRestore(setup: "seed(3)", change: "let z = randn([5])", probe: "print(randn([3]))")
        #expect(out.lines == fresh)
    }

    @Test func aTensorInsideARecordedGraphMakesTheSnapshotIncomplete() {
        let out = afterRestore(
            setup: "let w = tensor(3.0, requiresGrad: true)\nlet loss = w * w",
            change: "", probe: "")
        #expect(!out.complete)
    }

    @Test func progressReachesTheHandlerOfThisThreadOnly() {
        nonisolated(unsafe) var seen: [ProgressHook.Update] = []
        ProgressHook.report(step: 1, total: 2)
        ProgressHook.withHandler({ seen.append($0) }) {
            ProgressHook.report(step: 3, total: 10, note: "epoch 3/10")
        }
        ProgressHook.report(step: 4, total: 10)
        #expect(seen == [ProgressHook.Update(step: 3, total: 10, note: "epoch 3/10")])
    }
}

@Suite struct HistorySnapshotTests {
    @Test func aRestoredHistoryHasItsOldRows() {
        let s = MiniSession()
        _ = s.run("let h = History()\nh.record(epoch: 1, loss: 0.5)")
        let saved = s.interpreter.snapshot()
        _ = s.run("h.record(epoch: 2, loss: 0.25)")
        #expect(s.run("h.count").lines == ["2"])
        s.interpreter.restore(saved)
        #expect(s.run("h.count").lines == ["1"])
    }
}
