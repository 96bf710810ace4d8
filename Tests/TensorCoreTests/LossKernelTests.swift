import CKernels
import Foundation
import Testing
@testable import TensorCore

/// The C kernels of the fused BCE loss give bit for bit what the Swift element math they replaced gave
/// (LossMathReference.swift), on the generic path and on the one the CPU dispatches to (AVX2 where it
/// has it), at every length a vector loop's remainder can take. Serialized: tests switch the path.
@Suite(.serialized) struct LossKernelTests {
    /// Values at the edges of the math: zeros, infinities, NaNs, subnormals, the underflow bound.
    static let specials: [Double] = [
        0, -0.0, .infinity, -.infinity, .nan, -.nan, .signalingNaN,
        .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 3 * .leastNonzeroMagnitude,
        .leastNormalMagnitude, -.leastNormalMagnitude, 1e-300, -1e-300,
        745.2, -745.2, 745.13, -745.13, 745.2000000000001, -745.2000000000001, 746, -746,
        708.4, -708.4, 709, -709, 1000, -1000, 1e308, -1e308, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        1, -1, 0.5, -0.5, M_LN2, -M_LN2, 0.5 * M_LN2, -0.5 * M_LN2, 0.41421356237309503, 0.4142135623730951,
    ]

    /// Array lengths: empty, each remainder of 2- and 4-wide loops (with and without interleaving), the lecture's 135.
    static let lengths = [0, 1, 2, 3, 4, 5, 7, 8, 135, 1000]

    /// Equal bit patterns, except that a NaN matches any NaN: when both operands of an operation are
    /// NaN, which one's sign and payload survive depends on the compiler's operand order.
    func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    /// A seeded logit: any bit pattern, training-sized logits, every magnitude, edge values.
    func logit(_ g: inout MT19937, _ i: Int) -> Double {
        let sign: Double = g.nextUInt32() & 1 == 0 ? 1 : -1
        switch i % 6 {
        case 0: return Double(bitPattern: g.nextUInt64())
        case 1: return 20 * g.nextDouble() - 10
        case 2: return sign * Foundation.pow(10, -323 + 631 * g.nextDouble())
        case 3: return Self.specials[Int(g.nextUInt32() % UInt32(Self.specials.count))]
        case 4: return sign * (700 + 50 * g.nextDouble())
        default: return 2 * g.nextDouble() - 1
        }
    }

    /// A seeded target: mostly 0 or 1 as in classification, sometimes anything.
    func target(_ g: inout MT19937, _ i: Int) -> Double {
        switch i % 5 {
        case 0, 1: return Double(g.nextUInt32() & 1)
        case 2: return g.nextDouble()
        case 3: return Self.specials[Int(g.nextUInt32() % UInt32(Self.specials.count))]
        default: return Double(bitPattern: g.nextUInt64())
        }
    }

