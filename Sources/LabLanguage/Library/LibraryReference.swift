/// docs/library.md: every declared built-in, by topic, generated from the declarations so the
/// reference cannot drift from the code (a test compares the committed file with this text).
public enum LibraryReference {
    /// The reference as Markdown. Examples are `swift-lab-tensors` blocks, which the test suite runs.
    public static func markdown(_ library: BuiltinLibrary) -> String {
        var byTopic: [String: [Builtin]] = [:]
        for entry in library.entries { byTopic[entry.topic, default: []].append(entry) }
        // The known topics in their order, then any other in the order first declared.
        var topics = BuiltinTopic.order.filter { byTopic[$0] != nil }
        for entry in library.entries where !topics.contains(entry.topic) { topics.append(entry.topic) }
        var out = """
            # The built-in library

            <!-- Generated from the built-ins' declarations (`Builtin` in Sources/LabLanguage/Library):
                 do not edit. `LABRUN_RECORD=1 swift test --filter LibraryReferenceTests` rewrites it. -->

            Every function, type and block a lab can call by name, and the properties and methods of the
            values they return (arrays, strings, tensors, frames, models, optimizers, histories), with the
            signature, what it does and an example. Each example runs as a test and prints what its
            `// expect:` lines say (an `// expect error:` line is an error it must report). The language
            itself (values, control flow, functions, closures) is described in [language.md](language.md).


            """
        out += "## Contents\n\n"
        for topic in topics { out += "- [\(topic)](#\(anchor(topic))) (\(byTopic[topic]?.count ?? 0))\n" }
        for topic in topics {
            out += "\n## \(topic)\n"
            for entry in byTopic[topic] ?? [] { out += "\n" + section(entry) }
        }
        return out
    }

    /// One entry: its heading, signature, summary and examples.
    static func section(_ entry: Builtin) -> String {
        let kind: String
        switch entry.kind {
        case .function: kind = "function"
        case .type: kind = "type"
        case .block: kind = "block"
        case .method: kind = "method of \(entry.owner ?? "")"
        case .property: kind = "property of \(entry.owner ?? "")"
        }
        var out = "### \(entry.qualifiedName)\n\n"
        out += "`\(entry.signature)` — \(kind)\n\n"
        out += entry.summary + "\n"
        for example in entry.examples {
            out += "\n```swift-lab-tensors\n" + example + (example.hasSuffix("\n") ? "" : "\n") + "```\n"
        }
        return out
    }

    /// The anchor GitHub and labrun give a heading: lower case, spaces to `-`, other punctuation dropped.
    static func anchor(_ heading: String) -> String {
        var out = ""
        for character in heading.lowercased() {
            if character == " " { out.append("-") } else if character.isLetter || character.isNumber || character == "-" || character == "_" {
                out.append(character)
            }
        }
        return out
    }
}
