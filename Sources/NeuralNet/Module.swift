import TensorCore

/// A layer or a model: callable on a batch, owning the tensors an optimizer updates.
///
/// Modules are shared objects, as in PyTorch: every reference sees the same parameters, and an
/// optimizer's in-place step changes them for all of them.
public protocol Module: AnyObject, CustomStringConvertible {
    /// The forward pass.
    func callAsFunction(_ x: Tensor) throws -> Tensor
    /// The trainable tensors, in PyTorch's order (a layer's weight before its bias, layers in order).
    func parameters() -> [Tensor]
    /// The type's name as PyTorch prints it (`Linear`, `ReLU`).
    var name: String { get }
    /// A copy sharing nothing mutable with this module, its parameters and layers copied by
    /// `copier` (call `copier.copy(module)` instead, which copies each module once); nil when it
    /// cannot be copied faithfully.
    func copy(using copier: ModelCopier) -> (any Module)?
    /// Switches between training and evaluation behaviour (`Dropout`, `BatchNorm1d`), as PyTorch's
    /// `train()`/`eval()`; layers without such behaviour ignore it.
    func setTraining(_ training: Bool)
}

extension Module {
    /// PyTorch's `repr`: the name and the constructor arguments, e.g. `ReLU()`.
    public var description: String { "\(name)()" }
    public func setTraining(_ training: Bool) {}
}

/// The logistic function σ(x) = 1 / (1 + e^−x), elementwise.
public final class Sigmoid: Module {
    /// A sigmoid layer (no parameters).
    public init() {}
    public var name: String { "Sigmoid" }
    /// Itself: it has no state to change.
    public func copy(using copier: ModelCopier) -> (any Module)? { self }
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.sigmoid() }
    public func parameters() -> [Tensor] { [] }
}

/// max(x, 0), elementwise.
public final class ReLU: Module {
    /// A ReLU layer (no parameters).
    public init() {}
    public var name: String { "ReLU" }
    /// Itself: it has no state to change.
    public func copy(using copier: ModelCopier) -> (any Module)? { self }
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.relu() }
    public func parameters() -> [Tensor] { [] }
}

/// The hyperbolic tangent, elementwise.
public final class Tanh: Module {
    /// A tanh layer (no parameters).
    public init() {}
    public var name: String { "Tanh" }
    /// Itself: it has no state to change.
    public func copy(using copier: ModelCopier) -> (any Module)? { self }
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.tanh() }
    public func parameters() -> [Tensor] { [] }
}

/// Layers applied one after another; its parameters are theirs, in order.
public final class Sequential: Module {
    /// The layers, first applied first.
    public let layers: [any Module]

    /// A chain of `layers`.
    public init(_ layers: [any Module]) { self.layers = layers }

    /// A chain of the given layers: `Sequential(Linear(4, 8), ReLU(), Linear(8, 1))`.
    public convenience init(_ layers: any Module...) { self.init(layers) }

    public var name: String { "Sequential" }

    /// A chain of the copies of the layers (a layer that appears twice stays one layer).
    public func copy(using copier: ModelCopier) -> (any Module)? {
        var copies: [any Module] = []
        for layer in layers {
            guard let copied = copier.copy(layer) else { return nil }
            copies.append(copied)
        }
        return Sequential(copies)
    }

    /// Runs each layer on the previous one's output; an error names the failing layer.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        var value = x
        for (index, layer) in layers.enumerated() {
            do {
                value = try layer(value)
            } catch let error as TensorError {
                throw TensorError("in layer (\(index)) \(layer.name) of Sequential: \(error.message)",
                                  isCancellation: error.isCancellation)
            }
        }
        return value
    }

    public func parameters() -> [Tensor] { layers.flatMap { $0.parameters() } }

    public func setTraining(_ training: Bool) {
        for layer in layers { layer.setTraining(training) }
    }

    /// PyTorch's multi-line `repr`, one numbered line per layer.
    public var description: String {
        if layers.isEmpty { return "Sequential()" }
        let lines = layers.enumerated().map { index, layer in
            "  (\(index)): " + layer.description.replacingOccurrences(of: "\n", with: "\n  ")
        }
        return "Sequential(\n" + lines.joined(separator: "\n") + "\n)"
    }
}
