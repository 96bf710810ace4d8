import Foundation
import Testing
@testable import TensorCore

/// The element buffers (pooled, copy-on-write) and the release of long graphs.
@Suite struct StorageTests {
    @Test func writesCopyOnlyWhenShared() throws {
        let a = try Tensor([1, 2, 3])
        let b = a.detach()
        #expect(a.storage.isSameBuffer(as: b.storage))
        try b.addInPlace(10)
        #expect(a.scalars == [1, 2, 3])
        #expect(b.scalars == [11, 12, 13])
        #expect(!a.storage.isSameBuffer(as: b.storage))
        // The only owner writes in place.
        let before = ObjectIdentifier(b.storage.buffer!)
        try b.mulInPlace(2)
        #expect(ObjectIdentifier(b.storage.buffer!) == before)
        #expect(b.scalars == [22, 24, 26])
    }

    @Test func recycledBlocksHoldNewValues() throws {
        // Every size class, pooled and not, made and dropped repeatedly: a recycled block must never
        // leak old elements into a new tensor, and sizes must not mix.
        for count in [0, 1, 2, 3, 135, 1000, 4096, 4097, 10_000] {
            for round in 0..<3 {
                let value = Double(count * 10 + round)
                let t = try Tensor.full([count], value)
                #expect(t.count == count)
                #expect(t.scalars.allSatisfy { $0 == value })
            }
        }
        let zeros = try Tensor.zeros([135])
        #expect(zeros.scalars.allSatisfy { $0 == 0 })
    }

    @Test func buffersFreedOnAnotherThreadStayUsable() throws {
        let t = try Tensor.full([135], 2)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var moved: Tensor? = t.detach()
        Thread {
            moved = nil  // released (and pooled) on this thread
            done.signal()
        }.start()
        done.wait()
        #expect(moved == nil)
        #expect(try Tensor.full([135], 3).scalars.allSatisfy { $0 == 3 })
        #expect(t.scalars.allSatisfy { $0 == 2 })
    }

    @Test func shortLivedThreadsGetTheirOwnContextAndPool() throws {
        // Each thread makes its default context and block pool on first use and frees them when it
        // exits, while its last tensors are still being released.
        nonisolated(unsafe) let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: 8)
        defer { results.deallocate() }
        let group = DispatchGroup()
        for i in 0..<8 {
            group.enter()
            Thread {
                defer { group.leave() }
                let x = Tensor(Double(i), requiresGrad: true)
                guard let y = try? x.multiplying(Tensor.full([135], 2)).sum(), (try? y.backward()) != nil else {
                    results[i] = .nan
                    return
                }
                results[i] = x.grad.flatMap { try? $0.item } ?? .nan
                TensorContext.current.isGradEnabled = false  // this thread's context only
            }.start()
        }
        group.wait()
        #expect(Array(results) == Array(repeating: 270.0, count: 8))
        #expect(TensorContext.current.isGradEnabled)
    }

    @Test func addInPlaceWithAlphaIsPyTorchsAdd_() throws {
        let p = try Tensor([1, 2, 3])
        try p.addInPlace(Tensor([10, 20, 30]), alpha: -0.5)
        #expect(p.scalars == [-4, -8, -12])
        try p.addInPlace(Tensor(2), alpha: 2)
        #expect(p.scalars == [0, -4, -8])
        let m = try Tensor.zeros([2, 3])
        try m.addInPlace(Tensor([1, 2, 3]), alpha: 1)
        #expect(m.scalars == [1, 2, 3, 1, 2, 3])
        #expect(throws: TensorError.self) { try p.addInPlace(Tensor.zeros([2, 3]), alpha: 1) }
        let leaf = Tensor(1.0, requiresGrad: true)
        #expect(throws: TensorError.self) { try leaf.addInPlace(Tensor(1.0), alpha: 1) }
        try withNoGrad { try leaf.addInPlace(Tensor(1.0), alpha: -0.25) }
        #expect(try leaf.item == 0.75)
    }

    @Test func releasingAGradientsGraphDuringAPassKeepsPendingGradients() throws {
        // a.grad from a createGraph pass has a graph leading to b. The next pass replaces a.grad
        // (releasing that graph) while b's gradient is still pending; it must still reach b.grad.
        let a = Tensor(2.0, requiresGrad: true), b = Tensor(5.0, requiresGrad: true)
        do {
            let first = try a.multiplying(b.adding(0))
            try first.backward(createGraph: true)
        }
        #expect(try a.existingGrad().item == 5 && b.existingGrad().item == 2)
        try b.multiplying(a).backward()
        #expect(try a.existingGrad().item == 10)
        #expect(try b.existingGrad().item == 4)
    }

    @Test func leavesNeverShareTheirGradTensors() throws {
        // a + b sends the same gradient tensor to both leaves; each .grad must be its own tensor.
        let a = try Tensor([1, 2], requiresGrad: true), b = try Tensor([3, 4], requiresGrad: true)
        let z = try a.adding(b)
        try z.sum().backward()
        let (ga, gb) = (try a.existingGrad(), try b.existingGrad())
        #expect(ga !== gb)
        try withNoGrad { try ga.mulInPlace(10) }
        #expect(ga.scalars == [10, 10] && gb.scalars == [1, 1])
        // The shared seed of a scalar backward is never a leaf's .grad.
        let x = Tensor(3.0, requiresGrad: true)
        try x.backward()
        try withNoGrad { try x.existingGrad().mulInPlace(7) }
        x.grad = nil
        try x.backward()
        #expect(try x.existingGrad().item == 1)
    }

    @Test func recordedStepsKeepTheirValuesWhenAGradIsWritten() throws {
        let w = Tensor(2.0, requiresGrad: true)
        let loss = try w.multiplying(Tensor(3.0))
        try loss.backward()
        try withNoGrad { try w.existingGrad().mulInPlace(100) }
        let steps = try #require(try Tensor.recordedBackwardSteps(of: loss))
        #expect(steps.steps.first?.edges.first?.contribution == TraceValue(shape: [], values: [3]))
        #expect(try w.existingGrad().item == 300)
    }

    @Test func longGraphsAreReleasedWithoutRecursion() throws {
        // Released recursively, a chain this long would overflow the stack.
        let x = Tensor(1.0, requiresGrad: true)
        var y = x
        for _ in 0..<300_000 { y = try y.adding(x).multiplying(Tensor(1.0)) }
        weak let node = y.gradFn
        y = x
        #expect(node == nil)
        // A chain through nodes whose backward is a closure (sigmoid) too.
        var z = x
        for _ in 0..<200_000 { z = try z.sigmoid() }
        weak let closureNode = z.gradFn
        z = x
        #expect(closureNode == nil)
    }
}
