extension Interpreter {
    /// The lab's own global names and their current values (built-ins left out), sorted by name,
    /// so built-ins can say which variable holds an object (a graph picture labels its leaves).
    public func globalBindings() -> [(name: String, value: Value)] {
        globalNames.values
            .filter { !$0.isBuiltin && $0.isInitialized }
            .map { (name: $0.name, value: $0.pointer.pointee) }
            .sorted { $0.name < $1.name }
    }
}
