import Foundation
import LabLanguage
@testable import LabStdlib
import TestSupport
import Testing

/// The built-in library's declarations: every built-in declared once, with an example that runs,
/// and docs/library.md generated from them. `LABRUN_RECORD=1 swift test --filter
/// LibraryReferenceTests` rewrites docs/library.md.
@Suite struct LibraryReferenceTests {
    /// A session of the full library, data paths relative to labs/ (where iris.csv is).
    static func session() -> MiniSession {
        MiniSession(labDirectory: repositoryRoot().appendingPathComponent("labs").path)
    }

    static func entries() -> [Builtin] { session().interpreter.library.entries }

    @Test func docsLibraryIsWhatTheDeclarationsGenerate() {
        let markdown = LibraryReference.markdown(Self.session().interpreter.library)
        expectGolden(markdown, named: "library.md", in: repositoryRoot().appendingPathComponent("docs"))
    }

    @Test func everyDefinedBuiltinIsDeclaredOnceAndEveryDeclarationDefined() {
        let interpreter = Self.session().interpreter
        let declared = interpreter.library.globalNames
        let defined = interpreter.definedBuiltinNames
        #expect(defined.subtracting(declared).isEmpty, "defined but not declared: \(defined.subtracting(declared).sorted())")
        #expect(declared.subtracting(defined).isEmpty, "declared but not defined: \(declared.subtracting(defined).sorted())")
        #expect(interpreter.library.repeated.isEmpty, "declared twice: \(interpreter.library.repeated)")
    }

    @Test func tensorDispatchAnswersExactlyTheDeclaredMethods() throws {
        #expect(Set(TensorMethods.unary.keys).isSubset(of: TensorMembers.methodNames))
        let session = MiniSession()
        _ = session.run("let probe = tensor([1.0, 2.0])")
        guard case .native(let t)? = session.interpreter.value(of: "probe") else {
            Issue.record("no tensor")
            return
        }
        for name in TensorMembers.methodNames {
            // Every declared method is reachable as a bound method; an unknown name is not.
            #expect((try? t.member(name)) != nil, "t.\(name) is declared but not a member")
        }
        #expect((try? t.member("notAMethod")) == nil)
    }

    @Test(arguments: entries().map(\.qualifiedName))
    func declarationIsComplete(name: String) throws {
        let entry = try #require(Self.session().interpreter.library.entry(name))
        #expect(!entry.summary.isEmpty && !entry.examples.isEmpty, "\(name) needs a summary and an example")
        #expect(!entry.summary.contains("\n"), "\(name)'s summary is one paragraph")
    }

    /// Each example runs in a fresh session and prints what its `// expect:` lines say.
    @Test(arguments: entries().map(\.qualifiedName))
    func examplesRun(name: String) throws {
        let session = Self.session()
        let entry = try #require(session.interpreter.library.entry(name))
        for example in entry.examples {
            var printed: [String] = []
            var errors: [String] = []
            for cell in example.components(separatedBy: "// cell\n") {
                let result = session.run(cell)
                printed += result.lines.flatMap { $0.components(separatedBy: "\n") }
                if let error = result.error { errors.append(error + " " + (result.hint ?? "")) }
            }
            let expected = DocumentationTensorTests.expectations(example)
            #expect(printed == expected.lines, "\(name): printed \(printed)")
            #expect(errors.count == expected.errors.count, "\(name): errors \(errors)")
            for (error, want) in zip(errors, expected.errors) {
                #expect(error.contains(want), "\(name): '\(error)' should contain '\(want)'")
            }
        }
    }

    @Test func labelsAreReadFromSignatures() {
        let zeros = Builtin.function("zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor", topic: "t", "s", examples: [])
        #expect(zeros.name == "zeros" && zeros.labels == [nil, "requiresGrad"])
        let adam = Builtin.type("Adam(_ p: [Tensor] = [], betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8)", topic: "t", "s", examples: [])
        #expect(adam.labels == [nil, "betas", "eps"])
        let grad = Builtin.property(of: "Tensor", "grad: Tensor? { get set }", topic: "t", "s", examples: [])
        #expect(grad.qualifiedName == "Tensor.grad" && grad.labels == [])
    }
}
