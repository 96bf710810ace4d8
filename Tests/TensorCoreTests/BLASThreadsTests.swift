import Foundation
import Testing
@testable import TensorCore

/// OpenBLAS's thread count is process-wide; labs run at once (and submissions graded at once)
/// must not change it under each other's products. Before `BLASThreads.during`, a large product
/// on one thread came out wrong while another thread switched between small and large ones.
@Suite struct BLASThreadsTests {
    final class Shared: @unchecked Sendable {
        let a: Tensor, b: Tensor, small1: Tensor, small2: Tensor
        let expected: [Double]
        let lock = NSLock()
        var wrong = 0

        init() throws {
            var data = TestData(seed: 3)
            a = try data.tensor([1500, 1500]).detach()
            b = try data.tensor([1500, 1500]).detach()
            small1 = try data.tensor([20, 20]).detach()
            small2 = try data.tensor([20, 20]).detach()
            expected = try a.matmul(b).scalars
        }
    }

    @Test func productsOnTwoThreadsDoNotChangeEachOthersThreadCount() throws {
        let shared = try Shared()
        let group = DispatchGroup()
        group.enter()
        Thread {
            for _ in 0..<8 {
                let result = (try? shared.a.matmul(shared.b).scalars) ?? []
                if result != shared.expected { shared.lock.withLock { shared.wrong += 1 } }
            }
            group.leave()
        }.start()
        group.enter()
        Thread {
            for i in 0..<4000 {
                _ = try? shared.small1.matmul(shared.small2)
                if i % 500 == 0 { _ = try? shared.a.matmul(shared.b) }
            }
            group.leave()
        }.start()
        group.wait()
        #expect(shared.wrong == 0, "\(shared.wrong) of 8 large products came out different")
    }

    /// A product waiting for another thread's BLAS call gives up when its own context is
    /// cancelled (a cell's time limit), instead of waiting as long as the other call runs.
    @Test func aWaitingProductStopsWhenItsCellIsCancelled() throws {
        var data = TestData(seed: 5)
        let a = try data.tensor([600, 600]).detach()
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread {
            BLASThreads.during(work: 1) {
                holding.signal()
                _ = release.wait(timeout: .now() + 10)
            }
        }.start()
        holding.wait()
        defer { release.signal() }
        let context = TensorContext()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { context.isCancelled = true }
        let started = Date()
        let outcome = Result { try context.withCurrent { try a.matmul(a) } }
        #expect(Date().timeIntervalSince(started) < 5, "waited for the other call")
        guard case .failure(let error) = outcome else {
            Issue.record("the product ran while another thread held BLAS")
            return
        }
        #expect((error as? TensorError)?.isCancellation == true, "\(error)")
    }
}
