/// A global binding: a name declared at the top level of a cell, or a built-in.
///
/// Compiled code holds the slot itself, so a later cell's redeclaration (a new slot) leaves earlier
/// closures with the binding they captured.
final class GlobalSlot {
    let name: String
    let pointer: UnsafeMutablePointer<Value>
    let isLet: Bool
    let isBuiltin: Bool
    /// Read on every use of a global in compiled code: unchecked, since an interpreter runs on one
    /// thread and no access to it overlaps another (a checked class property costs a run-time
    /// exclusivity check, about a fifth of a top-level `s += i % 7` loop).
    @exclusivity(unchecked) var isInitialized: Bool
    /// Set for block built-ins such as `noGrad { }`.
    var block: (enter: () -> Void, exit: () -> Void)?

    init(name: String, isLet: Bool, isBuiltin: Bool, value: Value? = nil) {
        self.name = name
        self.isLet = isLet
        self.isBuiltin = isBuiltin
        self.isInitialized = value != nil
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: value ?? .nil)
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }

    /// The function in the slot, without retaining it; only for a `let` slot, whose value does not
    /// change while code that holds the slot runs (the slot keeps the function alive).
    @inline(__always)
    func peekFunction() -> Unmanaged<Function>? {
        if case .function(let function) = pointer.pointee { return Unmanaged.passUnretained(function) }
        return nil
    }
}

struct LocalBinding {
    var slot: Int
    var isLet: Bool
    /// A function's parameter: the body may declare the same name again (`guard let x = x`,
    /// `var n = n`), as Swift allows, from then on meaning the new local.
    var isParameter = false
}

/// Where a name lives, found by the resolver before the cell runs.
enum Binding {
    case local(depth: Int, slot: Int, isLet: Bool)
    case global(GlobalSlot)

    var isLet: Bool {
        switch self {
        case .local(_, _, let isLet): return isLet
        case .global(let slot): return slot.isLet
        }
    }
}

/// The scopes of one function (or of a cell): its block scopes share one frame of slots.
///
/// A loop body whose variables a closure captures gets a scope of its own (`isLoopFrame`): each
/// iteration runs in a fresh frame whose parent is the enclosing one.
final class FunctionScope {
    let parent: FunctionScope?
    let isCell: Bool
    let isLoopFrame: Bool
    var blocks: [[String: LocalBinding]] = [[:]]
    var slotCount = 1
    var loopDepth = 0
    /// How many `switch` statements enclose the code being compiled in this scope: `break` leaves them.
    var switchDepth = 0
    /// Set when code inside reads or writes a local of an enclosing function; only then do the
    /// function's values keep the frame they were made in (a call then retains it as the parent).
    var usesEnclosingFrames = false
    /// For a struct's method: the struct's members, which bare names inside reach through `self`.
    var selfMembers: Set<String>?

    init(parent: FunctionScope?, isCell: Bool, isLoopFrame: Bool = false) {
        self.parent = parent
        self.isCell = isCell
        self.isLoopFrame = isLoopFrame
    }

    /// How many loop frames lie between this scope and its function's (or cell's) frame, and that scope.
    var enclosingFunction: (hops: Int, scope: FunctionScope) {
        var hops = 0
        var current = self
        while current.isLoopFrame, let parent = current.parent {
            hops += 1
            current = parent
        }
        return (hops, current)
    }

    func newSlot() -> Int {
        slotCount += 1
        return slotCount - 1
    }
}

/// Resolves names to slots and compiles the syntax tree to closures, reporting resolution errors
/// before anything runs.
final class Compiler {
    unowned let interpreter: Interpreter
    let runtime: Runtime
    var scope: FunctionScope
    var errors: [LabError] = []
    /// Set when compiling stopped because the cell was cancelled (see `stopIfCancelled`).
    var stoppedByCancellation = false
    var warnings: [Diagnostic] = []
    /// Globals declared by this cell, in order; they become visible to later cells once initialised.
    var cellGlobals: [String: GlobalSlot] = [:]
    var newGlobals: [GlobalSlot] = []
    /// Every name the cell declares somewhere, to tell "used before its declaration" from "not found".
    var declaredInCell: Set<String> = []
    /// Slots for the cell's top-level `let`/`var`s, made before compiling so that function bodies may
    /// use a name declared further down the cell (as in a Swift main.swift); reading one before its
    /// declaration has run is a runtime error.
    var pendingGlobals: [String: GlobalSlot] = [:]
    /// How many function templates (funcs and closures) were made; a body that makes none cannot
    /// let its frame outlive the call, so the call reuses the frame without checking.
    var templatesMade = 0
    /// How many `return` statements that store into slot 0 were compiled (see `FunctionBody.clearsSlots`).
    var returnStatementsCompiled = 0

    init(interpreter: Interpreter, cellScope: FunctionScope) {
        self.interpreter = interpreter
        self.runtime = interpreter.runtime
        self.scope = cellScope
    }

    var atGlobalLevel: Bool { scope.isCell && scope.blocks.count == 1 }

    /// The names of block built-ins such as `noGrad`, whose trailing closure is inlined.
    var blockNames: Set<String> {
        Set(interpreter.globalNames.values.filter { $0.block != nil }.map(\.name))
    }

