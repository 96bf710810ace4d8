import Foundation
import NeuralNet
import TensorCore
import Testing

struct LayerTests {
    @Test("Linear's initial weight and bias equal torch's after manual_seed",
          arguments: 0..<5)
    func linearInitMatchesTorch(index: Int) throws {
        let cases = Reference.list("linearInit", in: Reference.json).compactMap { $0 as? [String: Any] }
        try #require(cases.count == 5)
        let c = cases[index]
        let seed = UInt64(number(c["seed"]))
        let inFeatures = Int(number(c["in"])), outFeatures = Int(number(c["out"]))
        let hasBias = c["bias"] as? Bool ?? true
        try inFreshContext(seed: seed) {
            let layer = try Linear(inFeatures, outFeatures, bias: hasBias)
            #expect(layer.weight.shape == [outFeatures, inFeatures])
            #expect(maxDiff(layer.weight.scalars, numbers(c["weightValues"])) <= 1e-12)
            if hasBias {
                #expect(layer.bias?.shape == [outFeatures])
                #expect(maxDiff(layer.bias?.scalars ?? [], numbers(c["biasValues"])) <= 1e-12)
            } else {
                #expect(layer.bias == nil)
                #expect(layer.parameters().count == 1)
            }
            // The generator has advanced exactly as far as torch's.
            #expect(Swift.abs(try Tensor.rand([1]).item - number(c["nextRand"])) <= 1e-15)
        }
    }

    @Test func linearInitIsUniformWithinTheBound() throws {
        try inFreshContext(seed: 12345) {
            let layer = try Linear(100, 60)
            let w = layer.weight.scalars
            let bound = 1 / Foundation.sqrt(100.0)
            #expect(w.allSatisfy { Swift.abs($0) <= bound })
            #expect((layer.bias?.scalars ?? []).allSatisfy { Swift.abs($0) <= bound })
            let mean = w.reduce(0, +) / Double(w.count)
            let std = Foundation.sqrt(w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count))
            // U(−b, b) has mean 0 and standard deviation b/√3; 6000 draws pin both down to a few %.
            #expect(Swift.abs(mean) < 0.05 * bound)
            #expect(Swift.abs(std - bound / Foundation.sqrt(3.0)) < 0.03 * bound)
            #expect(w.min()! < -0.98 * bound && w.max()! > 0.98 * bound)
            #expect(Set(w).count == w.count)
        }
    }

    @Test func sequentialMatchesTorch() throws {
        let reference = Reference.group("sequential")
        let (x, _) = try irisData()
        try inFreshContext(seed: 5) {
            let model = Sequential(try Linear(4, 8), Tanh(), try Linear(8, 3), ReLU(), try Linear(3, 1), Sigmoid())
            let expectedParameters = Reference.list("parameters", in: reference).map(numbers)
            try #require(model.parameters().count == expectedParameters.count)
            for (p, expected) in zip(model.parameters(), expectedParameters) {
                #expect(maxDiff(p.scalars, expected) <= 1e-12)
            }
            let out = try model(x.index([.range(0, 6)]))
            #expect(out.shape == [6, 1])
            #expect(maxDiff(out.scalars, numbers(reference["output"])) <= 1e-12)
            try out.sum().backward()
            for (p, expected) in zip(model.parameters(), Reference.list("grads", in: reference).map(numbers)) {
                #expect(maxDiff(p.grad?.scalars ?? [], expected) <= 1e-12)
            }
            #expect(model.description == reference["repr"] as? String)
        }
    }

    @Test func linearAcceptsOneSampleAndBatches() throws {
        try inFreshContext {
            let layer = try Linear(3, 2)
            let sample = try Tensor([1, 2, 3])
            let single = try layer(sample)
            #expect(single.shape == [2])
            let batch = try layer(sample.unsqueeze(0))
            #expect(batch.shape == [1, 2])
            #expect(maxDiff(single.scalars, batch.scalars) <= 1e-15)
            let stacked = try layer(Tensor([1, 2, 3, 1, 2, 3, 0, 0, 0, 0, 0, 0], shape: [2, 2, 3]))
            #expect(stacked.shape == [2, 2, 2])
            #expect(maxDiff(Array(stacked.scalars[0..<2]), single.scalars) <= 1e-15)
            #expect(maxDiff(Array(stacked.scalars[4..<6]), layer.bias?.scalars ?? []) <= 1e-15)
        }
    }

    @Test func linearShapeErrors() throws {
        try inFreshContext {
            let layer = try Linear(4, 1)
            #expect(throws: TensorError("Linear(4, 1) expects inputs with 4 features (last dimension), got shape [135, 3]")) {
                _ = try layer(Tensor.zeros([135, 3]))
            }
            #expect(throws: TensorError("Linear(4, 1) expects inputs with 4 features (last dimension), got a scalar (shape [])")) {
                _ = try layer(Tensor(1.0))
            }
            #expect(throws: TensorError("Linear(0, 3): the numbers of input and output features must be at least 1")) {
                _ = try Linear(0, 3)
            }
            let model = Sequential(try Linear(4, 8), ReLU(), try Linear(3, 1))
            #expect(throws: TensorError("in layer (2) Linear of Sequential: Linear(3, 1) expects inputs with 3 features (last dimension), got shape [5, 8]")) {
                _ = try model(Tensor.zeros([5, 4]))
            }
        }
    }

    @Test func activationsAndDescriptions() throws {
        let x = try Tensor([-2, 0, 3])
        #expect(try ReLU()(x).scalars == [0, 0, 3])
        #expect(try Sigmoid()(x).scalars == x.sigmoid().scalars)
        #expect(try Tanh()(x).scalars == x.tanh().scalars)
        #expect(ReLU().description == "ReLU()" && Sigmoid().parameters().isEmpty)
        let layer = try inFreshContext { try Linear(4, 1, bias: false) }
        #expect(layer.description == "Linear(in_features=4, out_features=1, bias=False)")
        #expect(Sequential([]).description == "Sequential()")
        #expect(try Sequential([])(x) === x)
    }

    @Test func optimizerUpdatesAreSeenThroughTheModel() throws {
        try inFreshContext {
            let model = Sequential(try Linear(2, 1))
            let before = try #require(model.parameters().first).scalars
            let optimizer = try SGD(model.parameters(), lr: 0.1)
            try model(Tensor([1, 1])).sum().backward()
            try optimizer.step()
            let layer = try #require(model.layers.first as? Linear)
            #expect(layer.weight.scalars == before.map { $0 - 0.1 })
        }
    }
}
