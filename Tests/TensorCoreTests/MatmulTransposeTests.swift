import Testing
@testable import TensorCore

/// The backward products of `mm` hand BLAS the transposed operand as a flag (issue 16); they must
/// give what the products of explicit transposed copies give.
@Suite struct MatmulTransposeTests {
    static let shapes: [(m: Int, k: Int, n: Int)] = [(1, 1, 1), (3, 4, 5), (7, 1, 3), (64, 33, 17), (130, 64, 1)]

    @Test(arguments: 0..<shapes.count)
    func flaggedProductsEqualCopiedTransposes(index: Int) throws {
        let (m, k, n) = Self.shapes[index]
        var data = TestData(seed: UInt64(index + 1))
        let g = try data.tensor([m, n]), w = try data.tensor([k, n])
        let flaggedSecond = try Tensor.product(g, w, transposing: .second)
        let copiedSecond = try g.matmul(w.transposed())
        #expect(flaggedSecond.shape == [m, k])
        // Bit for bit with OpenBLAS's Zen kernels; other kernels may order the sums differently.
        #expect(maxDiff(flaggedSecond.scalars, copiedSecond.scalars) <= 1e-13 * Double(n))
        let a = try data.tensor([m, k])
        let flaggedFirst = try Tensor.product(a, g, transposing: .first)
        let copiedFirst = try a.transposed().matmul(g)
        #expect(flaggedFirst.shape == [k, n])
        #expect(maxDiff(flaggedFirst.scalars, copiedFirst.scalars) <= 1e-13 * Double(m))
    }

    /// The gradients of a product through both backward forms: the flagged one (grad mode off in the
    /// pass) and the recorded one (`createGraph`), equal to each other.
    @Test func backwardWithAndWithoutCreateGraphAgree() throws {
        var data = TestData(seed: 5)
        let a = try data.tensor([6, 4]), b = try data.tensor([4, 3])
        try a.setRequiresGrad(); try b.setRequiresGrad()
        try a.matmul(b).sum().backward()
        let (ga, gb) = (try #require(a.grad).scalars, try #require(b.grad).scalars)
        a.grad = nil; b.grad = nil
        try a.matmul(b).sum().backward(createGraph: true)
        #expect(maxDiff(ga, try #require(a.grad).scalars) <= 1e-14)
        #expect(maxDiff(gb, try #require(b.grad).scalars) <= 1e-14)
        #expect(throws: TensorError.self) { _ = try Tensor.product(a, b, transposing: .second) }
    }
}
