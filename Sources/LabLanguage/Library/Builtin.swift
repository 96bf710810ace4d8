import Foundation

/// What kind of thing a built-in is, for the reference and the highlighter.
public enum BuiltinKind: String, Sendable {
    /// A global function: `zeros([2, 3])`.
    case function
    /// A type whose name makes one: `Linear(4, 1)`, `History()`.
    case type
    /// A block: `noGrad { ... }`.
    case block
    /// A method of a type: `t.sum(dim: 0)`.
    case method
    /// A property of a type: `t.grad`.
    case property
}

/// One name lab code can reach, declared once: its signature with labels and defaults, a paragraph
/// of documentation, runnable examples and the section of the reference it belongs to.
///
/// Global functions, types and blocks are declared where they are defined (`Interpreter.define…`
/// with a `Builtin`); the members of a native type are declared in one list beside the type's
/// dispatch, which reads its names from that list. docs/library.md is generated from these
/// declarations, the highlighter marks their names, and did-you-mean suggestions draw on them.
public struct Builtin: Sendable, Equatable {
    public var kind: BuiltinKind
    /// The type whose member this is ("Tensor"), or nil for a global.
    public var owner: String?
    /// As lab code calls it: `zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor`, or for a
    /// property `grad: Tensor?`.
    public var signature: String
    /// What it does, in a paragraph (Markdown).
    public var summary: String
    /// Runnable examples: cells separated by `// cell` lines, `// expect: line` for each printed
    /// line and `// expect error: text` for an error, as in docs/language.md.
    public var examples: [String]
    /// The section of docs/library.md.
    public var topic: String

    public init(
        _ kind: BuiltinKind, of owner: String? = nil, _ signature: String, topic: String, _ summary: String,
        examples: [String]
    ) {
        self.kind = kind
        self.owner = owner
        self.signature = signature
        self.summary = summary
        self.examples = examples
        self.topic = topic
    }

    /// A global function.
    public static func function(_ signature: String, topic: String, _ summary: String, examples: [String]) -> Builtin {
        Builtin(.function, signature, topic: topic, summary, examples: examples)
    }

    /// A type made by calling its name.
    public static func type(_ signature: String, topic: String, _ summary: String, examples: [String]) -> Builtin {
        Builtin(.type, signature, topic: topic, summary, examples: examples)
    }

    /// A method of `owner`.
    public static func method(
        of owner: String, _ signature: String, topic: String, _ summary: String, examples: [String]
    ) -> Builtin {
        Builtin(.method, of: owner, signature, topic: topic, summary, examples: examples)
    }

    /// A property of `owner` (`name: Type`, with ` { get set }` when lab code may assign it).
    public static func property(
        of owner: String, _ signature: String, topic: String, _ summary: String, examples: [String]
    ) -> Builtin {
        Builtin(.property, of: owner, signature, topic: topic, summary, examples: examples)
    }

    /// The name: the signature (after `static `) up to its first `(`, `:`, space or `{`.
    public var name: String {
        let rest = signature.hasPrefix("static ") ? signature.dropFirst(7) : Substring(signature)
        return String(rest.prefix { $0 != "(" && $0 != ":" && $0 != " " && $0 != "{" })
    }

    /// `Tensor.sum` for a member, `zeros` for a global.
    public var qualifiedName: String {
        owner.map { "\($0).\(name)" } ?? name
    }

    /// The argument labels of a function-like signature, `nil` for an unlabeled one:
    /// `zeros(_ shape:, requiresGrad:)` gives `[nil, "requiresGrad"]`.
    public var labels: [String?] {
        guard let open = signature.firstIndex(of: "("), let close = signature.lastIndex(of: ")"), open < close else {
            return []
        }
        let inside = signature[signature.index(after: open)..<close]
        var labels: [String?] = []
        var depth = 0
        var current = ""
        for character in inside + "," {
            switch character {
            case "(", "[", "<": depth += 1; current.append(character)
            case ")", "]", ">": depth -= 1; current.append(character)
            case "," where depth == 0:
                let parameter = current.trimmingCharacters(in: .whitespaces)
                if let word = parameter.split(separator: " ").first.map(String.init), !parameter.isEmpty {
                    let label = word.hasSuffix(":") ? String(word.dropLast()) : word
                    labels.append(label == "_" ? nil : label)
                }
                current = ""
            default: current.append(character)
            }
        }
        return labels
    }
}

/// The sections of docs/library.md, in one place so every module files its built-ins alike.
public enum BuiltinTopic {
    public static let checks = "Printing and checks"
    public static let conversions = "Conversions"
    public static let math = "Math on numbers and tensors"
    public static let sequences = "Sequences"
    public static let tensors = "Making tensors"
    public static let gradients = "Gradients and computation graphs"
    public static let linearAlgebra = "Combining tensors and linear algebra"
    public static let layers = "Layers and models"
    public static let losses = "Losses"
    public static let training = "Optimizers and training"
    public static let data = "Data"
    public static let figures = "Tables and charts"
    public static let tensorMembers = "Tensor properties and methods"
    public static let valueMembers = ValueMembers.topic
    public static let dataMembers = "Frames and columns"
    public static let modelMembers = "Members of models, optimizers and histories"

    /// The order of the sections.
    public static let order = [
        checks, conversions, math, sequences, valueMembers, tensors, tensorMembers, linearAlgebra, gradients, layers, losses,
        training, modelMembers, data, dataMembers, figures,
    ]
}
