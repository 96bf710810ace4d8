import Foundation
import Testing
@testable import TensorCore

/// Issue 3's reference cases, against numbers PyTorch printed (to 1e-12).
@Suite struct AutogradTests {
    @Test func tensorUsedTwice() throws {
        let x = Tensor(3.0, requiresGrad: true)
        try (x * x).backward()
        #expect(try x.existingGrad().item == Reference.number("used_twice"))
        #expect(try x.existingGrad().item == 6)
    }

    @Test func boardExampleAccumulatesAndRetains() throws {
        let ref = Reference.numbers("board")
        let x = Tensor(2.0, requiresGrad: true), y = Tensor(3.0, requiresGrad: true)
        let f = try x * (x + y) + y * y
        #expect(try f.item == ref[0])
        try f.backward(retainGraph: true)
        #expect(try x.existingGrad().item == ref[1])
        #expect(try y.existingGrad().item == ref[2])
        try f.backward()
        #expect(try x.existingGrad().item == ref[3])
        #expect(try y.existingGrad().item == ref[4])
        #expect(f.description == "tensor(19., grad_fn=<AddBackward0>)")
    }

    @Test func secondBackwardWithoutRetainThrows() throws {
        let x = Tensor(2.0, requiresGrad: true), y = Tensor(3.0, requiresGrad: true)
        let f = try x * (x + y) + y * y
        try f.backward()
        let error = #expect(throws: TensorError.self) { try f.backward() }
        #expect(error?.message.contains("Trying to backward through the graph a second time") == true)
        #expect(error?.message.contains("retainGraph: true") == true)
    }

    @Test func nodesWithoutSavedValuesMayRunTwice() throws {
        let x = Tensor(2.0, requiresGrad: true)
        let f = try (x + 1).sum()
        try f.backward()
        try f.backward()
        #expect(try x.existingGrad().item == 2)
    }

    @Test func microgradSanityCheck() throws {
        let ref = Reference.numbers("micrograd_sanity")
        let x = Tensor(-4.0, requiresGrad: true)
        let z = try 2 * x + 2 + x
        let q = try z.relu() + z * x
        let h = try (z * z).relu()
        let y = try h + q + q * x
        try y.backward()
        #expect(Swift.abs(try y.item - ref[0]) < 1e-12)
        #expect(Swift.abs(try x.existingGrad().item - ref[1]) < 1e-12)
    }

    @Test func microgradMoreOps() throws {
        let ref = Reference.numbers("micrograd_more_ops")
        let a = Tensor(-4.0, requiresGrad: true), b = Tensor(2.0, requiresGrad: true)
        var c = try a + b
        var d = try a * b + b.pow(3)
        c = try c + c + 1
        c = try c + 1 + c + (-a)
        d = try d + d * 2 + (b + a).relu()
        d = try d + 3 * d + (b - a).relu()
        let e = try c - d
        let f = try e.pow(2)
        var g = try f / 2.0
        g = try g + 10.0 / f
        try g.backward()
        #expect(Swift.abs(try g.item - ref[0]) < 1e-12)
        #expect(Swift.abs(try a.existingGrad().item - ref[1]) < 1e-12)
        #expect(Swift.abs(try b.existingGrad().item - ref[2]) < 1e-12)
    }

