import LabLanguage
@testable import LabStdlib
import NeuralNet
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
}

/// The standard library's callbacks: the one way data files read and progress leave a session.
@Suite struct StdlibCallbackTests {
    @Test func trainReportsEachEpochThroughOnProgress() {
        let s = MiniSession()
        nonisolated(unsafe) var seen: [String] = []
        s.stdlib.onProgress = { step, total, note in seen.append("\(note) \(step)/\(total)") }
        let out = s.run("""
            let X = tensor([[0.0], [1.0]])
            let y = tensor([[0.0], [1.0]])
            let model = Linear(1, 1)
            let h = train(model, x: X, y: y, loss: MSELoss(), optimizer: SGD(model.parameters(), lr: 0.1), epochs: 3)
            """)
        #expect(out.error == nil, "\(out.error ?? "")")
        #expect(seen == ["epoch 1/3", "epoch 2/3", "epoch 3/3"])
    }

    @Test func everyDataFileAskedForIsReportedEvenWhenMissing() {
        let s = MiniSession()
        nonisolated(unsafe) var read: [String] = []
        s.stdlib.onDataFileRead = { read.append($0) }
        _ = s.run("let a = readCSV(\"missing.csv\")")
        #expect(read == ["missing.csv"])
    }

    @Test func chartsAreNumberedByCellAndPlace() {
        let s = MiniSession()
        s.stdlib.beginCell(index: 4)
        _ = s.run("plot(x: [1.0, 2.0], y: [1.0, 2.0])\nprint(1)\nplot(x: [1.0, 2.0], y: [3.0, 4.0])")
        let ids = s.stdlib.endCell().compactMap { output -> String? in
            if case .chart(let chart) = output { return chart.id }
            return nil
        }
        #expect(ids == ["cell-5-chart-1", "cell-5-chart-2"])
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

/// Models and optimizers in a snapshot: training after a restore repeats the straight run exactly.
@Suite struct ModelSnapshotTests {
    /// Builds a model and an optimizer and trains three epochs, so the optimizer has state.
    static func setup(model: String, optimizer: String) -> String {
        """
        seed(5)
        let X = randn([16, 4])
        let y = randn([16, 1])
        let model = \(model)
        let lossFn = MSELoss()
        let optimizer = \(optimizer)
        \(train)
        """
    }

    /// Four full-batch epochs, printing each loss.
    static let train = """
        for _ in 1...4 {
            let loss = lossFn(model(X), y)
            loss.backward()
            optimizer.step()
            optimizer.zeroGrad()
            print(loss.item)
        }
        """

    static let cases: [(String, String)] = [
        ("Linear(4, 1)", "Adam(model.parameters(), lr: 0.05)"),
        ("Linear(4, 1)", "SGD(model.parameters(), lr: 0.05, momentum: 0.9, nesterov: true)"),
        ("Sequential(Linear(4, 3), Tanh(), Linear(3, 1))", "Adam(model.parameters(), lr: 0.05, amsgrad: true)"),
        ("Sequential(Linear(4, 3), ReLU(), Linear(3, 1))", "SGD(model.parameters(), lr: 0.05, momentum: 0.5, dampening: 0.2)"),
    ]

    @Test("training after a restore prints the straight run's losses", arguments: cases)
    func trainingAfterRestoreRepeatsTheStraightRun(model: String, optimizer: String) {
        let setup = Self.setup(model: model, optimizer: optimizer)
        let straight = MiniSession()
        _ = straight.run(setup)
        let expected = [straight.run(Self.train).lines, straight.run(Self.train).lines]
        #expect(expected[0].count == 4 && expected[0] != expected[1])

        let s = MiniSession()
        _ = s.run(setup)
        let (globals, tensors) = s.stdlib.withContext { (s.interpreter.snapshot(), s.stdlib.snapshot()) }
        #expect(globals.isComplete)
        for _ in 0..<2 {  // the snapshot stays reusable
            _ = s.run(Self.train)
            _ = s.run("optimizer.lr = 0.5\n" + Self.train)
            s.interpreter.restore(globals)
            s.stdlib.restore(tensors)
            #expect([s.run(Self.train).lines, s.run(Self.train).lines] == expected)
        }
    }

    @Test func theRestoredOptimizerUpdatesTheRestoredModel() {
        let s = MiniSession()
        _ = s.run(Self.setup(model: "Linear(4, 1)", optimizer: "SGD(model.parameters(), lr: 0.1)"))
        let saved = s.interpreter.snapshot()
        _ = s.run(Self.train)
        s.interpreter.restore(saved)
        let out = s.run("""
            let before = model.weight.sum().item
            lossFn(model(X), y).backward()
            optimizer.step()
            print(model.weight.sum().item != before, model.weight.grad != nil)
            """)
        #expect(out.error == nil)
        #expect(out.lines == ["true true"])
    }

    @Test func aLayerReachedTwiceAndItsWeightStayOneAfterRestore() {
        let s = MiniSession()
        _ = s.run("""
            let first = Linear(2, 1)
            let model = Sequential(first, Tanh())
            let inner = model.layers[0]
            let w = first.weight
            """)
        let saved = s.interpreter.snapshot()
        #expect(saved.isComplete)
        _ = s.run("noGrad { w += 1 }")
        s.interpreter.restore(saved)
        let out = s.run("""
            noGrad { w *= 0 }
            print(first.weight.sum().item, inner.weight.sum().item, model.layers[0].weight.sum().item)
            """)
        #expect(out.error == nil)
        #expect(out.lines == ["0.0 0.0 0.0"])
        // Not only the tensors: the layer behind `first`, `inner` and `model` is one object again.
        let modules = ["first", "inner", "model"].map { name -> ModuleObject? in
            guard case .native(let object as ModuleObject)? = s.interpreter.value(of: name) else { return nil }
            return object
        }
        let layers = modules.compactMap { $0?.module }
        #expect(layers.count == 3)
        if layers.count == 3, let model = layers[2] as? Sequential {
            #expect(layers[0] === layers[1] && layers[1] === model.layers[0])
        }
    }

    @Test func aLossKeepsItsPosWeightAsItWasAndSharedWithItsGlobal() {
        let setup = "let pw = tensor([2.0])\nlet lossFn = BCEWithLogitsLoss(posWeight: pw)"
        let straight = MiniSession()
        _ = straight.run(setup)
        let expected = straight.run("print(lossFn)\npw += 1\nprint(lossFn)").lines
        #expect(expected.count == 2 && expected[0] != expected[1])
        let out = SnapshotTests().afterRestore(setup: setup, change: "pw += 5", probe: "print(lossFn)\npw += 1\nprint(lossFn)")
        #expect(out.complete)
        #expect(out.lines == expected)
    }
}
