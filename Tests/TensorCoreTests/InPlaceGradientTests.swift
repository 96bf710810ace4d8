import Testing
@testable import TensorCore

/// A node's backward may write its result into the incoming gradient when the backward pass alone
/// holds it (`GradNode.gradientsInPlace`, issue 16: one tensor fewer per node of the student's loss).
/// The bits must be those of `gradients(_:)`, and no gradient anyone else can see may change.
@Suite struct InPlaceGradientTests {
    /// The recorded operations whose nodes offer an in-place backward, applied to `x` (and `c`, a
    /// tensor of x's shape that needs no gradient).
    static let operations: [(name: String, apply: @Sendable (Tensor, Tensor) throws -> Tensor)] = [
        ("LogBackward0", { x, _ in try x.abs().adding(0.5).log() }),
        ("SigmoidBackward0", { x, _ in try x.sigmoid() }),
        ("NegBackward0", { x, _ in try x.negated() }),
        ("RsubBackward1", { x, _ in try x.subtracted(from: 1) }),
        ("MulBackward0", { x, c in try x.multiplying(c) }),
        ("MulBackward0", { x, c in try c.multiplying(x) }),
    ]

    /// Each node's in-place form gives `gradients(_:)`'s bits, in the tensor it was offered.
    @Test(arguments: 0..<operations.count)
    func theInPlaceFormGivesTheBitsOfTheUsualOne(index: Int) throws {
        let (name, apply) = InPlaceGradientTests.operations[index]
        var data = TestData(seed: UInt64(40 + index))
        let x = try data.tensor([135])
        let c = try data.tensor([135]).detach()
        let out = try apply(x, c)
        let node = try #require(out.gradFn)
        #expect(node.name == name)
        let g = try data.tensor([135]).detach()
        let usual = try withNoGrad { try node.gradients(g) }
        let offered = g.detach()
        let inPlace = try #require(node.gradientsInPlace(offered))
        #expect((usual.0 == nil) == (inPlace.0 == nil))
        let expected = try #require(usual.0 ?? usual.1)
        let got = try #require(inPlace.0 ?? inPlace.1)
        #expect(got === offered)
        #expect(got.scalars == expected.scalars)
    }

    /// A product whose gradient would need summing over a broadcast axis, or whose two inputs both
    /// take gradients, has no in-place form.
    @Test func aProductThatBroadcastsOrHasTwoGradientsDeclines() throws {
        var data = TestData(seed: 3)
        let x = try data.tensor([135])
        let b = try data.tensor([])
        let g = try data.tensor([135]).detach()
        #expect(try #require(x.multiplying(b).gradFn).gradientsInPlace(g) == nil)
        #expect(try #require(x.multiplying(x.detach().adding(1)).gradFn).gradientsInPlace(g) != nil)
        #expect(try #require(x.multiplying(data.tensor([135])).gradFn).gradientsInPlace(g) == nil)
    }

    /// The gradient a caller passes to `backward(gradient:)` is the caller's: it is never written.
    @Test func aSeedGradientIsNotWritten() throws {
        var data = TestData(seed: 5)
        let x = try data.tensor([135], 0.5, 2)
        let seed = try data.tensor([135]).detach()
        let before = seed.scalars
        try x.log().negated().backward(gradient: seed)
        #expect(seed.scalars == before)
        let xs = x.detach().scalars
        #expect(try #require(x.grad).scalars == (0..<135).map { i in -before[i] / xs[i] })
    }

    /// `gradient(of:wrt:)` hands out the gradients it reaches on the way: the nodes after them must
    /// not write into them.
    @Test func capturedGradientsKeepTheirValues() throws {
        var data = TestData(seed: 9)
        let z = try data.tensor([135])
        let y = try data.tensor([135], 0, 1).detach()
        let p = try z.sigmoid()
        let logP = try p.log()
        let loss = try (y * logP).mean().negated()
        let grads = try Tensor.gradient(of: loss, wrt: [logP, p, z])
        let n = 135.0, ys = y.scalars, ps = p.detach().scalars
        let toLogP = ys.map { -(1 / n) * $0 }
        #expect(grads[0].scalars == toLogP)
        let toP = (0..<135).map { toLogP[$0] / ps[$0] }
        #expect(grads[1].scalars == toP)
        #expect(grads[2].scalars == (0..<135).map { toP[$0] * (ps[$0] * (1 - ps[$0])) })
    }

    /// A gradient a leaf received as its `.grad` while an intermediate still waited for the same
    /// tensor keeps its values when the intermediate's node then runs.
    @Test func aLeafsGradientSharingElementsIsNotWritten() throws {
        var data = TestData(seed: 13)
        let x = try data.tensor([135], 0.5, 2)
        let w = try data.tensor([135])
        // x + w sends one gradient tensor to the leaf w and to x's log.
        let loss = try (x.log() + w).sum()
        try loss.backward()
        #expect(try #require(w.grad).scalars == [Double](repeating: 1, count: 135))
        #expect(try #require(x.grad).scalars == x.detach().scalars.map { 1 / $0 })
    }
}
