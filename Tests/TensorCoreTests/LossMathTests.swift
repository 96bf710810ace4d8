import CKernels
import Foundation
import Testing
@testable import TensorCore

/// CKernels' own e^x (x ≤ 0), log1p (on [0, 1]) and log stay within 1 ulp of glibc's, which is within
/// half an ulp of the exact value, over the whole domain and at its edges; its sigmoid stays within
/// 2 ulps of the formula with glibc's exp it replaced.
@Suite struct LossMathTests {
    /// How many representable doubles lie between a and b (0 when equal; NaN only matches NaN).
    func ulps(_ a: Double, _ b: Double) -> UInt64 {
        if a == b || (a.isNaN && b.isNaN) { return 0 }
        if a.isNaN || b.isNaN || a.sign != b.sign { return .max }
        return a.bitPattern > b.bitPattern ? a.bitPattern - b.bitPattern : b.bitPattern - a.bitPattern
    }

    /// The largest distance in ulps between `ours` and `libm` over 200,000 seeded inputs.
    func worstUlps(seed: UInt64, input: (Int, Double) -> Double, _ ours: (Double) -> Double,
                   _ libm: (Double) -> Double) -> UInt64 {
        var generator = MT19937(seed: seed)
        var worst: UInt64 = 0
        for i in 0..<200_000 {
            let x = input(i, generator.nextDouble())
            worst = max(worst, ulps(ours(x), libm(x)))
        }
        return worst
    }

    @Test func expMatchesLibmWithinOneUlp() {
        let worst = worstUlps(seed: 7, input: { i, u in
            switch i % 4 {
            case 0: return -745 * u                            // the whole domain
            case 1: return -u                                  // the logits of a trained model
            case 2: return -Foundation.pow(10, -20 + 22.8 * u) // tiny to large magnitudes
            default: return -700 - 45.1 * u                    // subnormal results
            }
        }, labrun_exp_nonpositive, Foundation.exp)
        #expect(worst <= 1)
        for x in [0.0, -0.0, -1e-300, -0.5 * M_LN2, -M_LN2, -708.4, -709, -745.13, -745.2, -746, -1e308] {
            #expect(ulps(labrun_exp_nonpositive(x), Foundation.exp(x)) <= 1, "x = \(x)")
        }
        #expect(labrun_exp_nonpositive(-.infinity) == 0)
        #expect(labrun_exp_nonpositive(.nan).isNaN)
    }

    @Test func log1pMatchesLibmWithinOneUlp() {
        let worst = worstUlps(seed: 8, input: { i, u in
            switch i % 3 {
            case 0: return u                                // the whole domain
            case 1: return Foundation.pow(10, -300 * u)     // down to tiny values
            default: return Foundation.exp(-40 * u)         // as the loss makes them
            }
        }, labrun_log1p_unit, Foundation.log1p)
        #expect(worst <= 1)
        for e in [0.0, .leastNonzeroMagnitude, .leastNonzeroMagnitude * 2024, 1e-17, 1.1e-16, 0.41421356237309503, 0.4142135623730951, 0.5, 1.0] {
            #expect(ulps(labrun_log1p_unit(e), Foundation.log1p(e)) <= 1, "e = \(e)")
        }
        #expect(labrun_log1p_unit(.nan).isNaN)
    }

    @Test func logMatchesLibmWithinOneUlp() {
        let worst = worstUlps(seed: 9, input: { i, u in
            switch i % 5 {
            case 0: return Foundation.pow(2, -1074 + 2098 * u)     // every exponent, subnormals too
            case 1: return 0.5 + 1.5 * u                           // around 1, where log is smallest
            case 2: return 1 + 1e-6 * (u - 0.5)                    // next to 1
            case 3: return u                                       // probabilities
            default: return 1 - u * 1e-12                          // probabilities near 1
            }
        }, labrun_log, Foundation.log)
        #expect(worst <= 1)
        let edges: [Double] = [
            1, 2, 0.5, 0.7071067811865475, 0.7071067811865476, 1.414213562373095, 1.4142135623730951,
            .leastNonzeroMagnitude, .leastNormalMagnitude, .leastNormalMagnitude.nextDown, .greatestFiniteMagnitude,
            1e-300, 1e300, .ulpOfOne, 1 + .ulpOfOne, 1.0.nextDown,
        ]
        for x in edges { #expect(ulps(labrun_log(x), Foundation.log(x)) <= 1, "x = \(x)") }
        #expect(labrun_log(0) == -.infinity)
        #expect(labrun_log(-0.0) == -.infinity)
        #expect(labrun_log(.infinity) == .infinity)
        for x in [-1.0, -.leastNonzeroMagnitude, -.infinity, .nan] { #expect(labrun_log(x).isNaN, "x = \(x)") }
    }

    @Test func sigmoidMatchesTheLibmFormula() {
        func formula(_ x: Double) -> Double {
            x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
        }
        let worst = worstUlps(seed: 10, input: { i, u in
            switch i % 3 {
            case 0: return 80 * u - 40                             // the range a model's logits take
            case 1: return 1480 * u - 745                          // down to subnormal results
            default: return Foundation.pow(10, -20 + 20 * u) * (i % 2 == 0 ? 1 : -1)
            }
        }, labrun_sigmoid, formula)
        #expect(worst <= 2)
        #expect(labrun_sigmoid(0) == 0.5)
        #expect(labrun_sigmoid(.infinity) == 1)
        #expect(labrun_sigmoid(-.infinity) == 0)
        #expect(labrun_sigmoid(-800) == 0)
        #expect(labrun_sigmoid(.nan).isNaN)
    }
}
