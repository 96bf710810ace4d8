import LabSupport
extension Arguments {
    /// Checks the labels against a Swift signature such as `"scale(_:by:)"`; throws
    /// "no argument label 'with:' in scale(_:by:)" style errors with did-you-mean hints.
    ///
    /// Parameters may be skipped (defaults); a missing required argument is reported by the typed accessors.
    public func expect(_ signature: @autoclosure () -> String) throws {
        // Built-ins check their labels on every call, often in training loops: match without
        // allocating, and parse the signature only to word an error. A signature built by
        // interpolation (`"\(name)(dim:)"`) is not even built for a call without arguments.
        if items.isEmpty { return }
        let signature = signature()
        if Self.labelsMatch(signature, items) { return }
        let name = signature.split(separator: "(", maxSplits: 1).first.map(String.init) ?? signature
        let inner = signature.drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }
        let labels: [String?] = inner.split(separator: ":", omittingEmptySubsequences: true)
            .map { $0 == "_" ? nil : String($0) }
        try expect(labels: labels, in: name)
    }

    /// True when each argument's label matches a parameter of `signature`, in order, skipping
    /// parameters (defaults) as needed — the same rule as `expect(labels:in:)`. A plain byte walk:
    /// the generic collection methods on UTF-8 views pick up Foundation's slower string search.
    private static func labelsMatch(_ signature: String, _ items: [Argument]) -> Bool {
        var signature = signature
        return signature.withUTF8 { sig in
            var i = 0
            while i < sig.count, sig[i] != UInt8(ascii: "(") { i += 1 }
            guard i < sig.count else { return items.isEmpty }
            i += 1
            var next = 0
            while next < items.count {
                var end = i
                while end < sig.count, sig[end] != UInt8(ascii: ":") { end += 1 }
                guard end < sig.count else { return false }
                let isBlank = end - i == 1 && sig[i] == UInt8(ascii: "_")
                if let label = items[next].label {
                    if !isBlank, sameBytes(sig, i..<end, label) { next += 1 }
                } else if isBlank {
                    next += 1
                }
                i = end + 1
            }
            return true
        }
    }

    private static func sameBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { t in
            guard t.count == range.count else { return false }
            for k in 0..<t.count where t[k] != bytes[range.lowerBound + k] { return false }
            return true
        }
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
