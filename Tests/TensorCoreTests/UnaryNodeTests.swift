import Testing
@testable import TensorCore

/// `sigmoid`, `log` and `mean` record node classes whose backward computes the gradient in one pass
/// when grad mode is off, and a gradient reaching a tensor a second time is added in place (issue
/// 16, the student's hard way). Each must give the bits of the composed formula: the recorded
/// backward (`createGraph`) still runs it.
@Suite struct UnaryNodeTests {
    /// The gradient of `f` at `x` with grad mode off in the pass, then with `createGraph`.
    private func bothPaths(_ x: Tensor, _ f: (Tensor) throws -> Tensor) throws -> (fast: [Double], composed: [Double]) {
        try f(x).backward()
        let fast = try #require(x.grad).scalars
        x.grad = nil
        try f(x).backward(createGraph: true)
        let composed = try #require(x.grad).scalars
        x.grad = nil
        return (fast, composed)
    }

    @Test(arguments: [1, 2, 7, 135, 5000])
    func sigmoidAndMeanGradientsEqualTheComposedFormula(count: Int) throws {
        var data = TestData(seed: UInt64(count))
        let x = try data.tensor([count])
        try x.setRequiresGrad()
        let weights = try data.tensor([count])
        // A weighted sum, so that each element's incoming gradient differs.
        let (fast, composed) = try bothPaths(x) { try ($0.sigmoid() * weights).mean() }
        #expect(fast == composed)
        // By hand: mean's 1/n times the weight times σ(1 − σ).
        let s = try x.detach().sigmoid().scalars, w = weights.scalars
        let expected = (0..<count).map { i in 1 / Double(count) * w[i] * (s[i] * (1 - s[i])) }
        #expect(maxDiff(fast, expected) <= 1e-15)
    }

    @Test func logGradientIsTheIncomingOneOverTheInput() throws {
        let x = try Tensor([0.5, 2, 4, 1e-3], shape: [4])
        try x.setRequiresGrad()
        let (fast, composed) = try bothPaths(x) { try $0.log().sum() }
        #expect(fast == composed)
        #expect(fast == [2, 0.5, 0.25, 1000])
        #expect(try x.log().gradFn?.name == "LogBackward0")
        #expect(try x.sigmoid().gradFn?.name == "SigmoidBackward0")
        #expect(try x.mean().gradFn?.name == "MeanBackward0")
    }

    /// The student's loss: `p` receives gradients along two paths, which meet in place.
    @Test func gradientsMeetingAtATensorAddUpAsWhenAddedApart() throws {
        var data = TestData(seed: 11)
        let z = try data.tensor([135])
        try z.setRequiresGrad()
        let y = try Tensor((0..<135).map { Double($0 % 3 == 0 ? 1 : 0) }, shape: [135])
        func loss(_ z: Tensor) throws -> Tensor {
            let p = try z.sigmoid()
            return try (y * p.log() + (1 - y) * (1 - p).log()).mean().negated()
        }
        let (fast, composed) = try bothPaths(z, loss)
        #expect(fast == composed)
        // The two contributions to p, added apart: −y/(n·p) + (1 − y)/(n·(1 − p)), times σ′.
        let s = try z.detach().sigmoid().scalars, t = y.scalars, n = 135.0
        let expected = (0..<135).map { i -> Double in
            let toP = -(1 / n) * t[i] / s[i] + -(-(1 / n) * (1 - t[i]) / (1 - s[i]))
            return toP * (s[i] * (1 - s[i]))
        }
        #expect(maxDiff(fast, expected) <= 1e-15)
    }

    /// A gradient tensor another input also holds (`x + x` sends one tensor to both slots) is not
    /// changed in place.
    @Test func aSharedGradientIsNotWrittenInPlace() throws {
        let x = try Tensor([1, 2, 3], shape: [3])
        try x.setRequiresGrad()
        let a = try x.multiplying(2)
        try (a + a + a).sum().backward()
        #expect(try #require(x.grad).scalars == [6, 6, 6])
        let w = try Tensor([1, 1, 1], shape: [3])
        try w.setRequiresGrad()
        let s = try w + w
        try (s * s).sum().backward()
        #expect(try #require(w.grad).scalars == [8, 8, 8])
    }

    /// Second derivatives go through the composed formula, which records.
    @Test func secondDerivativesOfSigmoidAndLog() throws {
        let x = try Tensor([0.3, -1.2], shape: [2])
        try x.setRequiresGrad()
        let first = try Tensor.gradient(of: x.sigmoid().sum(), wrt: [x], createGraph: true)[0]
        let second = try Tensor.gradient(of: first.sum(), wrt: [x])[0].scalars
        let s = try x.detach().sigmoid().scalars
        #expect(maxDiff(second, s.map { $0 * (1 - $0) * (1 - 2 * $0) }) <= 1e-15)
        let firstLog = try Tensor.gradient(of: x.abs().log().sum(), wrt: [x], createGraph: true)[0]
        let secondLog = try Tensor.gradient(of: firstLog.sum(), wrt: [x])[0].scalars
        #expect(maxDiff(secondLog, [-1 / 0.09, -1 / 1.44]) <= 1e-12)
    }
}
