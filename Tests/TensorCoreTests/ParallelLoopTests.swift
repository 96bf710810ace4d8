import Foundation
import Testing
@testable import TensorCore

/// Elementwise loops split between threads give the same bits as on one thread.
@Suite struct ParallelLoopTests {
    @Test func resultsAreTheSameWhateverTheThreadCount() throws {
        var data = TestData(seed: 21)
        let x = try data.tensor([1500, 1500]).detach(), y = try data.tensor([1500, 1500]).detach()
        let w = try data.tensor([1500, 1500]).detach(), b = try data.tensor([1500]).detach()
        func run() throws -> [[UInt64]] {
            let results = [
                try x.relu(), x.zipValues(y) { a, c in a > 0 ? c : 0 }, try x.adding(y), try x.multiplying(3),
                try x.sigmoid(), try x.linear(weight: w, bias: b), try x.sum(toShape: [1500]), try x.sum(toShape: [1, 1500]),
            ]
            return results.map { $0.scalars.map(\.bitPattern) }
        }
        let saved = ParallelLoop.maxThreads
        defer { ParallelLoop.maxThreads = saved }
        ParallelLoop.maxThreads = 1
        let single = try run()
        ParallelLoop.maxThreads = 4
        let split = try run()
        let differing = (0..<single.count).filter { single[$0] != split[$0] }
        #expect(differing.isEmpty, "results that differ: \(differing) of relu, zip, add, multiply, sigmoid, linear, sum, sum")
        #expect(x.count >= 4 * ParallelLoop.grain, "large enough to be split four ways")
        // The split covers every element once.
        var seen = [Int](repeating: 0, count: 4 * ParallelLoop.grain + 3)
        seen.withUnsafeMutableBufferPointer { counts in
            ParallelLoop.forEach(counts.count) { range in for i in range { counts[i] += 1 } }
        }
        #expect(seen.allSatisfy { $0 == 1 })
    }
}
