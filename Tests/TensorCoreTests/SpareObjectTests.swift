import Foundation
import Testing
@testable import TensorCore

/// Tensors and element buffers that TensorCore itself lets go (a released graph's intermediates,
/// a backward's used gradients and dropped elements) are cleared and kept per thread for the next
/// results (`Tensor.recycle`, `Tensor.dropElements`, `BlockPool`): a reused object must carry
/// nothing of its past, and nothing anyone still holds may be reused.
@Suite struct SpareObjectTests {
    /// A tensor with every field set, recycled, comes back from `make` as a plain new result.
    @Test func aRecycledTensorComesBackClean() throws {
        var tensor: Tensor? = try Tensor([1, 0, 1], shape: [3, 1]).multiplying(Tensor(2, requiresGrad: true))
        let used = try #require(tensor)
        used.kind = .bool
        used.isDetachedCopy = true
        used.grad = try Tensor([5, 5, 5], shape: [3, 1])
        used.valuesReleased = true
        used.visitMark = Tensor.reached
        used.derivedCache = DerivedCache(source: used.storage, shape: used.shape)
        let id = ObjectIdentifier(used)
        tensor = nil
        Tensor.recycle(consume used)
        let fresh = Tensor.make(shape: [2], storage: TensorStorage([7, 8]))
        #expect(ObjectIdentifier(fresh) == id, "the spare object is the one handed out next")
        #expect(fresh.shape == [2] && fresh.scalars == [7, 8])
        #expect(fresh.gradFn == nil && fresh.grad == nil && !fresh.requiresGrad && fresh.pendingGrad == nil)
        #expect(fresh.kind == .float && !fresh.isDetachedCopy && !fresh.valuesReleased && fresh.derivedCache == nil)
        #expect(fresh.visitMark == Tensor.notReached)
    }

    /// Training steps reuse the objects of the step before: after a few steps, a step takes its
    /// tensors and element buffers from the thread's spares, and gives them back.
    @Test func trainingStepsReuseTheirObjects() throws {
        var data = TestData(seed: 4)
        let X = try data.tensor([135]).detach()
        let y = try data.tensor([135], 0, 1).detach()
        let b = try data.tensor([])
        var losses: [Double] = []
        for _ in 0..<3 {
            let p = try (b * X).sigmoid()
            let loss = try (y * p.log() + (1 - y) * (1 - p).log()).mean().negated()
            try loss.backward()
            try withNoGrad { try b.addInPlace(b.existingGrad(), alpha: -0.1) }
            b.grad = nil
            losses.append(try loss.item)
        }
        let spares = BlockPool.spareCounts(bufferOf: 135)
        #expect(spares.tensors > 0)
        #expect(spares.buffers > 0)
        #expect(spares.nodes > 0)
        // The same step from fresh objects gives the same numbers.
        let b2 = try Tensor(b.item, requiresGrad: true)
        let p2 = try (b2 * X).sigmoid()
        let again = try (y * p2.log() + (1 - y) * (1 - p2).log()).mean().negated()
        let p = try (b * X).sigmoid()
        let next = try (y * p.log() + (1 - y) * (1 - p).log()).mean().negated()
        #expect(try next.item == again.item)
        #expect(losses[2] < losses[0])
    }

    /// A reused graph node is the node a new one would be: its name, inputs and constant are the new
    /// operation's, and it remembers nothing of an earlier backward pass.
    @Test func aReusedNodeRemembersNothing() throws {
        let x = try Tensor([0.5, 1.5, 2.5], shape: [3], requiresGrad: true)
        var lastNegation: ObjectIdentifier?
        for round in 0..<3 {
            let reused = lastNegation
            // 2 − x, then −x after a backward: the negation node of one round (released with its
            // graph, records and all) is the next round's Rsub node.
            let second = try x.subtracted(from: 2)
            if let reused { #expect(ObjectIdentifier(try #require(second.gradFn)) == reused, "the last round's node") }
            let first = try x.negated().sigmoid().log().mean()
            var below = try #require(first.gradFn)
            for _ in 0..<3 { below = try #require(below.inputs[0]?.gradFn) }
            #expect(below.name == "NegBackward0")
            lastNegation = ObjectIdentifier(below)
            #expect(try Tensor.recordedBackwardSteps(of: first) == nil, "round \(round): no pass yet")
            try first.backward()
            #expect(try Tensor.recordedBackwardSteps(of: first) != nil)
            let node = try #require(second.gradFn)
            #expect(node.name == "RsubBackward1")
            #expect(node.inputs.count == 1 && node.inputs[0] === x)
            if case .scalar(let s, let slot) = node.constant { #expect(s == 2 && slot == 0) } else { Issue.record("constant") }
            // A reused node may hold an earlier graph's plain records, but shows none of them.
            #expect(node.lastPass == 0 && node.lastElements == nil && !node.isFreed)
            #expect(node.recordedGradient(.incoming, shapedLike: second) == nil)
        }
        x.grad = nil
        let product = try x.multiplying(Tensor([1, 2, 3], shape: [3]))
        let mul = try #require(product.gradFn)
        #expect(mul.name == "MulBackward0" && mul.inputs[0] === x && mul.inputs[1] == nil)
        try product.sum().backward()
        #expect(try #require(x.grad).scalars == [1, 2, 3])
    }

    /// Elements another tensor shares are never kept: the sharer's values survive later results.
    /// `reshape` shares its input's elements, so the backward dropping the input's elements (only
    /// the graph holds the input) must leave them to the reshaped tensor; a `detach()`ed copy of an
    /// intermediate keeps its elements when the graph is released.
    @Test func sharedElementsAreNotReused() throws {
        let x = try Tensor((0..<135).map(Double.init), shape: [135], requiresGrad: true)
        let reshaped = try x.multiplying(2).reshape([135, 1])
        try reshaped.sum().backward()
        var detached: Tensor?
        do {
            let p = try x.multiplying(3).sigmoid()
            detached = p.detach()
            try p.log().sum().backward()
        }
        for _ in 0..<4 { _ = try Tensor.full([135], -1).adding(Tensor.full([135], -1)).log() }
        #expect(reshaped.scalars == (0..<135).map { Double($0) * 2 })
        let expected = try x.detach().multiplying(3).sigmoid().scalars
        #expect(try #require(detached).scalars == expected)
    }

    /// A thread that ends with spare objects frees them (and the blocks they give back) without
    /// trouble, and other threads are unaffected.
    @Test func threadsEndingWithSparesFreeThem() throws {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for _ in 0..<5 {
                let x = try? Tensor((0..<135).map(Double.init), shape: [135], requiresGrad: true)
                try? x?.multiplying(3).sigmoid().sum().backward()
            }
            done.signal()
        }
        thread.start()
        done.wait()
        Thread.sleep(forTimeInterval: 0.05)
        let t = try Tensor.full([135], 2).adding(1)
        #expect(t.scalars.allSatisfy { $0 == 3 })
    }
}
