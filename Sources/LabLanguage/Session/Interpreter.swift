import Foundation

/// The result of running one cell.
public struct CellRun {
    /// The value of the last line when it is an expression statement with a value (never `.void`).
    public var lastValue: Value?
    /// Errors and warnings, in source order.
    public var diagnostics: [Diagnostic]
    /// False when the cell did not parse, did not resolve, or stopped with an error (or was cancelled).
    public var succeeded: Bool
    /// True when the run stopped because `cancellation` was set.
    public var cancelled: Bool
    /// The name the last line shows, when it is a bare name (`history`): displays title with it.
    public var lastName: String? = nil
}

/// A session of the lab language: all cells of a lab run in one interpreter, sharing their globals.
public final class Interpreter {
    let runtime: Runtime
    /// The latest binding of each global name, built-ins included.
    var globalNames: [String: GlobalSlot] = [:]
    /// The globals the running cell declares (joined to `globalNames` when it ends).
    var runningCellGlobals: [GlobalSlot] = []
    private var labelIDs: [String: Int] = [:]
    /// False to compile no typed code (see `TypedCompiler`); tests compare both tiers' behaviour.
    var compilesTypedCode = true
    /// The names of the mutating methods of every struct the session declared: a call `p.name(…)`
    /// with one of these names is compiled to write the changed value back to `p`.
    var structMutatingMethods: Set<String> = []
    /// Every global a cell declared, shadowed ones included; emptied at the end so a recursive
    /// function (global slot → function → compiled body → global slot) does not keep itself alive.
    private var declaredGlobals: [GlobalSlot] = []

    /// Set from another thread to stop the running cell; `run` does not reset it.
    public let cancellation: CancellationFlag
    /// The declarations of every built-in this session has (see `Builtin`).
    public let library = BuiltinLibrary()
    /// How a library of natives extends the math built-ins and `assertClose` (`exp`, `log`, `sqrt`,
    /// `abs`, `tanh`, `pow`, …) to its values: called with the function's name and arguments before
    /// the built-in's own code, it returns the result, or nil to leave the call to the built-in.
    /// One extension point instead of a second definition of each function.
    public var nativeMath: ((String, Arguments) throws -> Value?)?

    /// Receives each line the built-in `print` writes, without the trailing newline.
    public var onPrint: (String) -> Void {
        get { runtime.onPrint }
        set { runtime.onPrint = newValue }
    }

    public init() {
        cancellation = CancellationFlag()
        runtime = Runtime(cancellation: cancellation)
        Builtins.install(in: self)
    }

    deinit {
        for slot in declaredGlobals { slot.pointer.pointee = .nil }
    }

    /// Defines (or replaces) a built-in global; a user's declaration of the same name gets a warning.
    public func define(_ name: String, _ value: Value) {
        globalNames[name] = GlobalSlot(name: name, isLet: true, isBuiltin: true, value: value)
    }

    /// Defines a built-in native function without declaring it (tests' fakes; the library's
    /// built-ins use `define(_:_:)`, which declares them too).
    public func defineFunction(_ name: String, _ body: @escaping (Arguments) throws -> Value) {
        define(name, .function(Function(name: name, body: body)))
    }

    /// Gives the built-in function `name` a shortcut for calls with one unlabeled argument: it
    /// returns the call's result, or nil to let the function run as usual (`log(t)` on a tensor
    /// skips building `Arguments`, the math built-in's number check and the library's dispatch).
    /// The shortcut must give exactly what the function gives for that argument.
    public func defineShortcut(_ name: String, _ shortcut: @escaping (Value) throws -> Value?) {
        guard case .function(let function)? = globalNames[name]?.pointer.pointee, function.isNative else { return }
        function.oneArgumentShortcut = shortcut
    }

    /// Declares `builtin` (a function or type) in the library and defines it as a global.
    public func define(_ builtin: Builtin, _ body: @escaping (Arguments) throws -> Value) {
        library.declare(builtin)
        defineFunction(builtin.name, body)
    }

