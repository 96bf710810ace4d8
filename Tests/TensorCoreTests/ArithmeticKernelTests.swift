import CKernels
import Testing
@testable import TensorCore

/// CKernels' arithmetic and sums (arith.c), which TensorCore's elementwise operations, `sum`,
/// `mean` and the one-element product gradient call for 8 elements or more: on the generic path
/// and on the dispatched one (AVX2 where the CPU has it) they must give the bits of the Swift
/// loops they replaced, for any length and any start in a buffer.
@Suite(.serialized) struct ArithmeticKernelTests {
    static let lengths = Array(0...21) + [33, 135, 1001]

    /// The Swift sum the kernels replace: four partial sums, lane i % 4, the tail into lane 0.
    func referenceSum(_ terms: [Double]) -> Double {
        var lanes = [0.0, 0.0, 0.0, 0.0]
        let whole = terms.count / 4 * 4
        for i in 0..<whole { lanes[i % 4] += terms[i] }
        for i in whole..<terms.count { lanes[0] += terms[i] }
        return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
    }

    /// Values of mixed sign and magnitude, with a few specials (±0, ±∞, NaN) where `specials`.
    func values(_ g: inout MT19937, _ n: Int, specials: Bool) -> [Double] {
        let odd: [Double] = [0, -0.0, .infinity, -.infinity, .nan, Double.leastNormalMagnitude / 3, -1e300]
        return (0..<n).map { i in
            if specials, i % 11 == 5 { return odd[Int(g.nextUInt32() % UInt32(odd.count))] }
            return (g.nextDouble() - 0.5) * Double(1 << (g.nextUInt32() % 40))
        }
    }

