import Foundation
import NeuralNet
import TensorCore
import Testing

struct LossTests {
    @Test func crossEntropyWithClassIndicesMatchesTorch() throws {
        let reference = Reference.group("hard", in: Reference.group("crossEntropy"))
        let logits = try Tensor(numbers(reference["logits"]), shape: [5, 3], requiresGrad: true)
        let loss = try CrossEntropyLoss()(logits, Tensor(numbers(reference["target"])))
        #expect(loss.shape == [])
        #expect(Swift.abs(try loss.item - number(reference["loss"])) <= 1e-14)
        try loss.backward()
        #expect(maxDiff(logits.grad?.scalars ?? [], numbers(reference["grad"])) <= 1e-15)
    }

    @Test func crossEntropyWithProbabilitiesMatchesTorch() throws {
        let group = Reference.group("crossEntropy")
        let logits = try Tensor(numbers(Reference.group("hard", in: group)["logits"]), shape: [5, 3], requiresGrad: true)
        let soft = Reference.group("soft", in: group)
        let loss = try CrossEntropyLoss()(logits, Tensor(numbers(soft["target"]), shape: [5, 3]))
        #expect(Swift.abs(try loss.item - number(soft["loss"])) <= 1e-14)
        try loss.backward()
        #expect(maxDiff(logits.grad?.scalars ?? [], numbers(soft["grad"])) <= 1e-15)
    }

    @Test func crossEntropyOfOneSampleMatchesTorch() throws {
        let single = Reference.group("single", in: Reference.group("crossEntropy"))
        let logits = try Tensor(numbers(single["logits"]), requiresGrad: true)
        let loss = try CrossEntropyLoss()(logits, Tensor(number(single["target"])))
        #expect(Swift.abs(try loss.item - number(single["loss"])) <= 1e-14)
        try loss.backward()
        #expect(maxDiff(logits.grad?.scalars ?? [], numbers(single["grad"])) <= 1e-15)
    }

    @Test func crossEntropySumIsBatchTimesMean() throws {
        let logits = try Tensor([1, 2, 0.5, -1, 0, 3], shape: [2, 3])
        let target = try Tensor([2, 0])
        let mean = try CrossEntropyLoss()(logits, target).item
        let sum = try CrossEntropyLoss(reduction: .sum)(logits, target).item
        #expect(Swift.abs(sum - 2 * mean) <= 1e-14)
    }

    @Test("cross-entropy shape and target errors", arguments: [
        ([2, 3], [3], [0, 1, 2], "CrossEntropyLoss: expected input batch size (2) to match target batch size (3)"),
        ([2, 3], [2], [0, 3], "CrossEntropyLoss: target 3.0 (row 1) is not a class index in 0..<3"),
        ([2, 3], [2], [0, 1.5], "CrossEntropyLoss: target 1.5 (row 1) is not a class index in 0..<3"),
        ([2, 3], [2], [-1, 0], "CrossEntropyLoss: target -1.0 (row 0) is not a class index in 0..<3"),
        ([2, 3], [2, 1], [0, 1], "CrossEntropyLoss: for logits of shape [2, 3] the target must hold class indices of shape [2] or probabilities of shape [2, 3], got shape [2, 1]"),
        ([1, 2, 3], [1, 2], [0, 1], "CrossEntropyLoss expects logits of shape [C] or [N, C], got shape [1, 2, 3]"),
    ] as [([Int], [Int], [Double], String)])
    func crossEntropyErrors(inputShape: [Int], targetShape: [Int], target: [Double], message: String) throws {
        let logits = try Tensor.zeros(inputShape)
        let t = try Tensor(target, shape: targetShape)
        #expect(throws: TensorError(message)) { _ = try CrossEntropyLoss()(logits, t) }
    }

    @Test func lossObjectsCallTensorCoresLosses() throws {
        let z = try Tensor([0.5, -1, 2], shape: [3, 1])
        let y = try Tensor([1, 0, 1], shape: [3, 1])
        let p = try z.sigmoid()
        #expect(try BCEWithLogitsLoss()(z, y).item == Tensor.binaryCrossEntropyWithLogits(z, y).item)
        let weight = try Tensor([3])
        #expect(try BCEWithLogitsLoss(posWeight: weight)(z, y).item
                == Tensor.binaryCrossEntropyWithLogits(z, y, posWeight: weight).item)
        #expect(try BCELoss()(p, y).item == Tensor.binaryCrossEntropy(p, y).item)
        #expect(try MSELoss(reduction: .sum)(z, y).item == Tensor.mseLoss(z, y, reduction: .sum).item)
        #expect(throws: TensorError.self) { _ = try BCEWithLogitsLoss()(z, y.squeeze()) }
        #expect(BCEWithLogitsLoss().name == "BCEWithLogitsLoss" && CrossEntropyLoss().name == "CrossEntropyLoss")
    }
}
