import Foundation
import Testing
@testable import TensorCore

/// Every op against central differences, over random shapes with broadcasting.
@Suite struct GradcheckTests {
    static let tolerance = 1e-6

    static let binaryShapes: [([Int], [Int])] = [
        ([3], [3]), ([2, 3], [3]), ([2, 1], [1, 4]), ([], [2, 2]), ([3, 1, 2], [4, 1]), ([2, 3], []),
    ]

    @Test(arguments: binaryShapes)
    func arithmeticBroadcasts(shapes: ([Int], [Int])) throws {
        var data = TestData()
        let a = try data.tensor(shapes.0)
        let b = try data.tensor(shapes.1, 0.5, 2)
        for op in ["+", "-", "*", "/", "pow"] {
            let base = op == "pow" ? try data.tensor(shapes.0, 0.5, 2) : a
            let err = try gradcheck([base, b], secondOrder: true) { xs in
                switch op {
                case "+": return try xs[0] + xs[1]
                case "-": return try xs[0] - xs[1]
                case "*": return try xs[0] * xs[1]
                case "/": return try xs[0] / xs[1]
                default: return try xs[0].pow(xs[1])
                }
            }
            #expect(err < Self.tolerance, "\(op) with shapes \(shapes)")
        }
    }

    @Test func scalarOperands() throws {
        var data = TestData()
        let x = try data.tensor([2, 3], 0.5, 2)
        let cases: [(String, (Tensor) throws -> Tensor)] = [
            ("t+s", { try $0 + 2.5 }), ("s+t", { try 2.5 + $0 }), ("t-s", { try $0 - 1.5 }),
            ("s-t", { try 1.5 - $0 }), ("t*s", { try $0 * 3 }), ("s*t", { try -3 * $0 }),
            ("t/s", { try $0 / 4 }), ("s/t", { try 4 / $0 }), ("neg", { try -$0 }),
            ("pow3", { try $0.pow(3) }), ("pow2", { try $0.pow(2) }), ("pow-0.5", { try $0.pow(-0.5) }),
            ("rpow", { try Tensor.pow(2.0, $0) }),
        ]
        for (name, f) in cases {
            let err = try gradcheck([x], secondOrder: true) { xs in try f(xs[0]) }
            #expect(err < Self.tolerance, "\(name)")
        }
    }

    @Test func unaryMath() throws {
        var data = TestData()
        let cases: [(String, Double, Double, [Double], (Tensor) throws -> Tensor)] = [
            ("exp", -2, 2, [], { try $0.exp() }), ("log", 0.2, 3, [], { try $0.log() }),
            ("sqrt", 0.2, 3, [], { try $0.sqrt() }), ("abs", -2, 2, [0], { try $0.abs() }),
            ("sigmoid", -4, 4, [], { try $0.sigmoid() }), ("tanh", -2, 2, [], { try $0.tanh() }),
            ("relu", -2, 2, [0], { try $0.relu() }), ("logSigmoid", -5, 5, [], { try $0.logSigmoid() }),
            ("clamp", -2, 2, [-0.5, 1], { try $0.clamp(min: -0.5, max: 1) }),
            ("clampMin", -2, 2, [0.3], { try $0.clamp(min: 0.3) }),
        ]
        for (name, lo, hi, kinks, f) in cases {
            let x = try data.tensor([3, 4], lo, hi, avoid: kinks)
            let err = try gradcheck([x], secondOrder: true) { xs in try f(xs[0]) }
            #expect(err < Self.tolerance, "\(name)")
        }
    }

    @Test(arguments: [[5], [2, 3], [2, 3, 4]])
    func reductions(shape: [Int]) throws {
        var data = TestData()
        let x = try data.tensor(shape)
        var cases: [(String, (Tensor) throws -> Tensor)] = [
            ("sum", { try $0.sum() }), ("mean", { try $0.mean() }),
            ("max", { try $0.max() }), ("min", { try $0.min() }),
        ]
        for dim in -shape.count..<shape.count {
            for keep in [false, true] {
                cases.append(("sum \(dim) \(keep)", { try $0.sum(dim: dim, keepDim: keep) }))
                cases.append(("mean \(dim) \(keep)", { try $0.mean(dim: dim, keepDim: keep) }))
                cases.append(("max \(dim) \(keep)", { try $0.max(dim: dim, keepDim: keep).values }))
                cases.append(("min \(dim) \(keep)", { try $0.min(dim: dim, keepDim: keep).values }))
            }
            cases.append(("softmax \(dim)", { try $0.softmax(dim: dim) }))
            cases.append(("logSoftmax \(dim)", { try $0.logSoftmax(dim: dim) }))
        }
        for (name, f) in cases {
            let err = try gradcheck([x], secondOrder: true) { xs in try f(xs[0]) }
            #expect(err < Self.tolerance, "\(name) on \(shape)")
        }
    }

