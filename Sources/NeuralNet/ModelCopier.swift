import TensorCore

/// Copies modules and optimizers so that the copies share nothing mutable with the originals (for
/// session snapshots), copying each module, optimizer and parameter tensor once.
///
/// Copying each object once keeps sharing intact: a layer used twice in a `Sequential`, or a model
/// and the optimizer built on its parameters, are copied into one layer, or into a model and an
/// optimizer that update the same copied tensors. The caller decides how a parameter tensor is
/// copied (a snapshot routes it through its own copier, so a parameter that is also a global keeps
/// being one tensor). A copy is nil when something cannot be copied faithfully.
public final class ModelCopier {
    private let copyParameter: (Tensor) -> Tensor?
    private var tensors: [ObjectIdentifier: Tensor?] = [:]
    private var modules: [ObjectIdentifier: (any Module)?] = [:]
    private var optimizers: [ObjectIdentifier: (any Optimizer)?] = [:]
    /// The objects copied so far, kept alive so that their identifiers are not reused by new objects.
    private var originals: [AnyObject] = []

    /// A copier that copies parameter tensors with `copyParameter` (nil: this tensor cannot be copied).
    public init(copyingParameters copyParameter: @escaping (Tensor) -> Tensor?) {
        self.copyParameter = copyParameter
    }

    /// A copier that copies leaf parameters with `Tensor.snapshot()` (elements shared until written,
    /// requiresGrad and grad kept); a tensor inside a recorded graph cannot be copied.
    public convenience init() {
        self.init(copyingParameters: { $0.isLeaf ? $0.snapshot() : nil })
    }

    /// The copy of a parameter tensor (the same copy each time), or nil when it cannot be copied.
    /// A copy of another shape than the original's counts as a failure.
    public func copy(_ parameter: Tensor) -> Tensor? {
        let id = ObjectIdentifier(parameter)
        if let done = tensors[id] { return done }
        originals.append(parameter)
        var copied = copyParameter(parameter)
        if let tensor = copied, tensor === parameter || tensor.shape != parameter.shape { copied = nil }
        tensors[id] = copied
        return copied
    }

    /// The copies of `parameters`, in order, or nil when one of them cannot be copied.
    public func copy(_ parameters: [Tensor]) -> [Tensor]? {
        var copies: [Tensor] = []
        copies.reserveCapacity(parameters.count)
        for p in parameters {
            guard let copied = copy(p) else { return nil }
            copies.append(copied)
        }
        return copies
    }

    /// The copy of a module (the same copy each time), or nil when it cannot be copied faithfully.
    public func copy(_ module: any Module) -> (any Module)? {
        once(module, in: \.modules) { module.copy(using: self) }
    }

    /// The copy of an optimizer with all its state (the same copy each time), its parameters
    /// copied as the modules' are; nil when it cannot be copied faithfully.
    public func copy(_ optimizer: any Optimizer) -> (any Optimizer)? {
        once(optimizer, in: \.optimizers) { optimizer.copy(using: self) }
    }

    /// The copy `table` already holds for `original`, or the one `make` makes, remembered there.
    /// The table is reached through a key path, not `inout`: `make` copies nested modules (a
    /// Sequential's layers) into the same table, which an `inout` access held across it forbids.
    private func once<T>(_ original: AnyObject, in table: ReferenceWritableKeyPath<ModelCopier, [ObjectIdentifier: T?]>,
                         _ make: () -> T?) -> T? {
        let id = ObjectIdentifier(original)
        if let done = self[keyPath: table][id] { return done }
        originals.append(original)
        let copied = make()
        self[keyPath: table][id] = copied
        return copied
    }
}

extension Module {
    /// No copy: a module type that does not say how to copy itself makes a snapshot incomplete.
    public func copy(using copier: ModelCopier) -> (any Module)? { nil }
}

extension Optimizer {
    /// No copy: an optimizer type that does not say how to copy itself makes a snapshot incomplete.
    public func copy(using copier: ModelCopier) -> (any Optimizer)? { nil }
}
