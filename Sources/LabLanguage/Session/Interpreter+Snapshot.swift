/// A native value that can be copied into a session snapshot (watch mode reruns from saved state).
///
/// Natives that do not conform make a snapshot incomplete: the session then does not reuse it.
public protocol SnapshotCopyable: NativeObject {
    /// A copy that later in-place changes of `self` do not reach, or nil when this value cannot be
    /// copied faithfully (the snapshot is then incomplete). Immutable objects may return `self`.
    /// Nested values go through `copier` so that sharing is preserved.
    func snapshotCopy(using copier: ValueCopier) -> NativeObject?
}

/// Deep-copies values for a snapshot, copying each native object once so that two names bound to
/// the same object still share one copy.
public final class ValueCopier {
    private var copies: [ObjectIdentifier: NativeObject] = [:]
    /// Objects kept alive while copying, so their identifiers are not reused by new objects.
    private var originals: [NativeObject] = []
    /// False once any value could not be copied faithfully.
    public private(set) var isComplete = true

    public init() {}

    /// The copy of `value`: arrays, tuples and structs element by element, natives through
    /// `SnapshotCopyable`.
    public func copy(_ value: Value) -> Value {
        switch value {
        case .array(let items): return items.contains(where: \.holdsNative) ? .array(items.map(copy)) : value
        case .tuple(let items): return items.contains(where: \.holdsNative) ? .tuple(items.map(copy)) : value
        case .dictionary(var d):
            guard d.values.contains(where: \.holdsNative) else { return value }
            for (key, item) in zip(d.keys, d.values) { d.set(key, copy(item)) }
            return .dictionary(d)
        case .structure(var structure):
            guard structure.fields.contains(where: \.holdsNative) else { return value }
            structure.fields = structure.fields.map(copy)
            return .structure(structure)
        case .native(let object): return .native(copy(object))
        default: return value
        }
    }

    /// The copy of one native object (the same copy each time it is met).
    public func copy(_ object: NativeObject) -> NativeObject {
        let id = ObjectIdentifier(object)
        if let done = copies[id] { return done }
        originals.append(object)
        guard let copyable = object as? SnapshotCopyable, let copied = copyable.snapshotCopy(using: self) else {
            isComplete = false
            copies[id] = object
            return object
        }
        copies[id] = copied
        return copied
    }

    /// Helpers that natives share for one copying pass, by type (see `companion(_:make:)`).
    private var companions: [ObjectIdentifier: AnyObject] = [:]

    /// The one object of type `T` for this copying pass, made by `make` on first request: natives
    /// that copy through a shared helper (a model copier that must copy a layer reached through two
    /// wrappers once) keep it here. `make` must not hold the copier strongly (it holds the result).
    public func companion<T: AnyObject>(_ type: T.Type, make: () -> T) -> T {
        let key = ObjectIdentifier(type)
        if let existing = companions[key] as? T { return existing }
        let made = make()
        companions[key] = made
        return made
    }
}

extension Value {
    /// Whether a native object is reachable from this value through arrays, tuples and structs.
    fileprivate var holdsNative: Bool {
        switch self {
        case .native: return true
        case .array(let items), .tuple(let items): return items.contains(where: \.holdsNative)
        case .dictionary(let d): return d.values.contains(where: \.holdsNative)
        case .structure(let structure): return structure.fields.contains(where: \.holdsNative)
        default: return false
        }
    }
}

/// The globals of an interpreter at one moment, with copies of their values.
///
/// Values captured by closures in local scopes are not part of it; globals reached by functions
/// are (every user global ever declared is kept, even when a later declaration shadows its name).
public struct InterpreterSnapshot {
    fileprivate let names: [String: GlobalSlot]
    fileprivate let slots: [(slot: GlobalSlot, value: Value)]
    /// False when some value could not be copied; restoring it would not reproduce the state.
    public let isComplete: Bool
}

extension Interpreter {
    /// Saves the globals. Pass the previous snapshot of the same session so globals whose names
    /// were shadowed since (but which older functions still use) are saved too.
    public func snapshot(after previous: InterpreterSnapshot? = nil) -> InterpreterSnapshot {
        var seen = Set<ObjectIdentifier>()
        var slots: [GlobalSlot] = []
        for slot in previous?.slots.map(\.slot) ?? [] where seen.insert(ObjectIdentifier(slot)).inserted {
            slots.append(slot)
        }
        for slot in globalNames.values.sorted(by: { $0.name < $1.name })
        where !slot.isBuiltin && slot.isInitialized && seen.insert(ObjectIdentifier(slot)).inserted {
            slots.append(slot)
        }
        let copier = ValueCopier()
        let saved = slots.map { (slot: $0, value: copier.copy($0.pointer.pointee)) }
        return InterpreterSnapshot(names: globalNames, slots: saved, isComplete: copier.isComplete)
    }

    /// Puts the globals back as they were when `snapshot` was taken. The snapshot stays reusable:
    /// the values are copied again, so running on does not change it.
    public func restore(_ snapshot: InterpreterSnapshot) {
        let copier = ValueCopier()
        for (slot, value) in snapshot.slots {
            slot.pointer.pointee = copier.copy(value)
            slot.isInitialized = true
        }
        globalNames = snapshot.names
    }
}
