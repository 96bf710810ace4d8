extension Compiler {
    func makeTemplate(_ syntax: FunctionSyntax) -> FunctionDefinition {
        let signature = syntax.isClosure ? "closure" : syntax.signature
        templatesMade += 1
        return FunctionDefinition(name: syntax.name, signature: signature, location: syntax.location,
                                runtime: runtime, isClosure: syntax.isClosure)
    }

    /// Compiles parameters (defaults in the enclosing scope) and the body in a new function scope.
    /// A struct's method (`method`) has `self` as its first parameter, a `var` when it is mutating,
    /// and reaches the struct's members by their bare names.
    func compileFunctionBody(_ syntax: FunctionSyntax, into template: FunctionDefinition,
                             method: (members: Set<String>, isMutating: Bool)? = nil) {
        var parameters = syntax.parameters.map { parameter in
            CompiledParameter(label: parameter.label, name: parameter.name, check: parameter.type.map(TypeCheck.init),
                              defaultValue: parameter.defaultValue.map { compileExpression($0) })
        }
        if syntax.implicitParameterCount > 0 {
            parameters = (0..<syntax.implicitParameterCount).map {
                CompiledParameter(label: nil, name: "$\($0)", check: nil, defaultValue: nil)
            }
        }
        template.parameters = parameters
        template.labelIDs = parameters.map { interpreter.internLabel($0.label) }
        template.hasParameterChecks = parameters.contains { $0.check != nil }
        let resultCheck = syntax.result.map(TypeCheck.init)

        let outer = scope
        scope = FunctionScope(parent: outer, isCell: false)
        scope.selfMembers = method?.members
        defer { scope = outer }
        let locations = syntax.parameters.map(\.location) + Array(repeating: syntax.location, count: syntax.implicitParameterCount)
        for (parameter, location) in zip(parameters, locations) {
            if parameter.name != "_", scope.blocks[scope.blocks.count - 1][parameter.name] != nil {
                errors.append(LabError("invalid redeclaration of '\(parameter.name)'", at: location))
            }
            let isMutableSelf = method?.isMutating == true && parameter.name == "self"
            declare(parameter.name, isLet: !isMutableSelf, at: location, warnShadowing: false)
            scope.blocks[scope.blocks.count - 1][parameter.name]?.isParameter = true
        }
        // Before the general body, so the typed compiler's resolver sees the parameters only.
        let typed = interpreter.compilesTypedCode && method == nil ? TypedCompiler.compile(syntax, template, self) : nil
        let templatesBefore = templatesMade, returnsBefore = returnStatementsCompiled
        let body = compileBody(syntax.body)
        template.capturesFrame = scope.usesEnclosingFrames || parameters.contains { $0.defaultValue != nil }
        template.code = FunctionBody(signature: template.signature, location: template.location, runtime: runtime,
                                     frameSize: scope.slotCount, body: body,
                                     parameterChecks: parameters.map(\.check), resultCheck: resultCheck,
                                     framesMayBeKept: templatesMade != templatesBefore,
                                     clearsSlots: !holdsOnlyNumbers(parameters, returnsBefore: returnsBefore),
                                     typed: typed)
    }

    /// A function's statements as the closure that gives its result: a single expression, a body that
    /// returns on every path (see `compileReturning`), or statements run for their `return`.
    private func compileBody(_ statements: [Stmt]) -> ExpressionCode {
        if statements.count == 1, case .expression(let expr) = statements[0], blockCall(expr) == nil {
            return compileExpression(expr)
        }
        if Compiler.returnsOnEveryPath(statements) { return Compiler.eval(compileReturning(statements[...])) }
        return Compiler.resultOf(compileBlockBody(statements, valueOfLast: false).exec)
    }

    /// True when the function's frame can hold nothing but numbers: its only locals are parameters
    /// annotated Int or Double (converted on the way in, and constant), and no `return` stores into
    /// slot 0 (a body that returns on every path gives its result directly).
    private func holdsOnlyNumbers(_ parameters: [CompiledParameter], returnsBefore: Int) -> Bool {
        guard scope.slotCount == parameters.count + 1, returnStatementsCompiled == returnsBefore else { return false }
        return parameters.allSatisfy { parameter in
            guard let check = parameter.check else { return false }
            return check.simple != .other
        }
    }

    /// An operand as a closure (a function's body is called through one).
    static func eval(_ operand: Operand) -> ExpressionCode {
        switch operand {
        case .code(let eval): return eval
        case .local(let slot): return { frame in Operand.read(frame.slots + slot) }
        default: return { frame in try operand.value(frame) }
        }
    }

    /// A body of statements as a function's result: the value of a `return`, or `Void` at the end.
    static func resultOf(_ exec: @escaping StatementCode) -> ExpressionCode {
        { frame in try exec(frame) == .returned ? takeReturned(frame) : .void }
    }
}
