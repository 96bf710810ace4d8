import LabSupport
/// A failure in LabData: what went wrong and, where known, where in the data file.
///
/// Errors are data: the position lives in fields so the caller can attach the lab's own location and
/// word the report; `description` gives the usual `file:line: message` form.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, without the position prefix.
    public var message: String
    /// The data file as the lab names it (for example `data/iris.csv`), when the error is in a file.
    public var file: String?
    /// The 1-based line in `file` (the header is line 1).
    public var line: Int?
    /// The 1-based field number in that line, when one field is at fault.
    public var column: Int?

    public init(_ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line: message`, `file: message` or just the message, depending on what is known.
    public var description: String {
        guard let file else { return message }
        guard let line else { return "\(file): \(message)" }
        return "\(file):\(line): \(message)"
    }
}

/// Where each row of a column came from, so later errors (text in a numeric column) can point at the file.
struct Origin: Sendable {
    var file: String
    /// The 1-based file line of each row.
    var lines: [Int]

    func selecting(_ rows: [Int]) -> Origin {
        Origin(file: file, lines: rows.map { lines[$0] })
    }
}

/// The error for an unknown column: a did-you-mean from `names`, else the list of names.
func unknownColumn(_ name: String, among names: [String]) -> DataError {
    if let suggestion = closestName(to: name, among: names) {
        return DataError("no column '\(name)'; did you mean '\(suggestion)'?")
    }
    if names.isEmpty {
        return DataError("no column '\(name)': the frame has no columns")
    }
    let listed = names.map { "'\($0)'" }.joined(separator: ", ")
    return DataError("no column '\(name)'; the columns are \(listed)")
}

/// The name closest to `name` by edit distance, when it is close enough to be a likely typo.
///
/// A case-only difference always counts; otherwise up to a third of the name's length may differ
/// (at least one edit, at most three) so that short names do not suggest unrelated ones.
func closestName(to name: String, among names: [String]) -> String? {
    if let caseMatch = names.first(where: { $0.lowercased() == name.lowercased() }) {
        return caseMatch
    }
    let allowed = min(3, max(1, name.count / 3))
    let scored = names.map { (name: $0, distance: editDistance(name, $0)) }
    guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= allowed else {
        return nil
    }
    return best.name
}