    /// Declares a block built-in and defines it (see `defineBlock(_:enter:exit:)`).
    public func define(_ builtin: Builtin, enter: @escaping () -> Void, exit: @escaping () -> Void) {
        library.declare(builtin)
        defineBlock(builtin.name, enter: enter, exit: exit)
    }

    /// Defines a block built-in such as `noGrad { ... }`: the block runs at once between `enter` and
    /// `exit` (`exit` runs on errors, `break` and `return` too), and its value is its last expression.
    public func defineBlock(_ name: String, enter: @escaping () -> Void, exit: @escaping () -> Void) {
        define(name, .function(Function(name: name) { _ in
            throw NativeError("'\(name)' is a block; write \(name) { ... }")
        }))
        globalNames[name]?.block = (enter, exit)
    }

    /// The current value of a global name (a user's or a built-in), or nil when there is none.
    public func value(of name: String) -> Value? {
        guard let slot = globalNames[name], slot.isInitialized else { return nil }
        return slot.pointer.pointee
    }

    func internLabel(_ label: String?) -> Int {
        guard let label else { return 0 }
        if let id = labelIDs[label] { return id }
        let id = labelIDs.count + 1
        labelIDs[label] = id
        return id
    }

    /// Parses, resolves and runs one cell's code in this session.
    ///
    /// Runs on a large stack (hopping to a new thread when the caller's is small), so deep recursion
    /// and deeply nested code report errors instead of overflowing the stack.
    /// Runs one cell. `sourceID` names its code in locations (`SourceLocation.source`), so an error
    /// inside a function declared in an earlier cell says which cell it is in; the host keeps the
    /// numbers apart (a lab session uses the cell's index).
    public func run(_ source: String, sourceID: Int = 0) -> CellRun {
        if !Interpreter.onLargeStack {
            return Interpreter.withLargeStack { self.run(source, sourceID: sourceID) }
        }
        let parsed = Parser.parse(source, start: SourceLocation(line: 1, column: 1, source: sourceID),
                                  cancellation: cancellation)
        if !parsed.errors.isEmpty {
            let errors = Interpreter.withHabitHints(parsed.errors, source: source)
            return CellRun(lastValue: nil, diagnostics: Interpreter.sorted(errors.map(\.diagnostic)),
                           succeeded: false, cancelled: parsed.errors.contains(where: \.isCancellation))
        }
        let cellScope = FunctionScope(parent: nil, isCell: true)
        let compiler = Compiler(interpreter: self, cellScope: cellScope)
        let body = compiler.compileCell(parsed.statements)
        declaredGlobals += compiler.newGlobals
        if compiler.stoppedByCancellation {
            var error = LabError("cancelled: the cell ran out of time or was interrupted while it was being compiled",
                                 at: SourceLocation(line: 1, column: 1, source: sourceID))
            error.isCancellation = true
            return CellRun(lastValue: nil, diagnostics: [error.diagnostic], succeeded: false, cancelled: true)
        }
        if !compiler.errors.isEmpty {
            let diagnostics = compiler.errors.map(\.diagnostic) + compiler.warnings
            return CellRun(lastValue: nil, diagnostics: Interpreter.sorted(diagnostics), succeeded: false, cancelled: false)
        }
        var run = execute(body, frameSize: cellScope.slotCount, compiler: compiler)
        if case .expression(let last)? = parsed.statements.last, case .name(let name) = last.kind {
            run.lastName = name
        }
        return run
    }

