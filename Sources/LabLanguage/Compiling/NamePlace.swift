/// Where the value of a plain name lives (a frame slot or a global), so that code operating on a
/// native object held by a name reaches it in place instead of copying the `Value` out first.
///
/// A copy of a `Value` is an outlined copy and a retain, and its end an outlined destroy and a
/// release: in `w.grad`, `X[:, 0]` or `b1 * x`, each run of a training loop's step, about a fifth of
/// what the interpreter adds to the tensor work. Reading in place is sound only where no lab code
/// can run while the value is borrowed, since lab code could assign the name and free the value:
/// the users below take the place only for a `.native` value and call a member read, a subscript
/// read or an operator of the native, none of which calls back into lab code. Anything else falls
/// back to the name's ordinary (copying) code.
enum NamePlace {
    /// A slot of the current frame.
    case local(Int)
    /// A slot of the frame `depth` levels up.
    case outer(depth: Int, slot: Int)
    /// A global; nil is returned while it has not been declared yet (the copying code then throws).
    case global(GlobalSlot)

    /// The value's address, or nil for a global whose declaration has not run.
    @inline(__always)
    func pointer(_ frame: CallFrame) -> UnsafeMutablePointer<Value>? {
        switch self {
        case .local(let slot): return frame.slots + slot
        case .outer(let depth, let slot):
            // Unretained: each frame holds its parent, and the caller holds `frame`.
            unowned(unsafe) var current = frame
            for _ in 0..<depth { current = current.parent.unsafelyUnwrapped }
            return current.slots + slot
        case .global(let global): return global.isInitialized ? global.pointer : nil
        }
    }
}

extension Compiler {
    /// The place of `expr` when it is a plain name bound here (not a member reached through an
    /// implicit `self`); nil otherwise.
    func namePlace(_ expr: Expr) -> NamePlace? {
        guard case .name(let name) = expr.kind, implicitSelf(expr) == nil, let binding = lookup(name) else { return nil }
        switch binding {
        case .local(0, let slot, _): return .local(slot)
        case .local(let depth, let slot, _): return .outer(depth: depth, slot: slot)
        case .global(let global): return .global(global)
        }
    }
}
