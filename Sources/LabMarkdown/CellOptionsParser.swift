import LabSupport
/// One whitespace-separated word of an info string, with its 1-based character column in the lab file.
struct InfoWord: Equatable {
    var text: String
    var column: Int
}

/// What is wrong with one cell option. Kept apart from its wording (`message`), like any error here.
enum CellOptionProblem: Equatable {
    case missingValue(key: String)
    case bareWord(String)
    case unknownKey(String, suggestion: String?)
    case notBoolean(key: String, value: String)
    case notExpected(value: String)
    case unclosedQuote(key: String)
    case badCheck(value: String)
    case badPoints(value: String)
    case unquotedCaption(value: String)
    case pointsWithoutCheck
    case solutionAndCheck
    case badTimeout(value: String)
    case timeoutTooLong(value: String)
    case badID(value: String)
    case repeatedKey(key: String, firstColumn: Int)
    case duplicateID(id: String, cellIndex: Int, line: Int)

    var message: String {
        switch self {
        case .missingValue(let key):
            return "cell option '\(key)' needs a value, written \(key)=VALUE"
        case .bareWord(let word):
            return "cell options are written key=value, got '\(word)' (known: \(CellOptionsParser.knownList))"
        case .unknownKey(let key, let suggestion?):
            return "unknown cell option '\(key)'; did you mean '\(suggestion)'? (known: \(CellOptionsParser.knownList))"
        case .unknownKey(let key, nil):
            return "unknown cell option '\(key)' (known: \(CellOptionsParser.knownList))"
        case .notBoolean(let key, let value):
            return "\(key) must be true or false, got '\(value)'"
        case .notExpected(let value):
            return "error must be 'expected' or a message in double quotes (error=\"shapes\"), got '\(value)'"
        case .unclosedQuote(let key):
            return "the value of '\(key)' opens a double quote that does not close"
        case .badCheck(let value):
            return "check must be 'visible' or 'hidden' (or written alone: check), got '\(value)'"
        case .unquotedCaption(let value):
            return "caption must be text in double quotes (caption=\"Loss by epoch\"), got '\(value)'"
        case .badPoints(let value):
            return "points must be a number of points such as 2 or 0.5, got '\(value)'"
        case .pointsWithoutCheck:
            return "points= is for check cells; add check (or check=hidden) to the cell's options"
        case .solutionAndCheck:
            return "a cell cannot be both a solution and a check; put the check in a cell of its own"
        case .badTimeout(let value):
            return "timeout must be a positive number of seconds, got '\(value)'"
        case .timeoutTooLong(let value):
            return "timeout must be at most \(CellOptionsParser.maxTimeoutText) seconds, got '\(value)'"
        case .badID(let value):
            return "id must be one or more letters, digits, '-' or '_', got '\(value)'"
        case .repeatedKey(let key, let firstColumn):
            return "cell option '\(key)' is given twice (first at column \(firstColumn))"
        case .duplicateID(let id, let cellIndex, let line):
            return "cell id '\(id)' is already used by cell \(cellIndex + 1) at line \(line)"
        }
    }
}

/// Reads a cell's options from the words after `swift-lab`. Any malformed option is reported and
/// otherwise ignored (the option keeps its default); the caller refuses to run such a cell.
enum CellOptionsParser {
    struct Parsed {
        var options = CellOptions()
        var problems: [(problem: CellOptionProblem, column: Int)] = []
        /// Column of the `id=` word, for the document-wide uniqueness check.
        var idColumn: Int?
    }

    /// The options a cell may have: a closed set, so `apply` must handle every key (the compiler
    /// checks the switch) and a new key cannot fall into another's meaning.
    enum Key: String, CaseIterable {
        case echo, output, error, timeout, id, solution, check, points, caption
    }

    /// Options that may be written alone, meaning `key=true` (`solution`, `check`).
    static let flags: Set<Key> = [.solution, .check]

    static let knownKeys = Key.allCases.map(\.rawValue)
    static var knownList: String { knownKeys.joined(separator: ", ") }
    /// One day: a longer limit is surely a typo, and it keeps later conversions to durations far from overflow.
    static let maxTimeout = 86_400.0
    static let maxTimeoutText = "86400"

