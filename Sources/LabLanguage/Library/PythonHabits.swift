import Foundation

/// The one table of Python and PyTorch habits and the Swift form to write instead. Students bring
/// them; each gets a located error with the fix as its hint, whether it fails to parse
/// (`def f(x):`), names something that does not exist (`len`, `torch`), or calls a member tensors
/// do not have (`x.size()`).
public enum PythonHabits {
    /// Lines that fail to parse: a test of the line's text (trimmed) and the hint.
    static let lines: [(matches: @Sendable (String) -> Bool, hint: String)] = [
        ({ $0.hasPrefix("with ") && $0.contains("no_grad") }, "write noGrad { ... } for PyTorch's with torch.no_grad():"),
        ({ $0.hasPrefix("with ") }, "Swift has no with blocks; for torch.no_grad() write noGrad { ... }"),
        ({ $0.hasPrefix("def ") }, "declare a function with func f(_ x: Double) -> Double { ... }"),
        ({ $0.hasPrefix("for ") && $0.contains(" in range(") }, "write for i in 0..<n { ... } (range(a, b) is a..<b)"),
        ({ $0.hasPrefix("#") }, "comments start with // in Swift"),
        ({ $0.hasPrefix("elif ") || $0.contains("} elif ") }, "write else if"),
        ({ $0.hasPrefix("if ") && $0.hasSuffix(":") }, "write the body in braces: if condition { ... }"),
        ({ $0.hasPrefix("while ") && $0.hasSuffix(":") }, "write the body in braces: while condition { ... }"),
        ({ $0.contains("**") }, "write pow(a, b) for a ** b"),
        ({ $0.contains(" @ ") || $0.contains(")@") }, "write matmul(a, b) for a @ b"),
        ({ containsWord($0, "and") }, "write && for and"),
        ({ containsWord($0, "or") }, "write || for or"),
        ({ containsWord($0, "not") }, "write ! for not"),
        ({ hasKeywordArgument($0) },
         "arguments are labelled with ':' as in requiresGrad: true, not '=' (Python's requires_grad=True)"),
    ]

    /// Global names that do not exist here, and what to write.
    static let names: [String: String] = [
        "None": "use nil", "True": "use true", "False": "use false",
        "len": "use x.count for an array, x.shape[0] for a tensor's first dimension",
        "range": "use a range: 0..<n", "self": "there is no self at the top level of a lab",
        "elif": "use else if", "def": "use func", "lambda": "use a closure { x in ... }", "null": "use nil",
        "and": "use &&", "or": "use ||", "not": "use !",
        "torch": "the tensor functions need no module prefix: zeros(...), not torch.zeros(...)",
        "nn": "layers and losses need no module prefix: Linear(4, 1), MSELoss()",
        "F": "functions need no module prefix: relu(x), softmax(x, dim: 1)",
        "np": "there is no numpy; tensors do its work: tensor([...]), zeros(...), arange(...)",
        "optim": "optimizers need no module prefix: SGD(model.parameters(), lr: 0.1)",
    ]

    /// Tensor members PyTorch has under another name or not at all, and what to write.
    public static let tensorMembers: [String: String] = [
        "t": "write t.transposed()",
        "size": "write t.shape (an array of Ints)",
        "dim": "write t.rank",
        "numel": "write t.count",
        "numpy": "tensors print as they are; t.item gives one element as a Double",
        "tolist": "tensors print as they are; t.item gives one element as a Double",
        "zero_": "for gradients write t.grad = nil (or optimizer.zeroGrad()); for values noGrad { t *= 0 }",
        "long": "tensors hold Doubles (t.dtype says what they stand for), so there is nothing to convert; t.item gives a Double",
        "int": "tensors hold Doubles (t.dtype says what they stand for), so there is nothing to convert; t.item gives a Double",
        "float": "tensors hold Doubles already",
        "double": "tensors hold Doubles already",
        "view": "write t.reshape([...])",
        "requires_grad_": "write t.requiresGrad = true",
        "zero_grad": "write optimizer.zeroGrad()",
    ]

    /// The hint for a parse error on `line`, or nil.
    static func hint(forLine line: String) -> String? {
        let text = line.trimmingCharacters(in: .whitespaces)
        return lines.first { $0.matches(text) }?.hint
    }

    // The scans below are written out rather than as regular expressions: Foundation compiled a
    // pattern on every call, which was a third of the language fuzzer's time (every parse error
    // asks for a hint).

    /// Whether `word` stands alone in `text`: after the start, a space, `(` or `!`, and before a
    /// space, `(` or the end.
    static func containsWord(_ text: String, _ word: String) -> Bool {
        let scalars = Array(text.unicodeScalars), target = Array(word.unicodeScalars)
        guard !target.isEmpty, scalars.count >= target.count else { return false }
        for start in 0...(scalars.count - target.count) where scalars[start..<start + target.count].elementsEqual(target) {
            let before = start == 0 || scalars[start - 1].properties.isWhitespace || "(!".unicodeScalars.contains(scalars[start - 1])
            let end = start + target.count
            let after = end == scalars.count || scalars[end].properties.isWhitespace || scalars[end] == "("
            if before && after { return true }
        }
        return false
    }

    /// Whether `text` has a Python keyword argument: `(` or `,`, spaces, a name, spaces, then `=`
    /// followed by something other than `=` (`f(x, lr=0.1)`, not `f(a == b)`).
    static func hasKeywordArgument(_ text: String) -> Bool {
        let s = Array(text.unicodeScalars)
        func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c.isASCII && c.properties.isAlphabetic) }
        func isName(_ c: Unicode.Scalar) -> Bool { isNameStart(c) || ("0"..."9").contains(c) }
        for opening in s.indices where s[opening] == "(" || s[opening] == "," {
            var i = opening + 1
            while i < s.count, s[i].properties.isWhitespace { i += 1 }
            guard i < s.count, isNameStart(s[i]) else { continue }
            while i < s.count, isName(s[i]) { i += 1 }
            while i < s.count, s[i].properties.isWhitespace { i += 1 }
            if i + 1 < s.count, s[i] == "=", s[i + 1] != "=" { return true }
        }
        return false
    }
}
