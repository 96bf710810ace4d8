import CCmark
import Foundation
import LabMarkdown
import TestSupport
import Testing
@testable import LabReport

/// Every example of the CommonMark spec (0.29) rendered as a prose-only lab gives the HTML libcmark
/// itself renders (the cmark command line's `--unsafe` output), apart from what labrun changes on
/// purpose: heading ids, and `$` starting math. Issue 18 found four examples that differed.
@Suite struct CommonMarkDifferentialTests {
    struct Example: Decodable {
        var markdown: String
    }

    static let examples: [Example] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("CommonMark/commonmark-spec-0.29-examples.json")
        return (try? JSONDecoder().decode([Example].self, from: Data(contentsOf: url))) ?? []
    }()

    /// libcmark's HTML for `markdown`, raw HTML and every URL kept.
    static func cmark(_ markdown: String) -> String {
        let bytes = Array(markdown.utf8)
        let rendered: UnsafeMutablePointer<CChar>? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return cmark_markdown_to_html("", 0, CMARK_OPT_UNSAFE) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                cmark_markdown_to_html($0, bytes.count, CMARK_OPT_UNSAFE)
            }
        }
        guard let html = rendered else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    /// labrun's HTML for the same Markdown: the prose of a lab, raw HTML and URLs kept, heading
    /// ids taken out.
    static func labrun(_ markdown: String) -> String {
        let document = LabParser.parse(text: markdown, path: "example.md")
        var prose = HTMLProse(
            options: HTMLOptions(unsafeHTML: true), slugger: Slugger(), renderCell: { _ in "" })
        let html = prose.blocks(document.blocks)
        return html.replacingOccurrences(of: #"<h([1-6]) id="[^"]*">"#, with: "<h$1>", options: .regularExpression)
    }

    /// Without solutions or hidden checks a student copy is the lab byte for byte: every spec
    /// example (containers, fences, tabs, entities, CR and CRLF endings) comes back unchanged.
    @Test func aStudentCopyOfAnythingWithoutExercisesIsTheSameText() {
        for (index, example) in Self.examples.enumerated() {
            for text in [example.markdown, example.markdown.replacingOccurrences(of: "\n", with: "\r\n")] {
                let copy = StudentCopy.text(of: LabParser.parse(text: text, path: "example.md"))
                #expect(copy == text, "example \(index + 1)")
            }
        }
    }

    @Test func everySpecExampleRendersAsLibcmarkRendersIt() {
        #expect(Self.examples.count == 649)
        var differing: [String] = []
        for (index, example) in Self.examples.enumerated() where !example.markdown.contains("$") {
            let expected = Self.cmark(example.markdown), actual = Self.labrun(example.markdown)
            if expected != actual {
                differing.append("example \(index + 1): \(example.markdown.debugDescription)\n  cmark:  \(expected.debugDescription)\n  labrun: \(actual.debugDescription)")
            }
        }
        #expect(differing.isEmpty, "\(differing.count) examples differ:\n\(differing.prefix(10).joined(separator: "\n"))")
    }
}
