import Foundation
import Testing
@testable import TensorCore

/// Deterministic test data: values in [low, high) from a fixed MT19937 stream.
struct TestData {
    var generator: MT19937

    init(seed: UInt64 = 7) { generator = MT19937(seed: seed) }

    /// A tensor that requires grad, with values drawn from [low, high), kept `margin` away from
    /// each point in `avoid` (kinks of relu, abs, clamp).
    mutating func tensor(_ shape: [Int], _ low: Double = -2, _ high: Double = 2,
                         avoid: [Double] = [], margin: Double = 0.05) throws -> Tensor {
        let n = shape.reduce(1, *)
        var values: [Double] = []
        while values.count < n {
            let v = low + (high - low) * generator.nextDouble()
            if avoid.allSatisfy({ Swift.abs(v - $0) > margin }) { values.append(v) }
        }
        return try Tensor(values, shape: shape, requiresGrad: true)
    }
}

/// The largest difference between autograd and central differences of `(f(inputs) · w).sum()`
/// for a fixed random weight w, over every element of every input; also checks that with
/// `createGraph` the gradient is itself differentiable, comparing its own gradient the same way.
func gradcheck(_ inputs: [Tensor], eps: Double = 1e-6, secondOrder: Bool = false,
               _ f: @escaping ([Tensor]) throws -> Tensor) throws -> Double {
    var data = TestData(seed: 99)
    let probe = try f(inputs)
    let weight = try data.tensor(probe.shape).detach()
    let scalar: ([Tensor]) throws -> Tensor = { xs in try f(xs).multiplying(weight).sum() }
    let analytic = try Tensor.gradient(of: scalar(inputs), wrt: inputs, allowUnused: true)
    var worst = try compareNumeric(inputs, analytic, eps: eps, scalar)
    if secondOrder {
        // d/dx of Σ(∂L/∂x · v): differentiate the gradient once more.
        let v = try inputs.map { try data.tensor($0.shape).detach() }
        let gradDot: ([Tensor]) throws -> Tensor = { xs in
            let gs = try Tensor.gradient(of: scalar(xs), wrt: xs, createGraph: true, allowUnused: true)
            var total = try Tensor.zeros([])
            for (g, vi) in zip(gs, v) { total = try total.adding(g.multiplying(vi).sum()) }
            return total
        }
        // A gradient that does not depend on the inputs has no graph: its own gradient is zero.
        let outer = try gradDot(inputs)
        let second = outer.requiresGrad
            ? try Tensor.gradient(of: outer, wrt: inputs, allowUnused: true)
            : try inputs.map { try Tensor.zeros($0.shape) }
        worst = Swift.max(worst, try compareNumeric(inputs, second, eps: 1e-5, gradDot))
    }
    return worst
}

/// Max |analytic − numeric| relative to max(1, |numeric|), by central differences.
private func compareNumeric(_ inputs: [Tensor], _ analytic: [Tensor], eps: Double,
                            _ scalar: ([Tensor]) throws -> Tensor) throws -> Double {
    var worst = 0.0
    for (k, x) in inputs.enumerated() {
        for i in 0..<x.count {
            let original = x.storage[i]
            x.storage[i] = original + eps
            let up = try scalar(inputs).item
            x.storage[i] = original - eps
            let down = try scalar(inputs).item
            x.storage[i] = original
            let numeric = (up - down) / (2 * eps)
            let diff = Swift.abs(analytic[k].storage[i] - numeric) / Swift.max(1, Swift.abs(numeric))
            worst = Swift.max(worst, diff)
        }
    }
    return worst
}