    func lookup(_ name: String) -> Binding? {
        var depth = 0
        var insideFunction = false
        var current: FunctionScope? = scope
        while let function = current {
            let lowest = function.isCell ? 1 : 0
            for index in stride(from: function.blocks.count - 1, through: lowest, by: -1) {
                if let local = function.blocks[index][name] {
                    markEnclosingFramesUsed(below: function)
                    return .local(depth: depth, slot: local.slot, isLet: local.isLet)
                }
            }
            // A member of the method's struct: not a binding (see `implicitSelf`).
            if function.selfMembers?.contains(name) == true { return nil }
            if function.isCell {
                let pending = insideFunction ? pendingGlobals[name] : nil
                if let global = cellGlobals[name] ?? pending ?? interpreter.globalNames[name] { return .global(global) }
                return nil
            }
            if !function.isLoopFrame { insideFunction = true }
            depth += 1
            current = function.parent
        }
        return nil
    }

    /// Marks every scope from the current one up to (not including) `owner` as using its parent frame.
    private func markEnclosingFramesUsed(below owner: FunctionScope) {
        var current: FunctionScope? = scope
        while let function = current, function !== owner {
            function.usesEnclosingFrames = true
            current = function.parent
        }
    }

    /// Declares a name in the current block; at a cell's top level it becomes a new global slot.
    @discardableResult
    func declare(_ name: String, isLet: Bool, at location: SourceLocation, warnShadowing: Bool = true) -> Binding {
        if name == "_" { return .local(depth: 0, slot: scope.newSlot(), isLet: isLet) }
        if warnShadowing, let existing = interpreter.globalNames[name], existing.isBuiltin {
            warnings.append(Diagnostic(severity: .warning, message: "'\(name)' shadows a built-in of the same name",
                                       line: location.line, column: location.column,
                                       hint: "rename it to keep using the built-in", source: location.source))
        }
        if atGlobalLevel {
            if cellGlobals[name] != nil {
                errors.append(LabError("invalid redeclaration of '\(name)'", at: location))
            }
            let slot = pendingGlobals.removeValue(forKey: name) ?? GlobalSlot(name: name, isLet: isLet, isBuiltin: false)
            cellGlobals[name] = slot
            newGlobals.append(slot)
            return .global(slot)
        }
        if let existing = scope.blocks[scope.blocks.count - 1][name], !existing.isParameter {
            errors.append(LabError("invalid redeclaration of '\(name)'", at: location))
        }
        let slot = scope.newSlot()
        scope.blocks[scope.blocks.count - 1][name] = LocalBinding(slot: slot, isLet: isLet)
        return .local(depth: 0, slot: slot, isLet: isLet)
    }

    /// Opens a block scope; compiled closures must not be returned through a generic helper (they
    /// would keep reabstraction thunks on every call), so callers open and close blocks themselves.
    func openBlock() { scope.blocks.append([:]) }
    func closeBlock() { scope.blocks.removeLast() }

    /// An error for a name that is not visible here.
    func unresolved(_ name: String, at location: SourceLocation) -> LabError {
        if declaredInCell.contains(name) {
            return LabError("use of '\(name)' before its declaration", at: location,
                            hint: "declare '\(name)' with let or var above this line")
        }
        if let hint = PythonHabits.names[name] { return LabError("cannot find '\(name)' in scope", at: location, hint: hint) }
        let visible = visibleNames()
        if let camel = Suggestions.camelCase(name), visible.contains(camel) {
            return LabError("cannot find '\(name)' in scope", at: location, hint: "use \(camel)")
        }
        let hint = Suggestions.closest(to: name, among: visible).map { "did you mean '\($0)'?" }
        return LabError("cannot find '\(name)' in scope", at: location, hint: hint)
    }

    private func visibleNames() -> [String] {
        var names = Array(interpreter.globalNames.keys) + Array(cellGlobals.keys)
        var current: FunctionScope? = scope
        while let function = current {
            for block in function.blocks { names += block.keys }
            current = function.parent
        }
        return names
    }

    /// Compiles a whole cell; the result runs its statements in a fresh cell frame.
    func compileCell(_ statements: [Stmt]) -> (CallFrame) throws -> Value? {
        declaredInCell = Compiler.declaredNames(statements)
        for case .declaration(let isLet, let pattern, _, _, _) in statements {
            for (name, _) in pattern.names where name != "_" && pendingGlobals[name] == nil {
                pendingGlobals[name] = GlobalSlot(name: name, isLet: isLet, isBuiltin: false)
            }
        }
        let body = compileBlockBody(statements, valueOfLast: true)
        return { frame in try body.run(frame) }
    }

    static func declaredNames(_ statements: [Stmt]) -> Set<String> {
        var names: Set<String> = []
        for statement in statements {
            switch statement {
            case .declaration(_, let pattern, _, _, _): names.formUnion(pattern.names.map(\.0))
            case .function(let function): names.insert(function.name)
            case .structDeclaration(let syntax): names.insert(syntax.name)
            case .ifStatement(_, let then, let otherwise):
                names.formUnion(declaredNames(then))
                names.formUnion(declaredNames(otherwise ?? []))
            case .whileLoop(_, let body), .forLoop(_, _, let body, _): names.formUnion(declaredNames(body))
            case .switchStatement(_, let cases, _):
                for item in cases { names.formUnion(declaredNames(item.body)) }
            default: break
            }
        }
        return names
    }
}