    @Test func scalarFunctionsMatchTheSwiftReference() {
        var g = MT19937(seed: 11)
        var mismatches: [String] = []
        for i in 0..<200_000 {
            let x = logit(&g, i)
            let a = i % 7 == 0 ? x : -Swift.abs(x)  // mostly the domain, sometimes outside it
            if !same(labrun_exp_nonpositive(a), referenceExpNonPositive(a)) { mismatches.append("exp(\(a))") }
            let e = i % 7 == 0 ? x : referenceExpNonPositive(-Swift.abs(x))
            if !same(labrun_log1p_unit(e), referenceLog1pUnit(e)) { mismatches.append("log1p(\(e))") }
        }
        for x in Self.specials {
            if !same(labrun_exp_nonpositive(x), referenceExpNonPositive(x)) { mismatches.append("exp(\(x))") }
            if !same(labrun_log1p_unit(x), referenceLog1pUnit(x)) { mismatches.append("log1p(\(x))") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    /// Runs `body` with the array kernels on the generic path or on the dispatched one.
    func onPath(generic: Bool, _ body: () -> Void) {
        labrun_kernels_force_generic(generic ? 1 : 0)
        defer { labrun_kernels_force_generic(0) }
        body()
    }

    /// Seeded inputs for arrays of `n` elements starting `offset` elements into their buffers, so
    /// the kernels also see starts that are not 32-byte aligned.
    func inputs(_ g: inout MT19937, n: Int, offset: Int) -> (x: [Double], y: [Double]) {
        let x = (0..<(n + offset)).map { logit(&g, $0 + Int(g.nextUInt32() % 6)) }
        let y = (0..<(n + offset)).map { target(&g, $0 + Int(g.nextUInt32() % 5)) }
        return (x, y)
    }

    /// Compares the forward kernel with the reference on arrays of `n` elements; returns the mismatches.
    func forwardMismatches(_ g: inout MT19937, n: Int, offset: Int) -> [String] {
        let (x, y) = inputs(&g, n: n, offset: offset)
        var exps = [Double](repeating: 7, count: n + offset), terms = exps
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                exps.withUnsafeMutableBufferPointer { ep in
                    terms.withUnsafeMutableBufferPointer { tp in
                        labrun_bce_logits_forward(xp.baseAddress! + offset, yp.baseAddress! + offset,
                                                  ep.baseAddress! + offset, tp.baseAddress! + offset, n)
                    }
                }
            }
        }
        var mismatches: [String] = []
        for i in 0..<offset where exps[i] != 7 || terms[i] != 7 { mismatches.append("wrote before the start at \(i)") }
        for i in offset..<(n + offset) {
            let (e, t) = referenceForward(x[i], y[i])
            if !same(exps[i], e) || !same(terms[i], t) {
                mismatches.append("n \(n) x \(x[i]) y \(y[i]): (\(exps[i]), \(terms[i])) vs (\(e), \(t))")
            }
        }
        return mismatches
    }

    /// Both paths in one test (not one parameterized case each): the path is process-wide state.
    @Test func forwardMatchesTheSwiftReference() {
        for generic in [true, false] {
            var g = MT19937(seed: 21)
            var mismatches: [String] = []
            onPath(generic: generic) {
                for round in 0..<12 {
                    for n in Self.lengths { mismatches += forwardMismatches(&g, n: n, offset: round % 4) }
                }
                mismatches += forwardMismatches(&g, n: 100_000, offset: 0)
            }
            #expect(mismatches.isEmpty, "generic \(generic): \(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
        }
    }

    /// Compares the gradient kernel with the reference on arrays of `n` elements; returns the mismatches.
    func gradientMismatches(_ g: inout MT19937, n: Int, offset: Int, factor f: Double) -> [String] {
        let (x, y) = inputs(&g, n: n, offset: offset)
        // Mostly e^−|x| as the forward saves it, sometimes any value.
        let e = x.enumerated().map { i, v in i % 9 == 0 ? logit(&g, i) : referenceExpNonPositive(-Swift.abs(v)) }
        var out = [Double](repeating: 7, count: n + offset)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                e.withUnsafeBufferPointer { ep in
                    out.withUnsafeMutableBufferPointer { op in
                        labrun_bce_logits_gradient(xp.baseAddress! + offset, yp.baseAddress! + offset,
                                                   ep.baseAddress! + offset, f, op.baseAddress! + offset, n)
                    }
                }
            }
        }
        var mismatches: [String] = []
        for i in 0..<offset where out[i] != 7 { mismatches.append("wrote before the start at \(i)") }
        for i in offset..<(n + offset) {
            let expected = referenceGradient(x[i], y[i], e[i], f)
            if !same(out[i], expected) { mismatches.append("n \(n) x \(x[i]) y \(y[i]) e \(e[i]) f \(f): \(out[i]) vs \(expected)") }
        }
        return mismatches
    }

    @Test func gradientMatchesTheSwiftReference() {
        let factors = [1.0 / 135, 1, -0.25, 0, -0.0, 1e-300, .infinity, .nan]
        for generic in [true, false] {
            var g = MT19937(seed: 31)
            var mismatches: [String] = []
            onPath(generic: generic) {
                for round in 0..<12 {
                    for n in Self.lengths {
                        mismatches += gradientMismatches(&g, n: n, offset: round % 4, factor: factors[round % factors.count])
                    }
                }
                mismatches += gradientMismatches(&g, n: 100_000, offset: 0, factor: 1.0 / 100_000)
            }
            #expect(mismatches.isEmpty, "generic \(generic): \(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
        }
    }

    /// The elementwise log and sigmoid kernels give, on both paths and at every length and alignment,
    /// the bits their scalar versions give (inputs from every magnitude, subnormals and specials).
    @Test func elementKernelsMatchTheirScalarVersions() {
        let kernels: [(String, (UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, Int) -> Void, (Double) -> Double)] = [
            ("log", labrun_log_array, labrun_log), ("sigmoid", labrun_sigmoid_array, labrun_sigmoid),
        ]
        for generic in [true, false] {
            var g = MT19937(seed: 41)
            var mismatches: [String] = []
            onPath(generic: generic) {
                for (name, kernel, scalar) in kernels {
                    for round in 0..<12 {
                        for n in Self.lengths + [100_000] where round == 0 || n < 100_000 {
                            let offset = round % 4
                            let x = (0..<(n + offset)).map { i in i % 5 == 4 ? Swift.abs(logit(&g, i)) : logit(&g, i) }
                            var out = [Double](repeating: 7, count: n + offset)
                            x.withUnsafeBufferPointer { xp in
                                out.withUnsafeMutableBufferPointer { op in kernel(xp.baseAddress! + offset, op.baseAddress! + offset, n) }
                            }
                            for i in 0..<offset where out[i] != 7 { mismatches.append("\(name) wrote before the start") }
                            for i in offset..<(n + offset) where !same(out[i], scalar(x[i])) {
                                mismatches.append("\(name)(\(x[i])) n \(n): \(out[i]) vs \(scalar(x[i]))")
                            }
                        }
                    }
                }
            }
            #expect(mismatches.isEmpty, "generic \(generic): \(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
        }
    }

    /// The dispatched path is AVX2 exactly when the CPU (and OS) has it, and forcing the generic path
    /// takes effect and can be undone.
    @Test func dispatchFollowsTheCPU() throws {
        #if arch(x86_64) && os(Linux)
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
        let hasAVX2 = flags.split(separator: " ").contains("avx2")
        #expect(labrun_kernels_using_avx2() == (hasAVX2 ? 1 : 0))
        #elseif !arch(x86_64)
        #expect(labrun_kernels_using_avx2() == 0)
        #endif
        let dispatched = labrun_kernels_using_avx2()
        labrun_kernels_force_generic(1)
        #expect(labrun_kernels_using_avx2() == 0)
        labrun_kernels_force_generic(0)
        #expect(labrun_kernels_using_avx2() == dispatched)
    }
}
