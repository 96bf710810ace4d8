/// MathML for a formula, and what could not be converted.
public struct MathResult: Sendable, Equatable {
    /// One `<math>` element (`display="block"` for display math), ready to place in HTML.
    public var markup: String
    /// Unsupported commands and syntax problems; each is also visible in `markup` as TeX source.
    public var warnings: [MathWarning]

    public init(markup: String, warnings: [MathWarning]) {
        self.markup = markup
        self.warnings = warnings
    }
}

/// A problem in a formula, located by character offset (0-based) in the TeX source.
public struct MathWarning: Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "at \(offset): \(message)" }
}

/// Converts a subset of TeX math (the notation of lecture notes) to MathML Core.
public enum TeXMath {
    /// The MathML for `tex`; `display` gives block (`$$…$$`) rather than inline (`$…$`) math.
    ///
    /// Never fails: unsupported commands appear as their TeX source in `<merror>` and in `warnings`.
    public static func mathML(_ tex: String, display: Bool) -> MathResult {
        var parser = TeXParser(tex, display: display)
        let nodes = parser.parseFormula()
        let body = MathNode.row(nodes).markup
        let open = display ? "<math display=\"block\">" : "<math>"
        // The TeX rides along as an annotation: MathML Core shows only the first child, copy tools use the rest.
        let markup = open + "<semantics>" + body
            + "<annotation encoding=\"application/x-tex\">\(xmlEscaped(tex))</annotation></semantics></math>"
        return MathResult(markup: markup, warnings: parser.warnings)
    }
}