    static func parse(_ words: some Sequence<InfoWord>) -> Parsed {
        var parsed = Parsed()
        var seen: [String: Int] = [:]
        for word in words {
            let key: String, value: String
            if let equals = word.text.firstIndex(of: "=") {
                key = String(word.text[..<equals])
                value = String(word.text[word.text.index(after: equals)...])
            } else if let flag = Key(rawValue: word.text), flags.contains(flag) {
                (key, value) = (word.text, "true")
            } else {
                let problem: CellOptionProblem =
                    knownKeys.contains(word.text) ? .missingValue(key: word.text) : .bareWord(word.text)
                parsed.problems.append((problem, word.column))
                continue
            }
            guard let known = Key(rawValue: key) else {
                parsed.problems.append((.unknownKey(key, suggestion: suggestion(for: key)), word.column))
                continue
            }
            if let first = seen[key] {
                parsed.problems.append((.repeatedKey(key: key, firstColumn: first), word.column))
                continue
            }
            seen[key] = word.column
            if let problem = apply(key: known, value: value, to: &parsed, column: word.column) {
                parsed.problems.append((problem, word.column))
            }
        }
        if parsed.options.points != nil, parsed.options.check == nil, let column = seen[Key.points.rawValue] {
            parsed.problems.append((.pointsWithoutCheck, column))
        }
        if parsed.options.solution, parsed.options.check != nil,
           let column = [seen[Key.solution.rawValue], seen[Key.check.rawValue]].compactMap({ $0 }).max() {
            parsed.problems.append((.solutionAndCheck, column))
        }
        return parsed
    }

    /// Sets one known option, or says why its value is wrong.
    private static func apply(key: Key, value: String, to parsed: inout Parsed, column: Int) -> CellOptionProblem? {
        switch key {
        case .echo, .output:
            guard let flag = boolean(value) else { return .notBoolean(key: key.rawValue, value: value) }
            if key == .echo { parsed.options.echo = flag } else { parsed.options.output = flag }
        case .error:
            if value.hasPrefix("\"") {
                guard let text = unquoted(value) else { return .unclosedQuote(key: key.rawValue) }
                parsed.options.expectedErrorText = text
            } else if value != "expected" {
                return .notExpected(value: value)
            }
            parsed.options.expectsError = true
        case .solution:
            guard let flag = boolean(value) else { return .notBoolean(key: key.rawValue, value: value) }
            parsed.options.solution = flag
        case .check:
            switch value {
            case "true", "visible": parsed.options.check = .visible
            case "hidden": parsed.options.check = .hidden
            case "false": parsed.options.check = nil
            default: return .badCheck(value: value)
            }
        case .caption:
            guard value.hasPrefix("\"") else { return .unquotedCaption(value: value) }
            guard let text = unquoted(value) else { return .unclosedQuote(key: key.rawValue) }
            parsed.options.caption = text
        case .points:
            guard let points = decimal(value) else { return .badPoints(value: value) }
            parsed.options.points = points
        case .timeout:
            guard let seconds = decimal(value), seconds > 0 else { return .badTimeout(value: value) }
            guard seconds <= maxTimeout else { return .timeoutTooLong(value: value) }
            parsed.options.timeout = seconds
        case .id:
            guard isValidID(value) else { return .badID(value: value) }
            parsed.options.id = value
            parsed.idColumn = column
        }
        return nil
    }

    private static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// The text between the double quotes that open and close `value`, or nil when the closing
    /// quote is missing or text follows it. The text cannot hold a double quote: cmark reads the
    /// info string's backslash escapes before labrun sees it, so none is offered here either.
    static func unquoted(_ value: String) -> String? {
        let inner = value.dropFirst()
        guard let close = inner.firstIndex(of: "\""), inner.index(after: close) == inner.endIndex else { return nil }
        return String(inner[..<close])
    }

    /// Digits with an optional fraction (`2`, `0.5`, `.5`); no signs, exponents, `inf` or `nan`.
    private static func decimal(_ text: String) -> Double? {
        let isDigits = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isNumber } }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, let fraction = parts.last, isDigits(whole), isDigits(fraction),
            !fraction.isEmpty
        else { return nil }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    private static func isValidID(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || ($0.isASCII && $0.isNumber) || $0 == "-" || $0 == "_" }
    }

    /// The known key within a small edit distance of `key`, if there is one.
    static func suggestion(for key: String) -> String? {
        let ranked = knownKeys.map { (candidate: $0, distance: editDistance(key, $0)) }
            .filter { $0.distance <= ($0.candidate.count <= 3 ? 1 : 2) }
            .min { $0.distance < $1.distance }
        return ranked?.candidate
    }
}
