import Foundation
import Testing
import TestSupport
import TensorCore
@testable import NeuralNet

/// Cross-entropy with class weights and reductions, NLL and L1 against PyTorch float64
/// (Tests/TensorCoreTests/Reference/make_library_reference.py writes Reference/library_reference.json).
@Suite struct ClassLossTests {
    nonisolated(unsafe) static let json = referenceJSON("library_reference.json", besides: #filePath)

    static let logits: [[Double]] = [[1.0, -0.5, 2.0], [0.3, 0.2, -1.0], [-2.0, 1.5, 0.0], [0.5, 0.5, 0.5]]
    static let classes: [Double] = [2, 0, 1, 1]
    static let m: [[Double]] = [[1.0, -2.0, 0.5], [3.0, 0.25, -1.5], [2.0, 4.0, -0.75], [-1.0, 1.5, 2.5]]

    static func cases() throws -> [String: (Tensor) throws -> Tensor] {
        let target = try Tensor(classes)
        let weight = try Tensor([1.0, 2.0, 0.5])
        return [
            "ce_mean": { try CrossEntropyLoss()($0, target) },
            "ce_sum": { try CrossEntropyLoss(reduction: .sum)($0, target) },
            "ce_none": { try CrossEntropyLoss(reduction: .none)($0, target) },
            "ce_weight": { try CrossEntropyLoss(weight: weight)($0, target) },
            "ce_weight_none": { try CrossEntropyLoss(weight: weight, reduction: .none)($0, target) },
            "nll_mean": { try NLLLoss()($0, target) },
            "nll_weight": { try NLLLoss(weight: weight)($0, target) },
            "l1": { try L1Loss()($0, Tensor(rows: m.reversed())) },
        ]
    }

    @Test(arguments: ["ce_mean", "ce_sum", "ce_none", "ce_weight", "ce_weight_none", "nll_mean", "nll_weight", "l1"])
    func matchesPyTorch(name: String) throws {
        let loss = try #require(try Self.cases()[name])
        let expected = try #require(Self.json[name] as? [String: Any])
        let x = try Tensor(rows: name == "l1" ? Self.m : Self.logits, requiresGrad: true)
        let out = try loss(x)
        let value = (expected["value"] as? [Double]) ?? []
        #expect(out.count == value.count)
        #expect(zip(out.scalars, value).allSatisfy { abs($0 - $1) < 1e-12 }, "\(name)")
        let w = try Tensor((0..<out.count).map { 0.5 + 0.25 * Double($0) }, shape: out.shape)
        try (out * w).sum().backward()
        let grad = ((expected["grads"] as? [[Double]]) ?? [[]])[0]
        let mine = try #require(x.grad).scalars
        #expect(mine.count == grad.count && zip(mine, grad).allSatisfy { abs($0 - $1) < 1e-12 }, "\(name) gradient")
    }

    @Test func weightsMustBeOnePerClass() throws {
        #expect(throws: TensorError("CrossEntropyLoss: weight must have one entry per class (shape [3]), got shape [2]")) {
            _ = try CrossEntropyLoss(weight: Tensor([1, 2]))(Tensor(rows: Self.logits), Tensor(Self.classes))
        }
        #expect(throws: TensorError("NLLLoss: target 3.0 (row 0) is not a class index in 0..<3")) {
            _ = try NLLLoss()(Tensor(rows: Self.logits), Tensor([3, 0, 1, 1]))
        }
    }
}