    @Test func broadcastingSums() throws {
        let a = try Tensor(rows: [[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], requiresGrad: true)
        let b = try Tensor([2.0, -1.0, 0.25], requiresGrad: true)
        let c = try Tensor(rows: [[1.5], [-2.0]], requiresGrad: true)
        let s = try (a * b + c / b - c * c).sum()
        try s.backward()
        #expect(Swift.abs(try s.item - Reference.number("broadcast", "value")) < 1e-12)
        #expect(maxDiff(try a.existingGrad().scalars, Reference.numbers("broadcast", "A")) < 1e-12)
        #expect(maxDiff(try b.existingGrad().scalars, Reference.numbers("broadcast", "B")) < 1e-12)
        #expect(maxDiff(try c.existingGrad().scalars, Reference.numbers("broadcast", "C")) < 1e-12)
        #expect(try c.existingGrad().shape == [2, 1])
    }

    @Test func meanOfSquares() throws {
        let v = try Tensor([1.0, -2.0, 3.5, 0.25], requiresGrad: true)
        let m = try v.pow(2).mean()
        try m.backward()
        #expect(Swift.abs(try m.item - Reference.number("mean_squares", "value")) < 1e-12)
        #expect(maxDiff(try v.existingGrad().scalars, Reference.numbers("mean_squares", "grad")) < 1e-12)
    }

    @Test(arguments: ["bce_plain", "bce_posweight"])
    func bceWithLogits(name: String) throws {
        let z = try Tensor([-1000.0, -2.0, 0.0, 0.7, 3.0, 1000.0], requiresGrad: true)
        let y = try Tensor([0.0, 1.0, 1.0, 0.0, 0.0, 1.0])
        let pw = name == "bce_posweight" ? try Tensor([2.5]) : nil
        let loss = try Tensor.binaryCrossEntropyWithLogits(z, y, posWeight: pw)
        try loss.backward()
        #expect(loss.gradFnName == "BinaryCrossEntropyWithLogitsBackward0")
        #expect(Swift.abs(try loss.item - Reference.number(name, "value")) < 1e-12)
        #expect(maxDiff(try z.existingGrad().scalars, Reference.numbers(name, "grad")) < 1e-12)
    }

    @Test func bceWithLogitsExtreme() throws {
        let z = try Tensor(rows: [[-1000.0, 2.0], [1000.0, -3.0]], requiresGrad: true)
        let y = try Tensor(rows: [[1.0, 0.0], [0.0, 1.0]])
        let loss = try Tensor.binaryCrossEntropyWithLogits(z, y)
        try loss.backward()
        #expect(try loss.item.isFinite)
        #expect(Swift.abs(try loss.item - Reference.number("bce_extreme", "value")) < 1e-12)
        #expect(maxDiff(try z.existingGrad().scalars, Reference.numbers("bce_extreme", "grad")) < 1e-12)
    }

    @Test func newtonStepWithCreateGraph() throws {
        let ref = Reference.numbers("newton")
        let t = Tensor(3.0, requiresGrad: true)
        let f = try t.pow(4) - 3 * t.pow(3) + 2
        let first = try Tensor.gradient(of: f, wrt: [t], createGraph: true)[0]
        #expect(first.requiresGrad)
        let second = try Tensor.gradient(of: first, wrt: [t])[0]
        #expect(Swift.abs(try first.item - ref[0]) < 1e-12)
        #expect(Swift.abs(try second.item - ref[1]) < 1e-12)
        let next = try withNoGrad { try t - first / second }
        #expect(Swift.abs(try next.item - ref[2]) < 1e-12)
        #expect(t.grad == nil, "gradient(of:wrt:) leaves .grad untouched")
    }

    @Test func softmaxAndMatmul() throws {
        let x = try Tensor(rows: [[0.5, -1.0, 2.0], [3.0, 0.0, -0.5]], requiresGrad: true)
        let w = try Tensor(rows: [[1.0, 2.0], [-1.0, 0.5], [0.25, -2.0]], requiresGrad: true)
        let weights = try Tensor(rows: [[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])
        let out = try (x.softmax(dim: 1) * weights).sum() + (x.logSoftmax(dim: 0) * weights).sum()
            + x.matmul(w).pow(2).sum()
        try out.backward()
        #expect(Swift.abs(try out.item - Reference.number("softmax_matmul", "value")) < 1e-12)
        #expect(maxDiff(try x.existingGrad().scalars, Reference.numbers("softmax_matmul", "X")) < 1e-12)
        #expect(maxDiff(try w.existingGrad().scalars, Reference.numbers("softmax_matmul", "W")) < 1e-12)
    }

    @Test func detachBlocksGradient() throws {
        let x = Tensor(3.0, requiresGrad: true)
        let y = try x * x.detach()
        try y.backward()
        #expect(try x.existingGrad().item == 3)
        #expect(x.detach().isLeaf && !x.detach().requiresGrad)
    }

    @Test func noGradRecordsNothing() throws {
        let x = Tensor(3.0, requiresGrad: true)
        let y = try withNoGrad { try x * 2 }
        #expect(y.gradFn == nil && !y.requiresGrad)
        #expect(throws: TensorError.self) { try y.backward() }
    }

    @Test func inPlaceRules() throws {
        let b = Tensor(1.0, requiresGrad: true)
        let error = #expect(throws: TensorError.self) { try b.subtractInPlace(Tensor(0.5)) }
        #expect(error?.message.contains("a leaf Variable that requires grad is being used in an in-place operation") == true)
        try (b * 4).backward()
        try withNoGrad { try b.subtractInPlace(b.existingGrad().multiplying(0.1)) }
        #expect(try b.item == 0.6)
        #expect(b.isLeaf && b.requiresGrad)
        b.grad = nil
        #expect(b.grad == nil)
        let plain = try Tensor([1, 2, 3])
        try plain.mulInPlace(Tensor([2, 2, 2]))
        try plain.addInPlace(1)
        #expect(plain.scalars == [3, 5, 7])
        #expect(throws: TensorError.self) { try plain.addInPlace(Tensor.ones([2, 3])) }
    }

    @Test func requiresGradOnlyOnLeaves() throws {
        let x = Tensor(2.0, requiresGrad: true)
        let y = try x * 2
        #expect(throws: TensorError.self) { try y.setRequiresGrad(false) }
        let z = Tensor(1.0)
        try z.setRequiresGrad()
        #expect(z.requiresGrad)
    }

    @Test func nonScalarBackwardNeedsGradient() throws {
        let x = try Tensor([1, 2], requiresGrad: true)
        let y = try x * 3
        let error = #expect(throws: TensorError.self) { try y.backward() }
        #expect(error?.message.contains("grad can be implicitly created only for scalar outputs") == true)
        try y.backward(gradient: Tensor([1, 10]))
        #expect(try x.existingGrad().scalars == [3, 30])
    }

    @Test func gradNamesFollowPyTorch() throws {
        let x = try Tensor([1, 2], requiresGrad: true)
        let m = try Tensor(rows: [[1, 2], [3, 4]], requiresGrad: true)
        let cases: [(Tensor, String)] = [
            (try x + x, "AddBackward0"), (try x - 1, "SubBackward0"), (try 1 - x, "RsubBackward1"),
            (try x * x, "MulBackward0"), (try x / x, "DivBackward0"), (try x.pow(2), "PowBackward0"),
            (try x.exp(), "ExpBackward0"), (try x.sum(), "SumBackward0"), (try x.mean(), "MeanBackward0"),
            (try m.index([.all, .at(0)]), "SelectBackward0"), (try m.index([.range(0, 1)]), "SliceBackward0"),
            (try m.matmul(m), "MmBackward0"), (try m.matmul(x), "MvBackward0"), (try x.matmul(x), "DotBackward0"),
            (try m.transposed(), "TBackward0"), (try m.reshape([4]), "ViewBackward0"),
            (try m.sum(dim: 0), "SumBackward1"), (try m.max(dim: 0).values, "MaxBackward0"),
        ]
        for (t, name) in cases { #expect(t.gradFnName == name) }
    }

    @Test func longChainsReleaseWithoutRecursion() throws {
        let x = Tensor(1.0, requiresGrad: true)
        var total = Tensor(0.0)
        for _ in 0..<200_000 { total = try total + x }
        #expect(try total.item == 200_000)
        try total.backward()
        #expect(try x.existingGrad().item == 200_000)
        total = Tensor(0.0)
    }
}

@Suite struct GraphTraceTests {
    @Test func valueUsedTwiceIsOneNodeWithTwoEdges() throws {
        let x = Tensor(2.0, requiresGrad: true), y = Tensor(3.0, requiresGrad: true)
        let f = try x * (x + y) + y * y
        let before = f.graphTrace()
        #expect(before.nodes.count == 6)
        #expect(before.nodes.filter { $0.isLeaf }.count == 2)
        let xId = try #require(before.nodes.first { $0.value == [2.0] && $0.isLeaf }).id
        #expect(before.edges.filter { $0.from == xId }.count == 2)
        #expect(before.nodes[before.root].op == "AddBackward0")
        #expect(before.backwardOrder.first == before.root)
        try f.backward()
        let after = f.graphTrace()
        #expect(after.nodes.first { $0.id == xId }?.grad == [7.0])
    }
}
