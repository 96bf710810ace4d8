import NeuralNet
import TensorCore
import Testing

/// `ModelCopier`: copies of models and optimizers train on exactly as the originals, and apart.
struct CopyTests {
    static let optimizers: [String: @Sendable ([Tensor]) throws -> any Optimizer] = [
        "sgdMomentum": { try SGD($0, lr: 0.1, momentum: 0.9) },
        "sgdDampeningDecay": { try SGD($0, lr: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0.01) },
        "sgdNesterov": { try SGD($0, lr: 0.05, momentum: 0.7, nesterov: true) },
        "adam": { try Adam($0, lr: 0.02) },
        "adamAmsgradDecay": { try Adam($0, lr: 0.02, betas: (0.8, 0.95), eps: 1e-6, weightDecay: 0.05, amsgrad: true) },
    ]

    /// A small model with a hidden layer, and a regression batch drawn from the context's generator.
    func setup() throws -> (model: Sequential, x: Tensor, y: Tensor) {
        let model = Sequential(try Linear(3, 4), Tanh(), try Linear(4, 1))
        return (model, try Tensor.randn([8, 3]), try Tensor.randn([8, 1]))
    }

    /// One full-batch step; leaves the gradients in place when `clear` is false.
    func step(_ model: any Module, _ optimizer: any Optimizer, _ x: Tensor, _ y: Tensor, clear: Bool = true) throws {
        try Tensor.mseLoss(try model(x), y).backward()
        try optimizer.step()
        if clear { optimizer.zeroGrad() }
    }

    @Test("a copy trains on bit for bit as the original, apart from it", arguments: optimizers.keys.sorted())
    func copyTrainsLikeTheOriginal(name: String) throws {
        let make = try #require(Self.optimizers[name])
        try inFreshContext(seed: 11) {
            let (model, x, y) = try setup()
            let optimizer = try make(model.parameters())
            for _ in 0..<3 { try step(model, optimizer, x, y) }
            optimizer.lr *= 0.5
            try Tensor.mseLoss(try model(x), y).backward()  // pending gradients are part of the state
            let copier = ModelCopier()
            let modelCopy = try #require(copier.copy(model))
            let optimizerCopy = try #require(copier.copy(optimizer))
            #expect(optimizerCopy.lr == optimizer.lr)
            #expect(zip(optimizerCopy.parameters, modelCopy.parameters()).allSatisfy { $0 === $1 })
            #expect(zip(modelCopy.parameters(), model.parameters()).allSatisfy { $0 !== $1 })

            let before = model.parameters().map(\.scalars)
            let gradsBefore = model.parameters().map { $0.grad?.scalars }
            try optimizerCopy.step()
            optimizerCopy.zeroGrad()
            for _ in 0..<5 { try step(modelCopy, optimizerCopy, x, y) }
            #expect(model.parameters().map(\.scalars) == before, "the copy's optimizer changed the original")
            #expect(model.parameters().map { $0.grad?.scalars } == gradsBefore)
            #expect(modelCopy.parameters().map(\.scalars) != before, "the copy's optimizer did not train the copy")

            try optimizer.step()
            optimizer.zeroGrad()
            for _ in 0..<5 { try step(model, optimizer, x, y) }
            #expect(modelCopy.parameters().map(\.scalars) == model.parameters().map(\.scalars))
        }
    }

    @Test func aLayerUsedTwiceStaysOneLayerAndStatelessOnesAreKept() throws {
        try inFreshContext {
            let shared = try Linear(2, 2)
            let relu = ReLU()
            let model = Sequential(shared, relu, shared)
            let copier = ModelCopier()
            let copy = try #require(copier.copy(model) as? Sequential)
            #expect(copy.layers.count == 3)
            #expect(copy.layers[0] === copy.layers[2])
            #expect(copy.layers[0] !== shared)
            #expect(copy.layers[1] === relu)
            #expect(copier.copy(shared) === copy.layers[0], "a module is copied once per copier")
            let weight = try #require((copy.layers[0] as? Linear)?.weight)
            #expect(weight.requiresGrad && weight.scalars == shared.weight.scalars)
            try withNoGrad { try shared.weight.fill(0) }
            #expect(weight.scalars != shared.weight.scalars)
        }
    }

    @Test func aLinearWithoutBiasStaysWithoutBias() throws {
        try inFreshContext {
            let layer = try Linear(3, 2, bias: false)
            let copy = try #require(ModelCopier().copy(layer) as? Linear)
            #expect(copy.bias == nil && copy.description == layer.description)
        }
    }

    @Test func whatCannotBeCopiedGivesNil() throws {
        try inFreshContext {
            let model = Sequential(try Linear(2, 1), Sigmoid())
            let optimizer = try Adam(model.parameters())
            let refusing = ModelCopier(copyingParameters: { _ in nil })
            #expect(refusing.copy(model) == nil)
            #expect(refusing.copy(optimizer) == nil)
            let wrongShape = ModelCopier(copyingParameters: { _ in Tensor(1.0) })
            #expect(wrongShape.copy(model) == nil)
            #expect(ModelCopier().copy(Sequential(Opaque(), ReLU())) == nil)
        }
    }

    @Test func anOptimizerWithoutParametersYetCopies() throws {
        let sgd = try SGD(lr: 0.3, momentum: 0.5)
        let copy = try #require(ModelCopier().copy(sgd) as? SGD)
        #expect(copy !== sgd && copy.parameters.isEmpty && copy.description == sgd.description)
    }
}

/// A module that does not say how to copy itself.
private final class Opaque: Module {
    var name: String { "Opaque" }
    func callAsFunction(_ x: Tensor) throws -> Tensor { x }
    func parameters() -> [Tensor] { [] }
}
