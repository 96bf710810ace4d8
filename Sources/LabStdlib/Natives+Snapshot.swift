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

extension LossFunction: SnapshotCopyable {
    func snapshotCopy(using copier: ValueCopier) -> NativeObject? { self }
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
