import Foundation
import Testing
@testable import TensorCore

/// The cache of large element blocks (over `BlockPool.maxPooledCount` Doubles) in each thread's pool.
@Suite struct LargeBlockCacheTests {
    /// Runs `body` on a new thread, whose pool starts empty, with `context` installed.
    private func onFreshThread(_ context: TensorContext, _ body: @escaping @Sendable () throws -> Void) throws {
        nonisolated(unsafe) var failure: Error?
        let done = DispatchSemaphore(value: 0)
        Thread {
            do { try context.withCurrent { try body() } } catch { failure = error }
            done.signal()
        }.start()
        done.wait()
        if let failure { throw failure }
    }

    private func base(_ t: Tensor) -> UnsafeMutablePointer<Double>? { t.storage.buffer?.base }

    @Test func aFreedBlockServesTheNextTensorOfItsSize() throws {
        try onFreshThread(TensorContext()) {
            var first: Tensor? = try Tensor.full([300, 100], 1)
            let block = first.flatMap(base)
            first = nil
            #expect(BlockPool.cachedBytes == 30_000 * 8)
            let second = try Tensor.full([100, 300], 2)
            #expect(base(second) == block, "the same size reuses the block")
            #expect(second.scalars.allSatisfy { $0 == 2 })
            #expect(BlockPool.cachedBytes == 0)
            // A slightly smaller tensor fits a cached block; a much smaller one does not take it.
            var big: Tensor? = try Tensor.zeros([40_000])
            let bigBlock = big.flatMap(base)
            big = nil
            let small = try Tensor.zeros([10_000])
            #expect(base(small) != bigBlock)
            let near = try Tensor.ones([36_000])
            #expect(base(near) == bigBlock)
            #expect(near.count == 36_000 && near.scalars.allSatisfy { $0 == 1 })
        }
    }

    @Test func theCacheKeepsToItsLimitAndEmptiesOnRequest() throws {
        let context = TensorContext()
        context.maxCachedBytes = 100_000 * 8
        try onFreshThread(context) {
            for size in [30_000, 40_000, 50_000] { _ = try Tensor.zeros([size]) }
            // 120,000 Doubles were freed; the oldest went back to the system.
            #expect(BlockPool.cachedBytes == 90_000 * 8)
            _ = try Tensor.zeros([200_000])
            #expect(BlockPool.cachedBytes == 90_000 * 8, "a block larger than the limit is not kept")
            context.releaseCachedBlocks()
            #expect(BlockPool.cachedBytes == 0)
        }
    }

    @Test func matmulResultsFillEveryElement() throws {
        // The product's memory is not zeroed first (BLAS writes it): a recycled block full of
        // other numbers must not show through, in chunks or not.
        try onFreshThread(TensorContext()) {
            _ = try Tensor.full([600, 64], .nan)
            let a = try Tensor.ones([600, 8]), b = try Tensor.full([8, 64], 0.5)
            let c = try a.matmul(b)
            #expect(c.shape == [600, 64] && c.scalars.allSatisfy { $0 == 4 })
            let empty = try Tensor.ones([600, 0]).matmul(try Tensor.ones([0, 64]))
            #expect(empty.scalars.allSatisfy { $0 == 0 })
        }
    }
}

/// When labrun asks OpenBLAS for another kernel (see `BLASCore`).
@Suite struct BLASCoreTests {
    @Test func onlyPreAVX2FallbacksOnCapableCPUsAreReplaced() {
        #expect(BLASCore.recommendedCore(current: "Prescott", vectorLevel: 2) == "Haswell")
        #expect(BLASCore.recommendedCore(current: "Prescott", vectorLevel: 3) == "SkylakeX")
        #expect(BLASCore.recommendedCore(current: "Nehalem", vectorLevel: 2) == "Haswell")
        #expect(BLASCore.recommendedCore(current: "Prescott", vectorLevel: 0) == nil, "an old CPU keeps it")
        for known in ["Zen", "Haswell", "SkylakeX", "Cooperlake", "NEOVERSEN1", "VORTEX"] {
            #expect(BLASCore.recommendedCore(current: known, vectorLevel: 3) == nil)
        }
        #expect(!BLASCore.current.isEmpty)
    }
}
