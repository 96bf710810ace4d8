import Foundation
import Testing
@testable import TensorCore

/// Seeded streams against what PyTorch drew after torch.manual_seed (float64).
@Suite struct RandomTests {
    @Test func matchesTorchManualSeed() throws {
        let context = TensorContext(seed: 42)
        try context.withCurrent {
            let checks: [(Tensor, String)] = [
                (try Tensor.randn([5]), "seed42_randn5"), (try Tensor.randn([3]), "then_randn3"),
                (try Tensor.randn([20]), "then_randn20"), (try Tensor.rand([5]), "then_rand5"),
            ]
            for (t, key) in checks {
                #expect(maxDiff(t.scalars, Reference.numbers("random", key)) < 1e-12, "\(key)")
            }
            let scalar = try Tensor.randn([])
            #expect(scalar.shape == [])
            #expect(Swift.abs(try scalar.item - Reference.number("random", "then_randn_scalar")) < 1e-12)
            context.seed(0)
            #expect(maxDiff(try Tensor.rand([3, 2]).scalars, Reference.numbers("random", "seed0_rand3x2")) < 1e-12)
            #expect(maxDiff(try Tensor.randn([16]).scalars, Reference.numbers("random", "then_randn16")) < 1e-12)
            #expect(maxDiff(try Tensor.randn([1]).scalars, Reference.numbers("random", "then_randn1")) < 1e-12)
        }
    }

    @Test func contextsAreIndependent() throws {
        let a = TensorContext(seed: 1), b = TensorContext(seed: 1)
        let first = try a.withCurrent { try Tensor.rand([4]).scalars }
        _ = try b.withCurrent { try Tensor.rand([100]) }
        let again = try b.withCurrent { () throws -> [Double] in
            b.seed(1)
            return try Tensor.rand([4]).scalars
        }
        #expect(first == again)
        a.withCurrent {
            a.withNoGrad {
                #expect(!TensorContext.current.isGradEnabled)
                #expect(b.isGradEnabled)
            }
        }
    }
}
