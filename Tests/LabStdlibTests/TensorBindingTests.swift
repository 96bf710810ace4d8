import LabLanguage
@testable import LabStdlib
import Testing

/// A session in miniature: one interpreter with the built-ins, its prints collected.
final class MiniSession {
    let interpreter = Interpreter()
    let stdlib: Stdlib
    var printed: [String] = []

    init(labDirectory: String = "/tmp") {
        stdlib = Stdlib(labDirectory: labDirectory)
        stdlib.install(into: interpreter)
        interpreter.onPrint = { [unowned self] in printed.append($0) }
    }

    /// Runs one cell; returns its prints and the first error message, if any.
    func run(_ code: String) -> (lines: [String], error: String?, hint: String?) {
        printed = []
        let result = Interpreter.withLargeStack { [self] in stdlib.withContext { interpreter.run(code) } }
        var lines = printed
        if result.succeeded, let value = result.lastValue {
            if case .void = value {} else { lines.append(value.printed) }
        }
        let error = result.diagnostics.first { $0.severity == .error }
        return (lines, error?.message, error?.hint)
    }
}

@Suite struct TensorBindingTests {
    @Test func boardExampleAndAccumulation() {
        let s = MiniSession()
        let out = s.run("""
            let x = tensor(2.0, requiresGrad: true)
            let y = tensor(3.0, requiresGrad: true)
            let f = x * (x + y) + y * y
            f.backward(retainGraph: true)
            print(f, x.grad, y.grad)
            f.backward()
            print(x.grad, y.grad)
            """)
        #expect(out.error == nil)
        #expect(out.lines == [
            "tensor(19., grad_fn=<AddBackward0>) tensor(7.) tensor(8.)", "tensor(14.) tensor(16.)",
        ])
    }

    @Test func secondBackwardWithoutRetainIsAnError() {
        let out = MiniSession().run("""
            let x = tensor(2.0, requiresGrad: true)
            let f = x * x
            f.backward()
            f.backward()
            """)
        #expect(out.error?.contains("second time") == true, "\(String(describing: out.error))")
    }

    @Test func gradIsNilUntilBackwardAndNilGradArithmeticSaysSo() {
        let s = MiniSession()
        #expect(s.run("let b = tensor(1.0, requiresGrad: true)\nprint(b.grad, b.grad == nil)").lines == ["nil true"])
        let out = s.run("let c = 0.1 * b.grad")
        #expect(out.error?.contains("no gradient yet") == true, "\(String(describing: out.error))")
    }

    @Test func updatesUnderNoGradAreInPlaceAndKeepTheLeaf() {
        let s = MiniSession()
        let out = s.run("""
            let b = tensor(1.0, requiresGrad: true)
            let params = [b]
            let loss = 3 * b * b
            loss.backward()
            noGrad {
                for p in params {
                    p -= 0.1 * p.grad
                    p.grad = nil
                }
            }
            print(b, b.grad, b.isLeaf)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == ["tensor(0.4000, requires_grad=True) nil true"])
    }

    @Test func inPlaceOnALeafOutsideNoGradIsAnErrorWithAHint() {
        let out = MiniSession().run("var b = tensor(1.0, requiresGrad: true)\nb -= 0.1")
        #expect(out.error?.contains("leaf") == true)
        #expect(out.hint?.contains("noGrad") == true)
    }

    @Test func compoundAssignmentRecordsWhenAGraphIsNeeded() {
        let out = MiniSession().run("""
            let w = tensor(2.0, requiresGrad: true)
            var total = tensor(0.0)
            total += w * 3
            total += w * w
            total.backward()
            print(total, w.grad)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == ["tensor(10., grad_fn=<AddBackward0>) tensor(7.)"])
    }

    @Test func subscriptsSlicesAndShapes() {
        let out = MiniSession().run("""
            let X = tensor([[1, 2, 3], [4, 5, 6]])
            print(X[:, 0], X[-1], X[0, 1...2], X[..., -1])
            print(X.shape, X.count, X.sum(dim: 0), X.mean().item)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == [
            "tensor([1., 4.]) tensor([4., 5., 6.]) tensor([2., 3.]) tensor([3., 6.])",
            "[2, 3] 6 tensor([5., 7., 9.]) 3.5",
        ])
    }

    @Test func shapeErrorsNameBothShapes() {
        let out = MiniSession().run("let z = tensor([1.0, 2.0]) + tensor([1.0, 2.0, 3.0])")
        #expect(out.error == "cannot add tensors of shapes [2] and [3]")
    }

    @Test func mathOnNumbersGivesNumbersAndOnTensorsTensors() {
        let out = MiniSession().run("print(exp(0.0), pow(2.0, 10), sqrt(tensor(4.0)), pow(tensor(3.0), 2))")
        #expect(out.lines == ["1.0 1024.0 tensor(2.) tensor(9.)"])
    }

    @Test func newtonStepWithSecondDerivative() {
        let out = MiniSession().run("""
            func f(_ t: Tensor) -> Tensor { pow(t, 4) - 3 * pow(t, 3) + 2 }
            let p = tensor(3.0, requiresGrad: true)
            let g = gradient(of: f(p), wrt: [p], createGraph: true)[0]
            let h = gradient(of: g, wrt: [p])[0]
            print(g.item, h.item, (p - g / h).item, p.grad)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == ["27.0 54.0 2.5 nil"])
    }

    @Test func bceWithLogitsIsStableAndCallable() {
        let out = MiniSession().run("""
            let z = tensor([1000.0, -1000.0, 0.0], requiresGrad: true)
            let y = tensor([1.0, 0.0, 1.0])
            let loss = BCEWithLogitsLoss()(z, y)
            loss.backward()
            print(loss, z.grad)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == [
            "tensor(0.2310, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>) tensor([ 0.0000,  0.0000, -0.1667])",
        ])
    }

    @Test func seededDrawsRepeat() {
        let s = MiniSession()
        let a = s.run("seed(7)\nrandn([3])").lines
        let b = s.run("seed(7)\nrandn([3])").lines
        #expect(a == b)
        #expect(a.count == 1)
    }

    @Test func assertCloseComparesTensorsAndNumbers() {
        let s = MiniSession()
        #expect(s.run("assertClose(tensor([1.0, 2.0]), tensor([1.0, 2.0000001]), tol: 1e-6)").error == nil)
        #expect(s.run("assertClose(0.5, 0.6, tol: 0.01)").error?.contains("largest difference") == true)
    }

    @Test func pytorchHabitsGetHints() {
        let s = MiniSession()
        let out = s.run("let t = tensor(1.0, requires_grad: true)")
        #expect(out.hint?.contains("requiresGrad") == true, "\(String(describing: out))")
        let item = s.run("let u = tensor(1.0)\nu.item()")
        #expect(item.hint?.contains(".item") == true || item.error?.contains("property") == true, "\(String(describing: item))")
    }
}

@Suite struct OneHotAndShapeTests {
    @Test func oneHotKeepsTheLabelsShapeAndChecksItsInput() {
        let s = MiniSession()
        #expect(s.run("print(oneHot([[1, 0]], classes: 2).shape)").lines == ["[1, 2, 2]"])
        #expect(s.run("print(oneHot(tensor([2.0])))").lines == ["tensor([[0., 0., 1.]])"])
        #expect(s.run("oneHot(tensor([1.5]))").error?.contains("whole numbers") == true)
        #expect(s.run("oneHot(tensor([3.0]), classes: 3)").error?.contains("not below classes: 3") == true)
        #expect(s.run("oneHot(tensor([-1.0]))").error?.contains("whole numbers from 0") == true)
    }

    @Test func oneHotRespectsTheElementLimit() {
        let s = MiniSession()
        s.stdlib.context.maxElements = 10
        #expect(s.run("oneHot(tensor([0.0, 1.0, 2.0]), classes: 4)").error?.contains("more than the 10 elements") == true)
    }

    @Test func reshapeWorksOutOneDimensionAndFlattenFlattens() {
        let s = MiniSession()
        #expect(s.run("print(arange(12).reshape([-1, 4]).shape, arange(12).reshape([3, -1]).flatten().shape)").lines == ["[3, 4] [12]"])
        #expect(s.run("arange(12).reshape([-1, -1])").error?.contains("only one dimension can be -1") == true)
        #expect(s.run("arange(12).reshape([-2, 6])").error?.contains("(or one -1)") == true)
        #expect(s.run("zeros([-1])").error?.contains("non-negative Ints, got -1") == true)
    }
}

@Suite struct Issue13SmallFixesTests {
    /// `opt.step` without `()` in a training loop left the weights alone, silently.
    @Test func anOptimizerStepNamedButNotCalledIsAnError() {
        let s = MiniSession()
        let out = s.run("""
            let w = tensor(1.0, requiresGrad: true)
            let opt = SGD([w], lr: 0.1)
            (w * w).backward()
            opt.step
            """)
        #expect(out.error == "function 'step' is named but not called, so nothing happens")
        #expect(out.hint == "call it: opt.step()")
    }

    /// A compact history table puts a gap row next to the first and last rows only, not between
    /// the evenly sampled rows of the middle.
    @Test func sampledHistoryRowsAreNotSeparatedByGapRows() {
        let shown = [0, 1, 2, 9, 19, 29, 38, 39]
        let gaps = shown.indices.filter { HistoryObject.gapBefore($0, in: shown) }
        #expect(gaps == [3, 6], "after the first run and before the last run")
    }

    @Test(arguments: [
        ("x.t()", "transposed()"), ("x.size()", "t.shape"), ("x.view([24])", "reshape"), ("x.numpy()", "t.item"),
        ("x.zero_()", "t.grad = nil"), ("x.long()", "t.dtype"), ("len(x)", "x.shape[0]"),
    ])
    func pyTorchHabitsOnTensorsGetTheSwiftForm(code: String, hint: String) {
        let s = MiniSession()
        let out = s.run("let x = ones([8, 3])\nprint(\(code))")
        #expect(out.error != nil && out.hint?.contains(hint) == true, "\(code): \(String(describing: out.hint))")
    }

    /// A closure as train's loss was refused with "train needs x:, y:, loss:, optimizer: and epochs:"
    /// though all were given.
    @Test func trainAcceptsAFunctionAsItsLossAndNamesWhatIsMissing() {
        let s = MiniSession()
        let setup = "seed(0)\nlet X = tensor([[0.0], [1.0], [2.0]])\nlet Y = 2 * X + 1\n"
        let byObject = s.run(setup + "let m = Linear(1, 1)\nlet h = train(m, x: X, y: Y, loss: MSELoss(), optimizer: SGD(lr: 0.1), epochs: 20)\nprint(h[\"loss\"][19])")
        let byClosure = s.run(setup + "let m = Linear(1, 1)\nlet h = train(m, x: X, y: Y, loss: { p, t in ((p - t) * (p - t)).mean() }, optimizer: SGD(lr: 0.1), epochs: 20)\nprint(h[\"loss\"][19])")
        #expect(byObject.error == nil && byClosure.error == nil, "\(String(describing: byClosure.error))")
        #expect(byObject.lines == byClosure.lines && !byObject.lines.isEmpty)
        let missing = s.run(setup + "train(Linear(1, 1), x: X, y: Y, loss: MSELoss(), epochs: 5)")
        #expect(missing.error == "train is missing optimizer:")
        let notScalar = s.run(setup + "train(Linear(1, 1), x: X, y: Y, loss: { p, t in p - t }, optimizer: SGD(lr: 0.1), epochs: 5)")
        #expect(notScalar.error?.contains("must return one number") == true, "\(String(describing: notScalar.error))")
    }
}

/// `Module`, `Optimizer` and `Loss` in annotations take every type of their family (issue 15: a
/// student's `func fit(_ model: Module)` refused a `Sequential`).
@Suite struct TypeFamilyTests {
    @Test func familiesAcceptTheirMembersAndNothingElse() {
        let s = MiniSession()
        let ok = s.run("""
            func describe(_ m: Module, _ o: Optimizer, _ l: Loss) -> String { "\\(m) \\(o) \\(l)" }
            let model = Sequential(Linear(2, 2), ReLU())
            print(describe(model, Adam(model.parameters()), CrossEntropyLoss()).count > 0)
            let exact: Linear = Linear(1, 1)
            print(exact.inFeatures)
            """)
        #expect(ok.error == nil && ok.lines == ["true", "1"], "\(ok)")
        let wrong = s.run("func f(_ m: Module) -> Int { 1 }\nf(tensor(1.0))")
        #expect(wrong.error == "argument 'm' of f(_:) must be Module, found a value of type 'Tensor'")
        #expect(s.run("let l: Linear = ReLU()").error?.contains("must be Linear") == true)
    }
}
