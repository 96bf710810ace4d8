import LabLanguage
import TensorCore

/// Subscripts with an index list or a mask (`X[[2, 0]]`, `X[:, idx]`, `X[X > 0]`), PyTorch's
/// advanced indexing for one index tensor per subscript. Plain subscripts never come here.
enum AdvancedIndex {
    /// The one subscript argument that is not a plain index.
    enum Selector {
        /// Positions along one axis, shaped as the index was (a list is 1-D).
        case positions([Int], shape: [Int], at: Int)
        /// A bool tensor over the leading axes.
        case mask(Tensor)
    }

    /// Whether an argument is an index list or a tensor (a constant subscript such as `X[[0, 2]]`
    /// is then read on the general path, never kept as plain indices).
    static func hasSelector(_ arguments: [SubscriptArgument]) -> Bool {
        arguments.contains { argument in
            switch argument {
            case .value(.array), .value(.native): return true
            default: return false
            }
        }
    }

    /// The selector among `arguments`, or nil when every argument is a plain index.
    static func selector(in arguments: [SubscriptArgument]) throws -> Selector? {
        var found: Selector?
        for (place, argument) in arguments.enumerated() {
            guard case .value(let value) = argument, let selector = try selector(value, at: place) else { continue }
            guard found == nil else {
                throw NativeError("a tensor subscript takes at most one index list or mask",
                                  hint: "index one axis at a time: X[rows][:, columns]")
            }
            if case .mask = selector, arguments.count != 1 {
                throw NativeError("a mask must be the only index of a subscript", hint: "write X[mask], with the mask shaped as X's leading axes")
            }
            found = selector
        }
        return found
    }

    private static func selector(_ value: Value, at place: Int) throws -> Selector? {
        switch value {
        case .array(let items):
            let positions = try items.map { item -> Int in
                guard case .int(let i) = item else {
                    throw NativeError("an index list holds Ints, got \(item.typeName)")
                }
                return i
            }
            return .positions(positions, shape: [positions.count], at: place)
        case .native(let object):
            guard let t = object as? Tensor else { return nil }
            if t.kind == .bool { return .mask(t) }
            let positions = try t.scalars.map { v -> Int in
                guard v == v.rounded(), abs(v) < 9e15 else {
                    throw NativeError("tensors used as indices must hold whole numbers, got \(v)")
                }
                return Int(v)
            }
            return .positions(positions, shape: t.shape, at: place)
        default:
            return nil
        }
    }

    /// `base[arguments]` with the selector applied at its place.
    static func read(_ base: Tensor, _ arguments: [SubscriptArgument], _ selector: Selector) throws -> Tensor {
        switch selector {
        case .mask(let mask):
            return try base.masked(by: mask)
        case .positions(let positions, let indexShape, let place):
            var plain = arguments
            plain[place] = .all
            let specs = try plain.map(Tensor.indexSpec)
            let axis = try resultAxis(of: place, in: specs, rank: base.rank)
            let sliced = specs.allSatisfy { $0 == .all } ? base : try base.index(specs)
            let picked = try sliced.select(positions: positions, dim: axis)
            guard indexShape.count != 1 else { return picked }
            let shape = Array(picked.shape[..<axis]) + indexShape + Array(picked.shape[(axis + 1)...])
            return try picked.reshape(shape)
        }
    }

    /// `base[arguments] = value` in place, for a mask or a list with every other index `:`.
    static func write(_ base: Tensor, _ arguments: [SubscriptArgument], _ selector: Selector, _ value: Tensor) throws {
        switch selector {
        case .mask(let mask):
            try base.assign(value, mask: mask)
        case .positions(let positions, let indexShape, let place):
            var plain = arguments
            plain[place] = .all
            let specs = try plain.map(Tensor.indexSpec)
            guard specs.allSatisfy({ $0 == .all }), indexShape.count == 1 else {
                throw NativeError("assigning through an index list works with ':' for every other axis and a 1-D list",
                                  hint: "for example X[[0, 2]] = 0 or X[:, idx] = values")
            }
            try base.assign(value, positions: positions, dim: place)
        }
    }

    /// The axis of the result that argument `place` becomes, given the plain indices (`.at` removes
    /// an axis, `...` stands for the axes no other index takes).
    private static func resultAxis(of place: Int, in specs: [TensorIndex], rank: Int) throws -> Int {
        let consumed = specs.filter { $0 != .ellipsis && $0 != .newAxis }.count
        var axis = 0
        for spec in specs.prefix(place) {
            switch spec {
            case .at: break
            case .ellipsis: axis += rank - consumed
            default: axis += 1
            }
        }
        return axis
    }
}
