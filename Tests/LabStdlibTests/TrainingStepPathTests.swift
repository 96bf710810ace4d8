import LabStdlib
import Testing

/// The statements of a training step have fast paths in the interpreter and the bindings; each test
/// runs the fast case and the cases that must fall back, and checks both give what the general path does.
@Suite struct TrainingStepPathTests {
    @Test func lossCalledWithTwoArgumentsAndOtherwise() {
        let s = MiniSession()
        let out = s.run("""
            let z = tensor([0.5, -1.0, 2.0])
            let y = tensor([1.0, 0.0, 1.0])
            let lossFn = BCEWithLogitsLoss()
            let fast = lossFn(z, y)
            let byHand = (z.clamp(min: 0.0) - z * y + (1.0 + (-z.abs()).exp()).log()).mean()
            print(fast, (fast - byHand).abs().item < 1e-12)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == ["tensor(0.3048) true"])
        #expect(s.run("let z = tensor([1.0])\nBCEWithLogitsLoss()(z)").error
            == "missing argument #2 in call to BCEWithLogitsLoss(...)")
        #expect(s.run("let z = tensor([1.0])\nBCEWithLogitsLoss()(z, target: z)").error
            == "no argument label 'target:' in BCEWithLogitsLoss(_:_:)")
        #expect(s.run("let z = tensor([1.0])\nBCEWithLogitsLoss()(z, \"y\")").error
            == "the loss's target must be a Tensor or a number, got String")
    }

    /// `log(t)`, `sigmoid(t)` and the other one-tensor functions take a shortcut for a tensor
    /// argument; numbers, arrays, labels and wrong types take the functions' own paths, with the
    /// same results and messages.
    @Test func oneTensorFunctionsGiveTheMethodsResults() {
        let s = MiniSession()
        let out = s.run("""
            let t = tensor([0.25, 1.0, 4.0], requiresGrad: true)
            print(log(t), log(t).gradFn, exp(t), sqrt(t), abs(t), tanh(t))
            print(sigmoid(t), relu(t), logSigmoid(t))
            print((log(t) - t.log()).abs().sum().item, (sigmoid(t) - t.sigmoid()).abs().sum().item)
            print(log(1.0), exp(0.0), abs(-2), log([1.0, 4.0]))
            let u = noGrad { log(t) }
            print(u.requiresGrad)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == [
            "tensor([-1.3863,  0.0000,  1.3863], grad_fn=<LogBackward0>) LogBackward0 tensor([ 1.2840,  2.7183, 54.5982], grad_fn=<ExpBackward0>) tensor([0.5000, 1.0000, 2.0000], grad_fn=<SqrtBackward0>) tensor([0.2500, 1.0000, 4.0000], grad_fn=<AbsBackward0>) tensor([0.2449, 0.7616, 0.9993], grad_fn=<TanhBackward0>)",
            "tensor([0.5622, 0.7311, 0.9820], grad_fn=<SigmoidBackward0>) tensor([0.2500, 1.0000, 4.0000], grad_fn=<ReluBackward0>) tensor([-0.5759, -0.3133, -0.0181], grad_fn=<LogSigmoidBackward0>)",
            "0.0 0.0",
            "0.0 1.0 2 tensor([0.0000, 1.3863])",
            "false",
        ])
        #expect(s.run("sigmoid(\"a\")").error == "sigmoid's argument must be a Tensor or a number, got String")
        #expect(s.run("let t = tensor([1.0])\nlog(x: t)").error != nil)
    }

