import Testing
@testable import TensorCore

/// `linear` (a layer's x·Wᵀ + b as one `AddmmBackward0` node) against the general path it replaced:
/// the same numbers to the bit, forward and backward, and gradients that check.
@Suite struct LinearTests {
    static let shapes: [(n: Int, inputs: Int, outputs: Int)] = [(1, 1, 1), (5, 4, 3), (135, 4, 1), (70, 33, 9)]

    /// Gradients of (f · probe).sum() with respect to `inputs`, through `f`.
    private func gradients(_ inputs: [Tensor], probe: Tensor, _ f: ([Tensor]) throws -> Tensor) throws -> (Tensor, [Tensor?]) {
        for input in inputs { input.grad = nil }
        let out = try f(inputs)
        try out.multiplying(probe).sum().backward()
        return (out, inputs.map(\.grad))
    }

    @Test(arguments: 0..<shapes.count)
    func sameNumbersAsTheGeneralPath(index: Int) throws {
        let (n, inputs, outputs) = Self.shapes[index]
        var data = TestData(seed: UInt64(index + 11))
        let x = try data.tensor([n, inputs]), w = try data.tensor([outputs, inputs]), b = try data.tensor([outputs])
        let probe = try data.tensor([n, outputs]).detach()
        for xNeedsGrad in [true, false] {
            x.storedRequiresGrad = xNeedsGrad
            let (fused, fusedGrads) = try gradients([x, w, b], probe: probe) { t in try t[0].linear(weight: t[1], bias: t[2]) }
            let (general, generalGrads) = try gradients([x, w, b], probe: probe) { t in
                try t[0].matmul(t[1].transposed()).adding(t[2])
            }
            #expect(fused.scalars.map(\.bitPattern) == general.scalars.map(\.bitPattern))
            #expect(fused.gradFn?.name == "AddmmBackward0")
            for (a, c) in zip(fusedGrads, generalGrads) {
                #expect(a?.shape == c?.shape)
                #expect(a?.scalars.map(\.bitPattern) == c?.scalars.map(\.bitPattern))
            }
            #expect((x.grad == nil) == !xNeedsGrad)
        }
    }

    @Test func gradientsCheckToSecondOrder() throws {
        var data = TestData(seed: 5)
        let x = try data.tensor([6, 4]), w = try data.tensor([3, 4]), b = try data.tensor([3])
        let worst = try gradcheck([x, w, b], secondOrder: true) { t in try t[0].linear(weight: t[1], bias: t[2]).tanh() }
        #expect(worst < 1e-6)
        // A frozen weight and bias: only x's gradient.
        let frozenW = try data.tensor([3, 4]).detach(), frozenB = try data.tensor([3]).detach()
        let only = try gradcheck([x]) { t in try t[0].linear(weight: frozenW, bias: frozenB).sigmoid() }
        #expect(only < 1e-6)
    }

    @Test func theNodeHasThreeInputsInPyTorchsOrder() throws {
        var data = TestData(seed: 3)
        let x = try data.tensor([2, 3]).detach(), w = try data.tensor([4, 3]), b = try data.tensor([4])
        let out = try x.linear(weight: w, bias: b)
        let node = try #require(out.gradFn)
        #expect(node.inputs.count == 3)
        #expect(node.inputs[0] === b && node.inputs[1] == nil && node.inputs[2] === w)
        let trace = TraceBuilder(root: out).trace
        #expect(trace.nodes.map(\.op).contains("AddmmBackward0"))
        // Without grad, no node, and the same numbers.
        let plain = try TensorContext.current.withGradMode(false) { try x.linear(weight: w, bias: b) }
        #expect(plain.gradFn == nil && plain.scalars == out.scalars)
        // Shapes the fused path does not take go the general way, with its errors.
        #expect(throws: TensorError.self) { try x.linear(weight: w, bias: try data.tensor([5])) }
    }
}
