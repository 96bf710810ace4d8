import Foundation
import Testing
import TestSupport
@testable import TensorCore

/// The operations added for the course labs (issue 15) against PyTorch's float64 numbers
/// (Reference/make_library_reference.py) and against central differences.
@Suite struct LibraryOpsTests {
    nonisolated(unsafe) static let json = referenceJSON("library_reference.json", besides: #filePath)

    static let m: [[Double]] = [[1.0, -2.0, 0.5], [3.0, 0.25, -1.5], [2.0, 4.0, -0.75], [-1.0, 1.5, 2.5]]
    static let a: [[Double]] = [[4.0, 1.0, -2.0], [1.0, 3.0, 0.5], [-1.0, 2.0, 5.0]]
    static let b: [[Double]] = [[1.0, 2.0], [-1.0, 0.5], [3.0, -2.0]]

    static func leaf(_ rows: [[Double]]) throws -> Tensor { try Tensor(rows: rows, requiresGrad: true) }
    static func leaf(_ values: [Double]) throws -> Tensor { try Tensor(values, requiresGrad: true) }

    /// The cases: name in the reference, inputs, and the operation.
    nonisolated(unsafe) static let cases: [(String, () throws -> [Tensor], ([Tensor]) throws -> Tensor)] = [
        ("cat0", { [try leaf(Array(m[..<2])), try leaf(Array(m[2...]))] }, { try Tensor.concatenate($0, dim: 0) }),
        ("cat1", { [try leaf(Array(m[..<2])), try leaf(Array(m[2...]))] }, { try Tensor.concatenate([$0[0], $0[1], $0[0]], dim: 1) }),
        ("stack1", { [try leaf(m[0]), try leaf(m[1])] }, { try Tensor.stack($0, dim: 1) }),
        ("index_rows", { [try leaf(m)] }, { try $0[0].select(positions: [3, 0, 3], dim: 0) }),
        ("index_columns", { [try leaf(m)] }, { try $0[0].select(positions: [2, 0], dim: 1) }),
        ("mask", { [try leaf(m)] }, { try $0[0].masked(by: $0[0].gt(Tensor(0.4))) }),
        ("where", { [try leaf(m)] }, { try Tensor.choosing($0[0].gt(Tensor(0)), $0[0] * $0[0], $0[0].negated()) }),
        ("std_all", { [try leaf(m)] }, { try $0[0].standardDeviation() }),
        ("std_dim0", { [try leaf(m)] }, { try $0[0].standardDeviation(dim: 0) }),
        ("var_dim1", { [try leaf(m)] }, { try $0[0].variance(dim: 1, keepDim: true) }),
        ("var_biased", { [try leaf(m)] }, { try $0[0].variance(correction: 0) }),
        ("norm", { [try leaf(m)] }, { try $0[0].norm() }),
        ("dot", { [try leaf(m[0]), try leaf(m[1])] }, { try Tensor.dot($0[0], $0[1]) }),
        ("solve_matrix", { [try leaf(a), try leaf(b)] }, { try Tensor.solve($0[0], $0[1]) }),
        ("solve_vector", { [try leaf(a), try leaf([1.0, -2.0, 0.5])] }, { try Tensor.solve($0[0], $0[1]) }),
        ("inverse", { [try leaf(a)] }, { try $0[0].inverse() }),
        ("det", { [try leaf(a)] }, { try $0[0].determinant() }),
    ]

    /// Σ (output · weights) with PyTorch's weights 0.5, 0.75, … so each element has its own gradient.
    static func weighted(_ out: Tensor) throws -> Tensor {
        let w = try Tensor((0..<out.count).map { 0.5 + 0.25 * Double($0) }, shape: out.shape)
        return try (out * w).sum()
    }

    @Test(arguments: cases.map(\.0))
    func matchesPyTorch(name: String) throws {
        let (_, make, op) = try #require(Self.cases.first { $0.0 == name })
        let expected = try #require(Self.json[name] as? [String: Any], "\(name) missing from the reference")
        let inputs = try make()
        let out = try op(inputs)
        #expect(out.shape == (expected["shape"] as? [Int]), "\(name) shape")
        #expect(maxDiff(out.scalars, (expected["value"] as? [Double]) ?? []) < 1e-12, "\(name) value")
        try Self.weighted(out).backward()
        let grads = (expected["grads"] as? [[Double]]) ?? []
        #expect(grads.count == inputs.count)
        for (x, g) in zip(inputs, grads) {
            #expect(maxDiff(try #require(x.grad).scalars, g) < 1e-11, "\(name) gradient")
        }
    }

    @Test(arguments: cases.map(\.0))
    func gradientsMatchFiniteDifferences(name: String) throws {
        let (_, make, op) = try #require(Self.cases.first { $0.0 == name })
        // Second order where the backward is itself differentiable with the right derivative.
        let secondOrder = !["std_all", "std_dim0", "norm", "mask", "where"].contains(name)
        let err = try gradcheck(try make(), secondOrder: secondOrder) { xs in try op(xs) }
        #expect(err < 1e-6, "\(name)")
    }

    @Test func randomDrawsFollowPyTorchsGenerator() throws {
        let context = TensorContext(seed: 0)
        try context.withCurrent {
            let ten = try Tensor.randperm(10).scalars.map { Int($0) }
            let hundred = try Tensor.randperm(100).scalars.map { Int($0) }
            #expect(ten == (Self.json["randperm_0_10"] as? [Int]))
            #expect(hundred == (Self.json["randperm_0_100"] as? [Int]))
        }
        try TensorContext(seed: 7).withCurrent {
            let drawn = try Tensor.randperm(150).scalars.map { Int($0) }
            #expect(drawn == (Self.json["randperm_7_150"] as? [Int]))
        }
        try TensorContext(seed: 1).withCurrent {
            let drawn = try Tensor.randint(low: -5, high: 17, shape: [20])
            #expect(drawn.scalars.map { Int($0) } == (Self.json["randint_1"] as? [Int]))
            #expect(drawn.kind == .long)
        }
    }

    @Test func wholeNumbersAndMasksPrintAsPyTorch() throws {
        let long = try Tensor([0, 12, -3, 4], shape: [2, 2])
        long.kind = .long
        #expect(long.description == (Self.json["print_long"] as? String))
        #expect(try Tensor([1, 0, 1]).gt(Tensor(0.5)).description == (Self.json["print_bool"] as? String))
        let seven = Tensor(7)
        seven.kind = .long
        #expect(seven.description == (Self.json["print_long_scalar"] as? String))
        let argmax = try Tensor([3, 1, 2]).argmax()
        let count = try Tensor([3, 1, 2]).gt(Tensor(1)).sum()
        #expect(argmax.kind == .long)
        #expect(count.description == "tensor(2)")
    }

    @Test func errorsNameTheProblem() throws {
        #expect(throws: TensorError.self) { _ = try Tensor.solve(Tensor(rows: [[1, 2], [2, 4]]), Tensor([1, 1])) }
        #expect(throws: TensorError("inverse: A must be a square matrix (shape [n, n]), got shape [2, 3]")) {
            _ = try Tensor(rows: [[1, 2, 3], [4, 5, 6]]).inverse()
        }
        #expect(throws: TensorError("index 4 is out of bounds for dimension 0 with size 4")) {
            _ = try Tensor(rows: Self.m).select(positions: [4], dim: 0)
        }
        #expect(throws: TensorError("the shape of the mask [3] does not match the shape of the indexed tensor [4, 3]")) {
            _ = try Tensor(rows: Self.m).masked(by: Tensor([1, 0, 1]))
        }
        let singular = try Tensor(rows: [[1, 2], [2, 4]]).determinant()
        #expect(try singular.item == 0)
        #expect(throws: TensorError.self) { _ = try Tensor.concatenate([Tensor([1]), Tensor(rows: [[1]])], dim: 0) }
    }

    @Test func maskAndListAssignmentChangeOnlyTheSelection() throws {
        let t = try Tensor(rows: Self.m)
        try t.assign(Tensor(0), mask: t.lt(Tensor(0)))
        #expect(t.scalars.allSatisfy { $0 >= 0 })
        #expect(t.shape == [4, 3])
        try t.assign(Tensor([9, 8, 7]), positions: [1], dim: 0)
        #expect(Array(t.scalars[3..<6]) == [9, 8, 7])
        let leaf = try Tensor([1, 2], requiresGrad: true)
        #expect(throws: TensorError.self) { try leaf.assign(Tensor(0), positions: [0], dim: 0) }
    }
}
