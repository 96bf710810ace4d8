/// Every built-in of one session, declared once (see `Builtin`), in the order they were declared.
public final class BuiltinLibrary {
    public private(set) var entries: [Builtin] = []
    private var indices: [String: Int] = [:]
    /// Qualified names declared more than once: none may be (a test holds the library to it).
    public private(set) var repeated: [String] = []

    /// Adds a declaration; a second one of the same qualified name replaces the first and is
    /// recorded in `repeated`.
    public func declare(_ builtin: Builtin) {
        if let index = indices[builtin.qualifiedName] {
            repeated.append(builtin.qualifiedName)
            entries[index] = builtin
        } else {
            indices[builtin.qualifiedName] = entries.count
            entries.append(builtin)
        }
    }

    /// The declaration of `qualifiedName` (`zeros`, `Tensor.sum`), or nil.
    public func entry(_ qualifiedName: String) -> Builtin? {
        indices[qualifiedName].map { entries[$0] }
    }

    /// The names of global functions, types and blocks, for the highlighter.
    public var globalNames: Set<String> {
        Set(entries.filter { $0.owner == nil }.map(\.name))
    }

    /// The declared members of `owner`, in order.
    public func members(of owner: String) -> [Builtin] {
        entries.filter { $0.owner == owner }
    }

    /// Adds the member declarations of a native type, as one list.
    public func declare(_ members: [Builtin]) {
        for member in members { declare(member) }
    }
}
