extension Interpreter {
    /// The lab's own global names and their current values (built-ins left out, the running cell's
    /// new names included), sorted by name, so built-ins can say which variable holds an object.
    public func globalBindings() -> [(name: String, value: Value)] {
        var slots: [String: GlobalSlot] = globalNames.filter { !$0.value.isBuiltin }
        for slot in runningCellGlobals { slots[slot.name] = slot }
        return slots.values
            .filter { $0.isInitialized }
            .map { (name: $0.name, value: $0.pointer.pointee) }
            .sorted { $0.name < $1.name }
    }
}

extension Interpreter {
    /// The names of the built-in globals actually defined (declared or not), for checking the
    /// library's declarations against them.
    public var definedBuiltinNames: Set<String> {
        Set(globalNames.values.filter(\.isBuiltin).map(\.name))
    }
}