    private func execute(_ body: (CallFrame) throws -> Value?, frameSize: Int, compiler: Compiler) -> CellRun {
        // A run started by a native while calls are active (a nested run) must leave the outer run's
        // call depth as it found it: the depth indexes the frame pool.
        let outerCounters = runtime.counters.pointee
        defer { runtime.counters.pointee = outerCounters }
        runtime.counters.pointee = RuntimeCounters(depth: 0, countdown: 0)
        var result = CellRun(lastValue: nil, diagnostics: compiler.warnings, succeeded: true, cancelled: false)
        runningCellGlobals = compiler.newGlobals
        defer { runningCellGlobals = [] }
        _ = NativeWarnings.take()
        do {
            let value = try body(CallFrame.make(count: frameSize, parent: nil))
            if let value, case .void = value {} else { result.lastValue = value }
        } catch let error as LabError {
            result.diagnostics.append(error.diagnostic)
            result.succeeded = false
            result.cancelled = error.isCancellation
        } catch {
            result.diagnostics.append(Diagnostic(severity: .error, message: "\(error)", line: 1, column: 1))
            result.succeeded = false
        }
        result.diagnostics += NativeWarnings.take()
        runtime.drainFramePool()
        // Bindings made before an error stay; names whose declaration never ran keep their old meaning.
        for slot in compiler.newGlobals where slot.isInitialized {
            globalNames[slot.name] = slot
        }
        result.diagnostics = Interpreter.sorted(result.diagnostics)
        return result
    }

    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<String> = []
        return diagnostics
            .filter { seen.insert("\($0.line):\($0.column):\($0.message)").inserted }
            .sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// Parse errors, each without a hint given the one `PythonHabits` has for its line (a
    /// Python or PyTorch habit such as `def f(x):` or `a ** b`).
    static func withHabitHints(_ errors: [LabError], source: String) -> [LabError] {
        guard errors.contains(where: { $0.hint == nil }) else { return errors }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        // Once per line: a line of 2,000 stray braces has 2,000 errors, and looking at the whole
        // line for each made reporting them quadratic (1.4 s for a 4 KB line).
        var hints: [Int: String?] = [:]
        return errors.map { error in
            var error = error
            let line = error.location.line
            if error.hint == nil, line >= 1, line <= lines.count {
                if hints[line] == nil { hints[line] = PythonHabits.hint(forLine: String(lines[line - 1])) }
                error.hint = hints[line] ?? nil
            }
            return error
        }
    }

    /// Token spans for syntax highlighting; never fails, whatever the input.
    public static func highlight(_ source: String, builtins: Set<String> = []) -> [TokenSpan] {
        let lexed = Lexer.tokenize(source)
        var spans = lexed.comments
        var afterDot = false
        let tokens = lexed.tokens
        for (position, token) in tokens.enumerated() where token.kind != .endOfFile {
            let kind: TokenSpan.Kind
            defer { afterDot = token.kind == .symbol && token.text == "." }
            switch token.kind {
            case .keyword: kind = .keyword
            case .identifier where !afterDot && token.readsAsContextualKeyword(next: tokens[position + 1]): kind = .keyword
            case .identifier where !afterDot && builtins.contains(token.text): kind = .builtin
            case .identifier, .dollar: kind = .identifier
            case .integer, .float: kind = .number
            case .string: kind = .string
            case .symbol: kind = punctuationSymbols.contains(token.text) ? .punctuation : .operator
            case .endOfFile: continue
            }
            spans.append(TokenSpan(kind: kind, offset: token.offset, length: token.length))
        }
        return spans.sorted { $0.offset < $1.offset }
    }

    /// `highlight(_:builtins:)` with this session's declared built-ins marked.
    public func highlight(_ source: String) -> [TokenSpan] {
        Self.highlight(source, builtins: library.globalNames)
    }
}

extension Interpreter {
    private static let largeStackKey = "LabLanguage.largeStack"
    /// The stack size of `withLargeStack` threads.
    public static let largeStackSize = 512 << 20

    static var onLargeStack: Bool {
        Thread.current.threadDictionary[largeStackKey] as? Bool == true
    }

    /// Runs `body` on a thread with a 512 MB stack and waits for it (runs it directly when already on one).
    public static func withLargeStack<T>(_ body: @escaping () -> T) -> T {
        if onLargeStack { return body() }
        let box = ResultBox(body)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            Thread.current.threadDictionary[largeStackKey] = true
            box.run()
            done.signal()
        }
        thread.stackSize = largeStackSize
        thread.start()
        done.wait()
        return box.take()
    }
}

/// Carries a closure and its result across the thread boundary of `withLargeStack`; the semaphore orders access.
private final class ResultBox<T>: @unchecked Sendable {
    private let body: () -> T
    private var result: T?

    init(_ body: @escaping () -> T) { self.body = body }
    func run() { result = body() }
    func take() -> T {
        guard let result else { fatalError("withLargeStack: the thread finished without a result") }
        return result
    }
}
