import Foundation
import NeuralNet
import TensorCore
import Testing

/// Full-batch training on all 150 Iris rows (virginica vs rest) from zero, against PyTorch.
struct TrainingTests {
    static let shownEpochs = [1, 10, 100, 1000, 5000]

    @Test func hardWayMatchesTorch() throws {
        let reference = Reference.group("hardWay")
        let (x, y) = try irisData()
        try inFreshContext {
            let b = (0..<5).map { _ in Tensor(0.0, requiresGrad: true) }
            let columns = try (0..<4).map { try x.index([.all, .at($0)]) }
            var losses: [Double] = [], params: [[Double]] = []
            for epoch in 1...5000 {
                var z = b[0]
                for j in 0..<4 { z = try z.adding(b[j + 1].multiplying(columns[j])) }
                let loss = try Tensor.binaryCrossEntropyWithLogits(z, y)
                try loss.backward()
                try withNoGrad {
                    for p in b {
                        try p.subtractInPlace(p.existingGrad().multiplying(0.01))
                        p.grad = nil
                    }
                }
                if Self.shownEpochs.contains(epoch) {
                    losses.append(try loss.item)
                    params.append(try b.map { try $0.item })
                }
            }
            #expect(maxDiff(losses, numbers(reference["loss"])) <= 1e-8)
            let expected = Reference.list("params", in: reference).map(numbers)
            for (i, epoch) in Self.shownEpochs.enumerated() {
                #expect(maxDiff(params[i], expected[i]) <= 1e-8, "parameters after epoch \(epoch)")
            }
        }
    }

    @Test("Linear(4, 1) from zero with BCEWithLogitsLoss", arguments: ["adamWay", "momentumWay"])
    func linearMatchesTorch(way: String) throws {
        let reference = Reference.group(way)
        let (x, y) = try irisData()
        try inFreshContext {
            let model = try Linear(4, 1)
            try withNoGrad {
                try model.weight.fill(0)
                try model.bias?.fill(0)
            }
            let optimizer: any Optimizer = way == "adamWay" ? try Adam(lr: 0.01) : try SGD(lr: 0.01, momentum: 0.9)
            var weights: [[Double]] = [], biases: [[Double]] = []
            let history = try train(
                model: model, x: x, y: y.unsqueeze(1), loss: BCEWithLogitsLoss(), optimizer: optimizer,
                epochs: 5000, every: 1
            ) { epoch in
                if Self.shownEpochs.contains(epoch) {
                    weights.append(model.weight.scalars)
                    biases.append(model.bias?.scalars ?? [])
                }
            }
            #expect(history.count == 5000)
            let losses = try history.column(named: "loss")
            let shown = Self.shownEpochs.map { losses[$0 - 1] }
            #expect(maxDiff(shown, numbers(reference["loss"])) <= 1e-8)
            let expectedWeights = Reference.list("weight", in: reference).map(numbers)
            let expectedBiases = Reference.list("bias", in: reference).map(numbers)
            try #require(weights.count == 5 && expectedWeights.count == 5)
            for (i, epoch) in Self.shownEpochs.enumerated() {
                #expect(maxDiff(weights[i], expectedWeights[i]) <= 1e-8, "weight after epoch \(epoch)")
                #expect(maxDiff(biases[i], expectedBiases[i]) <= 1e-8, "bias after epoch \(epoch)")
            }
        }
    }

    @Test func historyRowsAtEveryMultiple() throws {
        let (x, y) = try irisData()
        try inFreshContext {
            let model = try Linear(4, 1)
            let optimizer = try SGD(model.parameters(), lr: 0.01)
            var calls: [Int] = []
            let history = try train(
                model: model, x: x, y: y.unsqueeze(1), loss: { try Tensor.mseLoss($0, $1) },
                optimizer: optimizer, epochs: 25, every: 10) { calls.append($0) }
            #expect(try history.column(named: "epoch") == [10, 20])
            #expect(history.columns == ["epoch", "loss"])
            #expect(calls == [10, 20])
            #expect(model.weight.grad == nil)
        }
    }

    @Test func cancellationStopsTraining() throws {
        let (x, y) = try irisData()
        let context = TensorContext(seed: 1)
        try context.withCurrent {
            let model = try Linear(4, 1)
            var epochsRun = 0
            #expect(throws: TensorError("training was cancelled at epoch 4 of 1000 (time limit)", isCancellation: true)) {
                try train(model: model, x: x, y: y.unsqueeze(1), loss: BCEWithLogitsLoss(),
                          optimizer: try Adam(lr: 0.01), epochs: 1000) { epoch in
                    epochsRun = epoch
                    if epoch == 3 { context.isCancelled = true }
                }
            }
            #expect(epochsRun == 3)
        }
    }

    @Test func badTrainingArgumentsAreErrors() throws {
        let (x, y) = try irisData()
        try inFreshContext {
            let model = try Linear(4, 1)
            #expect(throws: TensorError("train: every must be at least 1, got 0")) {
                try train(model: model, x: x, y: y, loss: MSELoss(), optimizer: try SGD(lr: 0.1), epochs: 5, every: 0)
            }
            #expect(throws: TensorError("train: the model ReLU has no parameters to optimize")) {
                try train(model: ReLU(), x: x, y: x, loss: MSELoss(), optimizer: try SGD(lr: 0.1), epochs: 5)
            }
            // The [150, 1] output against a [150] target: the loss's own shape error comes through.
            #expect(throws: TensorError("mseLoss: target shape [150] must be the same as input shape [150, 1]")) {
                try train(model: model, x: x, y: y, loss: MSELoss(), optimizer: try SGD(lr: 0.1), epochs: 5)
            }
        }
    }
}
