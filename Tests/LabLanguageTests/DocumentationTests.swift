import Foundation
import TestSupport
import Testing

/// The language-only examples of docs/language.md run like script tests, so the reference cannot drift.
struct DocumentationTests {
    @Test("docs/language.md example", arguments: (try? documentationExamples(languageDocumentation(), info: "swift-lab")) ?? [])
    func example(_ example: DocumentationExample) {
        checkScript(example.description, example.code, fakeNatives: false)
    }

    @Test func theReferenceHasExamples() throws {
        let examples = documentationExamples(try languageDocumentation(), info: "swift-lab")
        #expect(examples.count >= 25)
        #expect(examples.allSatisfy { $0.code.contains("// expect") })
    }
}
