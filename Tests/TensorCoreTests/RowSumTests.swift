import Foundation
import Testing
@testable import TensorCore

/// `sum(toShape:)` over whole rows (a bias's gradient) takes a row-by-row loop; its sums must be
/// those of the general broadcast loop, which adds the same elements in the same order.
@Suite struct RowSumTests {
    @Test func rowSumsAreTheGeneralLoopsToTheBit() throws {
        let values: [Double] = (0..<60).map { (i: Int) -> Double in
            Foundation.sin(Double(i) * 0.7) * 1e3 + 1 / Double(i + 1)
        }
        let t = try Tensor(values).reshape([5, 3, 4])
        for target in [[4], [1, 4], [3, 4], [1, 3, 4], [1, 1, 4]] {
            let inner = target.reduce(1, *)
            var expected = [Double](repeating: 0, count: inner)
            for (i, v) in values.enumerated() { expected[i % inner] += v }
            let summed = try t.sum(toShape: target)
            #expect(summed.shape == target)
            #expect(summed.scalars.map { $0.bitPattern } == expected.map { $0.bitPattern }, "\(target)")
        }
        // Not whole rows: the general loop (the column sums of [5, 12] to [5, 1]).
        let columns = try t.reshape([5, 12]).sum(toShape: [5, 1])
        #expect(columns.scalars.count == 5)
        #expect(abs(columns.scalars[0] - values[0..<12].reduce(0, +)) < 1e-9)
    }
}
