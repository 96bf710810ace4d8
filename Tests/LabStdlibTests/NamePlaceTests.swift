import LabStdlib
import Testing

/// Names that hold tensors are read in place by member reads, constant subscripts, operators,
/// `w -= lr * w.grad` and `w.grad = nil` (the interpreter's `NamePlace`). Each test runs those
/// forms where the name is a global, a local or a variable of an enclosing frame, and the cases
/// that must keep Swift's order of evaluation or fall back to the copying path.
@Suite struct NamePlaceTests {
    @Test func trainingStepFormsOnGlobalsLocalsAndCapturedNames() {
        let s = MiniSession()
        let out = s.run("""
            let X = tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
            var w = tensor(0.5, requiresGrad: true)
            let lr = 0.1
            func step(_ v: Tensor) -> Double {
                let loss = (v * X[:, 1] + 1.0 - X[:, 0]).pow(2).mean()
                loss.backward()
                noGrad {
                    for b in [v] {
                        b -= lr * b.grad
                        b.grad = nil
                    }
                }
                return loss.item
            }
            print(step(w), step(w), w, w.grad == nil)
            let local = tensor([1.0, 2.0])
            print(local * X[:, 0].sum(), 1 - local, local - 1)
            let twice = { (t: Tensor) -> Tensor in w * t + w }
            print(twice(local))
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == [
            // loss = mean((w·x₁ + 1 − x₀)²), dloss/dw = mean(2(w·x₁ + 1 − x₀)·x₁): 2/3 at w = 0.5,
            // w = 0.5 + 0.1·8/3; then 1.28296…, w = 0.0378 (worked by hand).
            "0.6666666666666666 1.2829629629629629 tensor(0.0378, requires_grad=True) true",
            "tensor([ 9., 18.]) tensor([ 0., -1.]) tensor([0., 1.])",
            "tensor([0.0756, 0.1133], grad_fn=<AddBackward0>)",
        ])
    }

    /// Swift evaluates the left operand first: a name on the left keeps its value from before the
    /// right side ran, and a name on the right is read after the left side ran.
    @Test func evaluationOrderIsSwiftsWhateverTheRightSideDoes() {
        let s = MiniSession()
        let out = s.run("""
            var t = tensor([1.0])
            func reassigning() -> Tensor {
                t = tensor([10.0])
                return tensor([1.0])
            }
            print(t + reassigning(), t)
            struct Bump {
                var k: Double
                var value: Tensor {
                    t = tensor([100.0])
                    return tensor([k])
                }
            }
            let b = Bump(k: 2.0)
            print(t * b.value, t)
            var p = tensor([1.0])
            func first() -> Double {
                p = tensor([5.0])
                return 1.0
            }
            print(first() - p)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == ["tensor([2.]) tensor([10.])", "tensor([20.]) tensor([100.])", "tensor([-4.])"])
    }

    /// Values that are not natives take the usual paths through the same forms.
    @Test func otherValuesFallBack() {
        let s = MiniSession()
        let out = s.run("""
            let n = 3
            let xs = [1, 2, 3]
            let text = "abc"
            struct P { var x: Double }
            var q = P(x: 1.5)
            print(n + 1, 1 + n, xs + [4], text.count, xs[1], q.x, n * xs[0])
            q.x = 2.5
            var d = 4.0
            d -= 0.5 * q.x
            print(q.x, d)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == ["4 4 [1, 2, 3, 4] 3 2 1.5 3", "2.5 2.75"])
    }

    /// A global read before its declaration has run still says so, from each form.
    @Test func globalsUsedBeforeTheirDeclarationAreStillErrors() {
        let forms = ["w.grad", "w[0]", "w * 2", "2 * w", "w.grad = nil", "w -= 0.1 * w"]
        for form in forms {
            let s = MiniSession()
            let out = s.run("""
                func early() { \(form) }
                early()
                var w = tensor([1.0])
                """)
            #expect(out.error == "'w' is used before its declaration has run", "\(form)")
        }
    }

    /// Errors raised by the native keep their messages and locations' wording.
    @Test func nativeErrorsAreUnchanged() {
        let s = MiniSession()
        #expect(s.run("let t = tensor([1.0, 2.0])\nprint(t.nope)").error == "value of type 'Tensor' has no member 'nope'")
        #expect(s.run("let t = tensor([1.0, 2.0])\nprint(t[5])").error
            == "index 5 is out of bounds for dimension 0 with size 2")
        #expect(s.run("let t = tensor([1.0, 2.0])\nt.shape = [2]").error == "'shape' of a Tensor is read-only")
        #expect(s.run("let t = tensor([1.0, 2.0])\nlet u = tensor([1.0, 2.0, 3.0])\nprint(t + u)").error?
            .contains("shapes [2] and [3]") == true)
    }
}