    @Test func constantSubscriptReadsSeveralTensors() {
        let out = MiniSession().run("""
            let A = tensor([[1.0, 2.0], [3.0, 4.0]])
            let B = tensor([[5.0, 6.0, 7.0]])
            for M in [A, B, A] {
                print(M[:, 1])
            }
            let rows = [[1, 2], [3, 4]]
            for k in 0..<2 {
                let target = k == 0 ? A : rows
                print(target[1])
            }
            print(A[:, 2])
            """)
        #expect(out.lines == [
            "tensor([2., 4.])", "tensor([6.])", "tensor([2., 4.])", "tensor([3., 4.])", "[3, 4]",
        ])
        #expect(out.error?.contains("index 2 is out of bounds for dimension 1") == true, "\(String(describing: out.error))")
    }

    @Test func compoundAssignmentOnNamedTensors() {
        let s = MiniSession()
        // In place inside noGrad, through a `let` loop variable.
        var out = s.run("""
            var b0 = tensor(1.0, requiresGrad: true)
            let b1 = tensor(2.0, requiresGrad: true)
            let loss = b0 * 3.0 + b1 * 4.0
            loss.backward()
            noGrad {
                for b in [b0, b1] {
                    b -= 0.5 * b.grad
                    b.grad = nil
                }
            }
            print(b0, b1, b0.grad, b1.grad)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == ["tensor(-0.5000, requires_grad=True) tensor(0., requires_grad=True) nil nil"])
        // Not in place while recording: a `var` is rebound, a leaf is refused, a `let` cannot be rebound.
        out = s.run("""
            var u = b0 * 2.0
            let kept = u
            u -= 1.0
            print(u, kept)
            """)
        #expect(out.lines == ["tensor(-2., grad_fn=<SubBackward0>) tensor(-1., grad_fn=<MulBackward0>)"])
        #expect(s.run("b0 -= 1.0").error
            == "a leaf tensor that requires grad cannot be changed in place while gradients are recorded")
        #expect(s.run("let w = b0 * 2.0\nw -= 1.0").error == "'w' is a let constant; use var to change it")
        #expect(s.run("noGrad { b0 -= b0.grad }").error
            == "the right-hand side of '-=' is a gradient that does not exist yet (nil)")
        #expect(s.run("noGrad { b0 -= 0.1 * b0.grad }").error == "the tensor has no gradient yet (its grad is nil)")
    }
}

@Suite struct ScaledStepTests {
    /// `w -= lr * g` done as one in-place step must give the very numbers of the product and then
    /// the subtraction (here `step` is made first, so the general path runs).
    @Test func fusedStepMatchesTheTwoStepComputationExactly() {
        let out = MiniSession().run("""
            seed(3)
            let g = randn([50])
            let a = randn([50])
            let b = a * 1.0
            let c = a * 1.0
            let d = a * 1.0
            let lr = 0.0137
            a -= lr * g
            let step = lr * g
            b -= step
            c += 3 * g
            d += Double(3) * g
            print((a == b).sum().item, (c == d).sum().item, (a == c).sum().item)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == ["50.0 50.0 0.0"])
    }

    @Test func stepsThatMustTakeTheGeneralPath() {
        let s = MiniSession()
        // Broadcasting, the tensor itself, a tensor factor: results as written.
        let out = s.run("""
            var v = tensor([1.0, 2.0])
            v -= 0.5 * tensor(2.0)
            print(v)
            let w = tensor([1.0, 2.0])
            w -= 0.5 * w
            print(w)
            var u = tensor([1.0, 2.0])
            u += tensor(2.0) * tensor([1.0, 1.0])
            print(u)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == ["tensor([0., 1.])", "tensor([0.5000, 1.0000])", "tensor([3., 4.])"])
        #expect(s.run("let p = tensor([1.0], requiresGrad: true)\np -= 0.1 * p.grad").error
            == "the tensor has no gradient yet (its grad is nil)")
        #expect(s.run("let q = tensor([1.0], requiresGrad: true)\nq -= 0.1 * tensor([1.0])").error
            == "a leaf tensor that requires grad cannot be changed in place while gradients are recorded")
        #expect(s.run("let r = tensor([1.0])\nr -= 0.1 * tensor([1.0, 2.0])").error?
            .contains("doesn't match the broadcast shape") == true)
        #expect(s.run("let t = tensor([1.0])\nt -= \"a\" * t").error?
            .hasPrefix("binary operator '*' cannot be applied") == true)
    }
}
