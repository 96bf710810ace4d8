import Foundation
import Testing
@testable import TensorCore

/// Bad input is a thrown TensorError with a useful message, never a trap.
@Suite struct ErrorTests {
    func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch let error as TensorError {
            return error.message
        } catch {
            return "other error \(error)"
        }
    }

    @Test func shapeMismatchNamesOpAndShapes() throws {
        let a = try Tensor.zeros([135]), b = try Tensor.zeros([4])
        #expect(message { try a + b } == "cannot add tensors of shapes [135] and [4]")
        #expect(message { try a * b } == "cannot multiply tensors of shapes [135] and [4]")
        #expect(message { try Tensor.zeros([2, 3]).matmul(Tensor.zeros([2, 3])) }.contains("[2, 3] and [2, 3]"))
        #expect(message { try Tensor.binaryCrossEntropyWithLogits(Tensor.zeros([3, 1]), Tensor.zeros([3])) }
            .contains("[3] must be the same as input shape [3, 1]"))
    }

    @Test func badIndicesAndDims() throws {
        let x = try Tensor.zeros([3, 2])
        #expect(message { try x.index([.at(3)]) } == "index 3 is out of bounds for dimension 0 with size 3")
        #expect(message { try x.index([.at(0), .at(0), .at(0)]) }.contains("too many indices"))
        #expect(message { try x.index([.ellipsis, .ellipsis]) }.contains("single ellipsis"))
        #expect(message { try x.sum(dim: 2) }.contains("out of range"))
        #expect(message { try x.reshape([4]) }.contains("invalid for input of size 6"))
        #expect(message { try x.item }.contains("6 elements"))
        #expect(message { try Tensor(literal: .array([.array([.scalar(1)]), .array([])])) }.contains("ragged"))
        #expect(message { try Tensor.zeros([-1]) }.contains("negative size"))
        #expect(message { try Tensor.zeros([Int.max, 4]) }.contains("too many elements"))
    }

    @Test func sizeLimitAndCancellation() throws {
        let context = TensorContext()
        context.maxElements = 1000
        try context.withCurrent {
            #expect(message { try Tensor.zeros([1001]) }.contains("exceeds the limit of 1000"))
            #expect(message { try Tensor.zeros([30, 1]) + Tensor.zeros([1, 40]) }.contains("exceeds the limit"))
            context.maxElements = 100_000_000
            context.isCancelled = true
            let a = try Tensor.zeros([600, 600])
            #expect(message { try a.matmul(a) }.contains("cancelled"))
            #expect(message { try a.exp().adding(Tensor.zeros([1, 600, 600])) }.contains("cancelled"))
        }
    }

    @Test func nilGradMisuse() throws {
        let x = Tensor(1.0, requiresGrad: true)
        #expect(message { try x.existingGrad() }.contains("no gradient yet"))
        #expect(message { try Tensor(1.0).backward() }.contains("does not require grad"))
    }

    @Test func indexingAndAssignment() throws {
        let x = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(try x.index([.all, .at(0)]).scalars == [1, 4])
        #expect(try x.index([.ellipsis, .at(-1)]).scalars == [3, 6])
        #expect(try x.index([.at(0)]).scalars == [1, 2, 3])
        #expect(try x.index([.range(0, 2), .range(1, 3)]).shape == [2, 2])
        #expect(try x.index([.range(-1, 100)]).scalars == [4, 5, 6])
        #expect(try x.index([.all, .range(0, nil, step: 2)]).scalars == [1, 3, 4, 6])
        let snapshot = x.snapshot()
        try x.assign(Tensor([0, 0]), at: [.all, .at(0)])
        #expect(x.scalars == [0, 2, 3, 0, 5, 6])
        #expect(snapshot.scalars == [1, 2, 3, 4, 5, 6], "copy-on-write snapshot is unchanged")
        let leaf = Tensor(1.0, requiresGrad: true)
        #expect(message { try leaf.assign(2.0, at: []) }.contains("leaf Variable"))
    }

    @Test func factories() throws {
        #expect(try Tensor.arange(6).scalars == [0, 1, 2, 3, 4, 5])
        #expect(try Tensor.arange(1, 2, step: 0.25).count == 4)
        #expect(try Tensor.linspace(0, 1, count: 5).scalars == [0, 0.25, 0.5, 0.75, 1])
        #expect(try Tensor.eye(2).scalars == [1, 0, 0, 1])
        #expect(try Tensor.full([2], 7).scalars == [7, 7])
        #expect(try Tensor(literal: .array([.array([.scalar(1), .scalar(2)]), .array([.scalar(3), .scalar(4)])])).shape == [2, 2])
        #expect(try Tensor.ones([2, 3], requiresGrad: true).requiresGrad)
        #expect(message { try Tensor.arange(0, 1, step: 0) }.contains("step"))
    }
}
