import Foundation
import NeuralNet
import TensorCore
import Testing

/// Each optimizer over six steps on fixed gradients, against torch.optim in float64.
struct OptimizerTests {
    static let makers: [String: @Sendable ([Tensor]) throws -> any Optimizer] = [
        "sgdPlain": { try SGD($0, lr: 0.1) },
        "sgdMomentum": { try SGD($0, lr: 0.1, momentum: 0.9) },
        "sgdNesterov": { try SGD($0, lr: 0.05, momentum: 0.8, nesterov: true) },
        "sgdDampening": { try SGD($0, lr: 0.1, momentum: 0.9, dampening: 0.5) },
        "sgdWeightDecay": { try SGD($0, lr: 0.1, momentum: 0.9, weightDecay: 0.1) },
        "sgdSkip": { try SGD($0, lr: 0.1, momentum: 0.9) },
        "adamPlain": { try Adam($0, lr: 0.1) },
        "adamWeightDecay": { try Adam($0, lr: 0.1, weightDecay: 0.1) },
        "adamAmsgrad": { try Adam($0, lr: 0.1, amsgrad: true) },
        "adamBetas": { try Adam($0, lr: 0.02, betas: (0.8, 0.99), eps: 1e-6) },
        "adamSkip": { try Adam($0, lr: 0.1) },
    ]

    /// On the machine that made the reference (torch's CPU kernels fuse a + α·b into one FMA, as
    /// these optimizers do) the values agree bit for bit; the tolerance allows a torch build whose
    /// kernels round twice.
    @Test("matches torch.optim step by step", arguments: makers.keys.sorted())
    func matchesTorch(name: String) throws {
        let case_ = Reference.group(name, in: Reference.group("optimizers"))
        let start = Reference.list("start", in: case_).map(numbers)
        try #require(start.count == 2, "reference case \(name) is missing")
        let make = try #require(Self.makers[name])
        let after = Reference.list("after", in: case_).map { ($0 as? [Any] ?? []).map(numbers) }
        try #require(after.count == 6)
        try inFreshContext {
            let p1 = try Tensor(start[0], requiresGrad: true)
            let p2 = try Tensor(start[1], shape: [2, 2], requiresGrad: true)
            let alias = p1  // another reference must see the in-place update
            let optimizer = try make([p1, p2])
            let grads1 = Reference.list("grads1", in: case_).map(numbers)
            let grads2 = Reference.list("grads2", in: case_).map(numbers)
            let skip = Int(number(case_["skipSecondAt"]))
            for step in 0..<6 {
                p1.grad = try Tensor(grads1[step])
                p2.grad = step == skip ? nil : try Tensor(grads2[step], shape: [2, 2])
                try optimizer.step()
                #expect(maxDiff(alias.scalars, after[step][0]) <= 1e-15, "\(name) step \(step + 1), parameter 1")
                #expect(maxDiff(p2.scalars, after[step][1]) <= 1e-15, "\(name) step \(step + 1), parameter 2")
            }
        }
    }

    @Test func zeroGradSetsGradsToNil() throws {
        let p = try Tensor([1, 2], requiresGrad: true)
        p.grad = try Tensor([0.5, 0.5])
        let optimizer = try Adam([p])
        optimizer.zeroGrad()
        #expect(p.grad == nil)
    }

    @Test func stepLeavesParametersALeafWithoutGraph() throws {
        let p = try Tensor([1, 2], requiresGrad: true)
        try p.multiplying(p).sum().backward()
        try SGD([p], lr: 0.5).step()
        #expect(p.scalars == [0, -0.0])
        #expect(p.isLeaf && p.requiresGrad)
    }

    @Test("a step writes the parameter in place, never into tensors sharing its elements",
          arguments: ["sgd", "adam"])
    func stepLeavesSharedElementsAlone(kind: String) throws {
        let p = try Tensor([1, 2], requiresGrad: true)
        let copy = p.snapshot()
        let detached = p.detach()
        p.grad = try Tensor([1, -1])
        let optimizer: any Optimizer = kind == "sgd" ? try SGD([p], lr: 0.5) : try Adam([p], lr: 0.5)
        try optimizer.step()
        #expect(p.scalars != [1, 2])
        #expect(copy.scalars == [1, 2] && detached.scalars == [1, 2])
        #expect(try p.existingGrad().scalars == [1, -1])
    }

    @Test func parametersWithoutGradAreSkipped() throws {
        let p = try Tensor([1, 2], requiresGrad: true)
        try SGD([p], lr: 0.5, momentum: 0.9).step()
        try Adam([p]).step()
        #expect(p.scalars == [1, 2])
    }

    /// A constructor call with bad hyperparameters and the error torch would raise.
    struct BadCase: Sendable, CustomTestStringConvertible {
        let message: String
        let make: @Sendable () throws -> Void
        var testDescription: String { message }
    }

    static let badCases: [BadCase] = [
        BadCase(message: "SGD: Invalid learning rate: -0.1") { _ = try SGD([], lr: -0.1) },
        BadCase(message: "SGD: Invalid momentum value: -0.5") { _ = try SGD(lr: 0.1, momentum: -0.5) },
        BadCase(message: "SGD: Invalid weight_decay value: -1.0") { _ = try SGD(lr: 0.1, weightDecay: -1) },
        BadCase(message: "SGD: Nesterov momentum requires a momentum and zero dampening") {
            _ = try SGD(lr: 0.1, nesterov: true)
        },
        BadCase(message: "SGD: Nesterov momentum requires a momentum and zero dampening") {
            _ = try SGD(lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true)
        },
        BadCase(message: "Adam: Invalid learning rate: -0.001") { _ = try Adam(lr: -0.001) },
        BadCase(message: "Adam: Invalid learning rate: nan") { _ = try Adam(lr: .nan) },
        BadCase(message: "Adam: Invalid epsilon value: -1e-08") { _ = try Adam(eps: -1e-8) },
        BadCase(message: "Adam: Invalid beta parameter at index 0: 1.0") { _ = try Adam(betas: (1.0, 0.999)) },
        BadCase(message: "Adam: Invalid beta parameter at index 1: -0.5") { _ = try Adam(betas: (0.9, -0.5)) },
        BadCase(message: "Adam: Invalid weight_decay value: -0.1") { _ = try Adam(weightDecay: -0.1) },
    ]

    @Test("hyperparameters are checked as torch checks them", arguments: badCases)
    func badHyperparameters(_ bad: BadCase) {
        #expect(throws: TensorError(bad.message)) { try bad.make() }
    }

    @Test func badParameterListsAreErrors() throws {
        let p = try Tensor([1, 2], requiresGrad: true)
        let q = try p.multiplying(2)
        #expect(throws: TensorError.self) { _ = try SGD([q], lr: 0.1) }
        #expect(throws: TensorError("Adam: parameter 1 is the same tensor as parameter 0; pass each parameter once")) {
            _ = try Adam([p, p])
        }
        #expect(throws: TensorError.self) { try Adam(lr: 0.1).step() }
        p.grad = try Tensor([1, 2, 3])
        #expect(throws: TensorError("SGD: the gradient of parameter 0 has shape [3] but the parameter has shape [2]")) {
            try SGD([p], lr: 0.1).step()
        }
        #expect(p.scalars == [1, 2])
    }
}
