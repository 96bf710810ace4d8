import LabSupport
extension Arguments {
    /// Checks the labels against a Swift signature such as `"scale(_:by:)"`; throws
    /// "no argument label 'with:' in scale(_:by:)" style errors with did-you-mean hints.
    ///
    /// Parameters may be skipped (defaults); a missing required argument is reported by the typed accessors.
    public func expect(_ signature: String) throws {
        // Built-ins check their labels on every call, often in training loops: match without
        // allocating, and parse the signature only to word an error.
        if Self.labelsMatch(signature.utf8, items) { return }
        let name = signature.split(separator: "(", maxSplits: 1).first.map(String.init) ?? signature
        let inner = signature.drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }
        let labels: [String?] = inner.split(separator: ":", omittingEmptySubsequences: true)
            .map { $0 == "_" ? nil : String($0) }
        try expect(labels: labels, in: name)
    }

    /// True when each argument's label matches a parameter of `signature`, in order, skipping
    /// parameters (defaults) as needed — the same rule as `expect(labels:in:)`.
    private static func labelsMatch(_ signature: String.UTF8View, _ items: [Argument]) -> Bool {
        guard let open = signature.firstIndex(of: UInt8(ascii: "(")) else { return items.isEmpty }
        var rest = signature[signature.index(after: open)...]
        var next = 0
        while next < items.count {
            guard let colon = rest.firstIndex(of: UInt8(ascii: ":")) else { return false }
            let parameter = rest[..<colon]
            let isBlank = parameter.elementsEqual("_".utf8)
            if let label = items[next].label {
                if !isBlank && parameter.elementsEqual(label.utf8) { next += 1 }
            } else if isBlank {
                next += 1
            }
            rest = rest[rest.index(after: colon)...]
        }
        return true
    }

    /// Checks the labels against the parameters `labels` (nil for `_`) of the function `name`.
    public func expect(labels: [String?], in name: String) throws {
        var signature: String { name + "(" + labels.map { ($0 ?? "_") + ":" }.joined() + ")" }
        var position = 0
        for item in items {
            if let found = labels[position...].firstIndex(where: { $0 == item.label }) {
                position = found + 1
                continue
            }
            throw labelError(item.label, labels: labels, position: position, signature: signature)
        }
    }

    private func labelError(_ label: String?, labels: [String?], position: Int, signature: String) -> NativeError {
        guard let label else {
            if position < labels.count, let expected = labels[position] {
                return NativeError("missing argument label '\(expected):' in call to \(signature)")
            }
            return NativeError("extra argument in call to \(signature)")
        }
        if labels[..<position].contains(label) {
            return NativeError("argument '\(label):' is out of order or repeated in call to \(signature)")
        }
        let known = labels.compactMap { $0 }
        return NativeError("no argument label '\(label):' in \(signature)",
                           hint: Suggestions.hint(for: label, among: known, suffix: ":"))
    }
}

/// Did-you-mean advice, including the camelCase spelling of a PyTorch snake_case name.
public enum Suggestions {
    /// `requires_grad` → `requiresGrad`; nil when the name has no underscore between letters.
    public static func camelCase(_ name: String) -> String? {
        let parts = name.split(separator: "_")
        guard parts.count > 1, !name.hasPrefix("_") else { return nil }
        return String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The closest of `candidates` to `name` within a small edit distance.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let limit = max(1, name.count / 3)
        var best: (String, Int)?
        for candidate in candidates where candidate != name {
            let distance = editDistance(name.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// "use requiresGrad:" or "did you mean 'lr:'?" or nil.
    public static func hint(for name: String, among candidates: [String], suffix: String = "") -> String? {
        if let camel = camelCase(name), candidates.isEmpty || candidates.contains(camel) {
            return "use \(camel)\(suffix)"
        }
        if let close = closest(to: name, among: candidates) { return "did you mean '\(close)\(suffix)'?" }
        if let camel = camelCase(name) { return "Swift spells names in camelCase: \(camel)\(suffix)" }
        return nil
    }
}
