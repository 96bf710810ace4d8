import Foundation
import Testing
import TensorCore
@testable import NeuralNet

/// GELU, LeakyReLU, BatchNorm1d, RMSprop, AdamW and clipGradNorm against PyTorch float64
/// (Tests/TensorCoreTests/Reference/make_library_reference.py writes Reference/library_reference.json).
@Suite struct LayerOptimizerTests {
    nonisolated(unsafe) static let json = ClassLossTests.json
    static let m = ClassLossTests.m

    static func numbers(_ value: Any?) -> [Double] { (value as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? [] }

    static func close(_ a: [Double], _ b: [Double], _ tol: Double = 1e-12) -> Bool {
        a.count == b.count && !a.isEmpty && zip(a, b).allSatisfy { abs($0 - $1) <= tol * max(1, abs($1)) }
    }

    /// The layer's output and input gradient, for PyTorch's weights 0.5, 0.75, … on the output.
    static func check(_ name: String, _ layer: (Tensor) throws -> Tensor) throws -> Tensor {
        let expected = try #require(json[name] as? [String: Any])
        let x = try Tensor(rows: m, requiresGrad: true)
        let out = try layer(x)
        #expect(close(out.scalars, numbers(expected["value"])), "\(name) value")
        let w = try Tensor((0..<out.count).map { 0.5 + 0.25 * Double($0) }, shape: out.shape)
        try (out * w).sum().backward()
        #expect(close(try #require(x.grad).scalars, numbers((expected["grads"] as? [Any])?.first)), "\(name) gradient")
        return x
    }

    @Test func activationsMatchPyTorch() throws {
        _ = try Self.check("gelu") { try GELU()($0) }
        _ = try Self.check("leaky_relu") { try LeakyReLU(slope: 0.1)($0) }
    }

    @Test func batchNormTrainsAndEvaluatesAsPyTorch() throws {
        let norm = try BatchNorm1d(3)
        _ = try Self.check("batchnorm_train") { try norm($0) }
        let running = try #require(Self.json["batchnorm_running"] as? [String: Any])
        #expect(Self.close(norm.runningMean.scalars, Self.numbers(running["mean"])))
        #expect(Self.close(norm.runningVariance.scalars, Self.numbers(running["var"])))
        #expect(Self.close(try #require(norm.weight.grad).scalars, Self.numbers(running["weight_grad"])))
        #expect(Self.close(try #require(norm.bias.grad).scalars, Self.numbers(running["bias_grad"])))
        norm.setTraining(false)
        #expect(Self.close(try norm(Tensor(rows: Self.m)).scalars, Self.numbers(Self.json["batchnorm_eval"])))
    }

    /// Five steps on Σ cᵢwᵢ² + (Σ wᵢ)², as the reference script takes them.
    static func run(_ make: ([Tensor]) throws -> any Optimizer) throws -> [Double] {
        let w = try Tensor(m[0], requiresGrad: true)
        let optimizer = try make([w])
        for _ in 0..<5 {
            optimizer.zeroGrad()
            let loss = try (w * w * Tensor([1.0, 2.0, 3.0])).sum() + w.sum().pow(2)
            try loss.backward()
            try optimizer.step()
        }
        return w.scalars
    }

    @Test func optimizersMatchPyTorch() throws {
        #expect(Self.close(try Self.run { try RMSprop($0, lr: 0.01) }, Self.numbers(Self.json["optim_rmsprop"])))
        #expect(Self.close(try Self.run { try RMSprop($0, lr: 0.05, alpha: 0.9, weightDecay: 0.1) },
                           Self.numbers(Self.json["optim_rmsprop_decay"])))
        #expect(Self.close(try Self.run { try Adam($0, lr: 0.1, weightDecay: 0.01, decoupledWeightDecay: true) },
                           Self.numbers(Self.json["optim_adamw"])))
        #expect(Self.close(try Self.run { try Adam($0, lr: 0.05, weightDecay: 0.5, decoupledWeightDecay: true) },
                           Self.numbers(Self.json["optim_adamw_decay"])))
    }

    @Test func clipGradNormScalesTheJoinedGradient() throws {
        let w = try Tensor(Self.m[1], requiresGrad: true)
        try (w * w).sum().backward()
        let norm = try clipGradNorm([w], maxNorm: 1.0)
        let expected = try #require(Self.json["clip_grad_norm"] as? [String: Any])
        #expect(abs(norm - ((expected["norm"] as? Double) ?? .nan)) < 1e-12)
        #expect(Self.close(try #require(w.grad).scalars, Self.numbers(expected["grad"])))
        #expect(throws: TensorError.self) { _ = try clipGradNorm([w], maxNorm: -1) }
    }

    @Test func stepLRMultipliesEveryStepSizeSteps() throws {
        let optimizer = try SGD([Tensor(1.0, requiresGrad: true)], lr: 1)
        let schedule = try StepLR(optimizer, stepSize: 3, gamma: 0.5)
        var rates: [Double] = []
        for _ in 0..<7 { schedule.step(); rates.append(optimizer.lr) }
        #expect(rates == [1, 1, 0.5, 0.5, 0.5, 0.25, 0.25])
    }

    @Test func dropoutKeepsTheScaleAndStopsInEvaluation() throws {
        let drop = try Dropout(p: 0.25)
        let out = try TensorContext(seed: 3).withCurrent { try drop(Tensor.ones([4000])) }
        #expect(Set(out.scalars).isSubset(of: [0, 1 / 0.75]))
        #expect(abs(out.scalars.reduce(0, +) / 4000 - 1) < 0.05, "the mean stays about 1")
        drop.setTraining(false)
        #expect(try drop(Tensor.ones([3])).scalars == [1, 1, 1])
        #expect(throws: TensorError.self) { _ = try Dropout(p: 1.5) }
    }
}