    func sameBits(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    func onBothPaths(_ body: (Bool) -> Void) {
        for generic in [true, false] {
            labrun_kernels_force_generic(generic ? 1 : 0)
            body(generic)
        }
        labrun_kernels_force_generic(0)
    }

    @Test func sumsAndDotProductsAddInTheSwiftLoopsOrder() {
        var g = MT19937(seed: 21)
        onBothPaths { generic in
            var mismatches: [String] = []
            for n in Self.lengths {
                for offset in 0..<4 {
                    let p = values(&g, n + offset, specials: n % 3 == 0)
                    let q = values(&g, n + offset, specials: false)
                    let tail = Array(p[offset...]), qTail = Array(q[offset...])
                    let sum = p.withUnsafeBufferPointer { labrun_sum($0.baseAddress! + offset, n) }
                    if !sameBits(sum, referenceSum(tail)) { mismatches.append("sum n=\(n) offset=\(offset)") }
                    let dot = p.withUnsafeBufferPointer { a in
                        q.withUnsafeBufferPointer { b in labrun_dot(a.baseAddress! + offset, b.baseAddress! + offset, n) }
                    }
                    let products = zip(tail, qTail).map { $0 * $1 }
                    if !sameBits(dot, referenceSum(products)) { mismatches.append("dot n=\(n) offset=\(offset)") }
                }
            }
            #expect(mismatches.isEmpty, "generic \(generic): \(mismatches)")
        }
    }

    @Test(arguments: [(LABRUN_ADD, "+"), (LABRUN_SUB, "-"), (LABRUN_MUL, "*"), (LABRUN_DIV, "/")])
    func arithmeticGivesTheScalarOperationsBits(op: Int, symbol: String) {
        let f: (Double, Double) -> Double = switch symbol {
        case "+": { $0 + $1 }
        case "-": { $0 - $1 }
        case "*": { $0 * $1 }
        default: { $0 / $1 }
        }
        var g = MT19937(seed: 5)
        onBothPaths { generic in
            var mismatches: [String] = []
            for n in Self.lengths {
                let offset = n % 4
                let a = values(&g, n + offset, specials: true), b = values(&g, n + offset, specials: true)
                let s = a.isEmpty ? 2.5 : a[a.count - 1]
                var out = [Double](repeating: 0, count: n + offset)
                var left = out, right = out, inPlace = a
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        let (x, y) = (pa.baseAddress! + offset, pb.baseAddress! + offset)
                        out.withUnsafeMutableBufferPointer { labrun_binary(Int32(op), x, y, $0.baseAddress! + offset, n) }
                        left.withUnsafeMutableBufferPointer { labrun_binary_scalar_left(Int32(op), s, y, $0.baseAddress! + offset, n) }
                        right.withUnsafeMutableBufferPointer { labrun_binary_scalar_right(Int32(op), x, s, $0.baseAddress! + offset, n) }
                    }
                }
                inPlace.withUnsafeMutableBufferPointer { p in
                    b.withUnsafeBufferPointer { pb in
                        labrun_binary(Int32(op), p.baseAddress! + offset, pb.baseAddress! + offset, p.baseAddress! + offset, n)
                    }
                }
                for i in offset..<(n + offset) {
                    if !sameBits(out[i], f(a[i], b[i])) { mismatches.append("a \(symbol) b at \(i) of \(n)") }
                    if !sameBits(inPlace[i], f(a[i], b[i])) { mismatches.append("in place at \(i) of \(n)") }
                    if !sameBits(left[i], f(s, b[i])) { mismatches.append("s \(symbol) b at \(i) of \(n)") }
                    if !sameBits(right[i], f(a[i], s)) { mismatches.append("a \(symbol) s at \(i) of \(n)") }
                }
            }
            #expect(mismatches.isEmpty, "generic \(generic): \(mismatches.prefix(8))")
        }
    }

    /// Through the tensor operations: both operand orders, tensors and numbers, and the sum.
    @Test func tensorOperationsGiveTheElementwiseResults() throws {
        var g = MT19937(seed: 8)
        let a = values(&g, 135, specials: false), b = values(&g, 135, specials: false)
        let x = try Tensor(a, shape: [135]), y = try Tensor(b, shape: [135])
        #expect(try x.adding(y).scalars == zip(a, b).map { $0 + $1 })
        #expect(try x.dividing(y).scalars == zip(a, b).map { $0 / $1 })
        #expect(try x.subtracted(from: 1).scalars == a.map { 1 - $0 })
        #expect(try x.dividing(3).scalars == a.map { $0 / 3 })
        #expect(try x.divided(into: 3).scalars == a.map { 3 / $0 })
        #expect(try Tensor(a[0]).multiplying(y).scalars == b.map { a[0] * $0 })
        #expect(try x.sum().item == referenceSum(a))
    }

    /// Small operands go straight to the C loops (`Tensor.small`, `withNumber`, `mapArray`,
    /// `mapValues`): at every length around the loops' minimum, with specials, for same-shaped
    /// tensors, a one-element tensor on either side (rank 0 or 1) and numbers, the results are
    /// the scalar operations' bits, in the broadcast shape; shapes the direct path must leave to the
    /// general one (a one-element tensor of higher rank, broadcasting) still broadcast.
    @Test func directPathsGiveTheScalarOperationsBits() throws {
        var g = MT19937(seed: 34)
        func check(_ t: Tensor, _ shape: [Int], _ expected: [Double], _ what: String) {
            #expect(t.shape == shape, "\(what)")
            #expect(t.scalars.count == expected.count && zip(t.scalars, expected).allSatisfy { sameBits($0, $1) }, "\(what)")
        }
        for n in [2, 7, 8, 9, 16, 135, 1001] {
            let a = values(&g, n, specials: true), b = values(&g, n, specials: true)
            let x = try Tensor(a, shape: [n]), y = try Tensor(b, shape: [n])
            let s = b[1], scalar = Tensor(s), one = try Tensor([s], shape: [1])
            check(try x.adding(y), [n], zip(a, b).map { $0 + $1 }, "x + y, n = \(n)")
            check(try x.multiplying(y), [n], zip(a, b).map { $0 * $1 }, "x * y, n = \(n)")
            check(try x.subtracting(scalar), [n], a.map { $0 - s }, "x - s, n = \(n)")
            check(try scalar.subtracting(x), [n], a.map { s - $0 }, "s - x, n = \(n)")
            check(try one.multiplying(x), [n], a.map { s * $0 }, "[s] * x, n = \(n)")
            check(try x.dividing(one), [n], a.map { $0 / s }, "x / [s], n = \(n)")
            check(try x.subtracted(from: s), [n], a.map { s - $0 }, "number - x, n = \(n)")
            check(try x.multiplying(s), [n], a.map { $0 * s }, "x * number, n = \(n)")
            check(try x.negated(), [n], a.map { -$0 }, "-x, n = \(n)")
            check(try x.log(), [n], a.map(labrun_log), "log x, n = \(n)")
            check(try x.sigmoid(), [n], a.map(labrun_sigmoid), "sigmoid x, n = \(n)")
            // A [1, 1] operand has the higher rank: the result is [1, n], by the general path.
            let column = try Tensor([s], shape: [1, 1])
            check(try x.adding(column), [1, n], a.map { $0 + s }, "x + [[s]], n = \(n)")
            check(try column.adding(x), [1, n], a.map { s + $0 }, "[[s]] + x, n = \(n)")
        }
        let m = try Tensor([1, 2, 3, 4, 5, 6, 7, 8], shape: [8, 1]), r = try Tensor((0..<8).map(Double.init), shape: [8])
        #expect(try m.adding(r).shape == [8, 8])
    }
}
