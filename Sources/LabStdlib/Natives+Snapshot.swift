import LabLanguage
import NeuralNet
import TensorCore

// Snapshot support for watch mode: a session saves its globals after each cell and reruns from there.

extension Tensor: SnapshotCopyable {
    /// A copy-on-write copy of a leaf (elements, requiresGrad, grad). A tensor inside a recorded graph
    /// cannot be copied with its graph, so it makes the snapshot incomplete.
    public func snapshotCopy(using copier: ValueCopier) -> NativeObject? {
        gradFn == nil ? snapshot() : nil
    }
}

/// Frames and columns are never changed in place: the snapshot keeps the same object.
extension FrameObject: SnapshotCopyable {
    func snapshotCopy(using copier: ValueCopier) -> NativeObject? { self }
}

extension ColumnObject: SnapshotCopyable {
    func snapshotCopy(using copier: ValueCopier) -> NativeObject? { self }
}

/// A loss is immutable, but its posWeight is a tensor the lab may still change in place: it is copied
/// (through `copier`, so a global bound to the same tensor stays the same tensor).
extension LossFunction: SnapshotCopyable {
    func snapshotCopy(using copier: ValueCopier) -> NativeObject? {
        guard let posWeight else { return self }
        guard let weight = copier.copy(posWeight) as? Tensor, weight !== posWeight else { return nil }
        return LossFunction(kind: kind, reduction: reduction, posWeight: weight)
    }
}

/// A model is copied with its layers; its parameters go through `copier`, so the optimizer built on
/// them (and any global bound to one of them) is copied onto the same tensors.
extension ModuleObject: SnapshotCopyable {
    func snapshotCopy(using copier: ValueCopier) -> NativeObject? {
        copier.modelCopier.copy(module).map { ModuleObject($0) }
    }
}

/// An optimizer is copied with all its state, onto the copies of its parameters.
extension OptimizerObject: SnapshotCopyable {
    func snapshotCopy(using copier: ValueCopier) -> NativeObject? {
        copier.modelCopier.copy(optimizer).map { OptimizerObject($0) }
    }
}

extension ValueCopier {
    /// The one `ModelCopier` of this copying pass, whose parameter tensors are this copier's copies:
    /// one per pass, so that a module reached through two wrappers (`model` and a global
    /// `model.layers[0]`, which wraps the same layer anew) is copied once.
    fileprivate var modelCopier: ModelCopier {
        companion(ModelCopier.self) {
            // Weak: the copier keeps the model copier, which must not keep the copier alive.
            ModelCopier(copyingParameters: { [weak self] parameter in
                guard let copied = self?.copy(parameter) as? Tensor, copied !== parameter else { return nil }
                return copied
            })
        }
    }
}

/// A history grows in place (`record`), so the snapshot is a copy with the same rows.
extension HistoryObject: SnapshotCopyable {
    func snapshotCopy(using copier: ValueCopier) -> NativeObject? {
        let copy = History()
        for index in 0..<history.count {
            guard let row = history.row(index), (try? copy.record(Array(zip(history.columns, row)))) != nil else {
                return nil
            }
        }
        return HistoryObject(copy)
    }
}

extension MissingGradient: SnapshotCopyable {
    func snapshotCopy(using copier: ValueCopier) -> NativeObject? { self }
}

/// The session's tensor state that lab code can change: grad mode and the random generator.
public struct StdlibSnapshot {
    let isGradEnabled: Bool
    let generator: MT19937
    let maxElements: Int
}

extension Stdlib {
    /// Saves the tensor context's state (grad mode, random generator, element limit).
    public func snapshot() -> StdlibSnapshot {
        StdlibSnapshot(
            isGradEnabled: context.isGradEnabled, generator: context.generator,
            maxElements: context.maxElements)
    }

    /// Puts the tensor context back as `snapshot` saved it.
    public func restore(_ snapshot: StdlibSnapshot) {
        context.isGradEnabled = snapshot.isGradEnabled
        context.generator = snapshot.generator
        context.maxElements = snapshot.maxElements
    }
}