    @Test(arguments: [([4], [4]), ([2, 3], [3, 5]), ([3, 4], [4]), ([4], [4, 2])])
    func matmul(shapes: ([Int], [Int])) throws {
        var data = TestData()
        let a = try data.tensor(shapes.0), b = try data.tensor(shapes.1)
        let err = try gradcheck([a, b], secondOrder: true) { xs in try xs[0].matmul(xs[1]) }
        #expect(err < Self.tolerance)
    }

    @Test func shapeOps() throws {
        var data = TestData()
        let x = try data.tensor([2, 1, 3])
        let cases: [(String, (Tensor) throws -> Tensor)] = [
            ("reshape", { try $0.reshape([3, 2]) }), ("reshape -1", { try $0.reshape([-1]) }),
            ("squeeze", { try $0.squeeze() }), ("squeeze dim", { try $0.squeeze(dim: 1) }),
            ("unsqueeze", { try $0.unsqueeze(0) }), ("transposed", { try $0.squeeze().transposed() }),
            ("transposed(0,2)", { try $0.transposed(0, 2) }), ("expand", { try $0.expand(to: [4, 2, 5, 3]) }),
            ("sumToShape", { try $0.sum(toShape: [1, 3]) }),
        ]
        for (name, f) in cases {
            let err = try gradcheck([x], secondOrder: true) { xs in try f(xs[0]) }
            #expect(err < Self.tolerance, "\(name)")
        }
    }

    @Test func indexing() throws {
        var data = TestData()
        let x = try data.tensor([4, 3, 2])
        let specs: [[TensorIndex]] = [
            [.at(0)], [.at(-1)], [.all, .at(0)], [.range(1, 3)], [.range(0, 4, step: 2), .range(1, nil)],
            [.ellipsis, .at(-1)], [.at(2), .ellipsis], [.newAxis, .at(1)], [.range(-2, nil), .at(1), .at(0)],
        ]
        for spec in specs {
            let err = try gradcheck([x], secondOrder: true) { xs in try xs[0].index(spec) }
            #expect(err < Self.tolerance, "\(spec)")
        }
    }

    @Test func losses() throws {
        var data = TestData()
        let z = try data.tensor([3, 2], -3, 3)
        let y = try Tensor([1, 0, 0, 1, 1, 0], shape: [3, 2], requiresGrad: true)
        let soft = try data.tensor([3, 2], 0, 1)
        let pw = try Tensor([2.5, 0.5])
        let p = try data.tensor([3, 2], 0.1, 0.9)
        let cases: [(String, [Tensor], ([Tensor]) throws -> Tensor)] = [
            ("bce logits", [z, y], { try Tensor.binaryCrossEntropyWithLogits($0[0], $0[1]) }),
            ("bce logits soft", [z, soft], { try Tensor.binaryCrossEntropyWithLogits($0[0], $0[1]) }),
            ("bce logits pw", [z, soft], { try Tensor.binaryCrossEntropyWithLogits($0[0], $0[1], posWeight: pw) }),
            ("bce logits sum", [z, y], { try Tensor.binaryCrossEntropyWithLogits($0[0], $0[1], reduction: .sum) }),
            ("bce", [p, soft], { try Tensor.binaryCrossEntropy($0[0], $0[1]) }),
            ("mse", [z, soft], { try Tensor.mseLoss($0[0], $0[1]) }),
        ]
        for (name, inputs, f) in cases {
            let err = try gradcheck(inputs, secondOrder: true, f)
            #expect(err < Self.tolerance, "\(name)")
        }
    }
}
