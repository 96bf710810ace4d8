import LabMarkdown

/// How one check of the key went in one submission.
public struct CheckGrade: Sendable, Equatable {
    public var id: String
    public var visibility: CheckVisibility
    public var status: CellStatus
    /// The check's first error (an assert's message, or why it did not run), nil when it passed.
    public var message: String?
    public var points: Double
    public var earned: Double
    public var seconds: Double

    public init(id: String, visibility: CheckVisibility, status: CellStatus, message: String?, points: Double,
                earned: Double, seconds: Double) {
        self.id = id
        self.visibility = visibility
        self.status = status
        self.message = message
        self.points = points
        self.earned = earned
        self.seconds = seconds
    }
}

/// A problem with grading one submission against the key, located in the key or the submission.
public struct GradingProblem: Sendable, Equatable, Error, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String
    public var isError: Bool

    public init(path: String, line: Int, column: Int, message: String, isError: Bool) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.isError = isError
    }

    public var description: String { "\(path):\(line):\(column): \(isError ? "error" : "warning"): \(message)" }
}

/// One submission's grade: a `CheckGrade` per check of the key, or why it could not be graded.
public struct SubmissionGrade: Sendable {
    public var path: String
    public var checks: [CheckGrade]
    /// Ids of the key the submission lacks, and similar notes.
    public var problems: [GradingProblem]
    /// Why the submission was not graded or its feedback not written (then `checks` may be empty).
    public var failure: String?

    public init(path: String, checks: [CheckGrade] = [], problems: [GradingProblem] = [], failure: String? = nil) {
        self.path = path
        self.checks = checks
        self.problems = problems
        self.failure = failure
    }

    public var earned: Double { checks.map(\.earned).reduce(0, +) }
    /// Whether the submission ran (a failure to write its feedback still leaves its points).
    public var graded: Bool { !checks.isEmpty }
}

/// The grades of a folder of submissions as files: `grades.csv` for spreadsheets, `grades.json`
/// for tools and `grades.xml` (JUnit) for CI systems and GitHub Classroom.
public struct GradeBook: Sendable {
    public var key: String
    /// The key's checks in order: id, points, who sees them.
    public var checks: [(id: String, points: Double, visibility: CheckVisibility)]
    public var submissions: [SubmissionGrade]

    public init(key: String, checks: [(id: String, points: Double, visibility: CheckVisibility)], submissions: [SubmissionGrade]) {
        self.key = key
        self.checks = checks
        self.submissions = submissions
    }

    public var possible: Double { checks.map(\.points).reduce(0, +) }

    /// One row per submission: submission, points, max points, each check's points, and why it
    /// was not graded (empty when it was). RFC 4180 quoting.
    public func csv() -> String {
        var rows = [["submission", "points", "max_points"] + checks.map(\.id) + ["problem"]]
        for s in submissions {
            let points = s.graded ? [Self.number(s.earned)] + s.checks.map { Self.number($0.earned) }
                : [""] + checks.map { _ in "" }
            rows.append([s.path, points[0], Self.number(possible)] + points.dropFirst() + [s.graded ? "" : s.failure ?? ""])
        }
        return rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// Per submission and check: status, message, points (schema in docs/teaching.md).
    public func json() -> String {
        let checkList: [JSONValue] = checks.map { c in
            .object(["id": .string(c.id), "points": .double(c.points), "visibility": .string(c.visibility.rawValue)])
        }
        let rows: [JSONValue] = submissions.map { s in
            .object([
                "submission": .string(s.path),
                "points": s.graded ? .double(s.earned) : .null,
                "maxPoints": .double(possible),
                "problem": s.graded ? .null : .optional(s.failure),
                "warnings": .array(s.problems.map { .string($0.description) }),
                "checks": .array(s.checks.map { c in
                    .object([
                        "id": .string(c.id), "status": .string(c.status.rawValue), "message": .optional(c.message),
                        "points": .double(c.points), "earned": .double(c.earned),
                    ])
                }),
            ])
        }
        let root: JSONValue = .object([
            "schemaVersion": .int(1), "key": .string(key), "maxPoints": .double(possible),
            "checks": .array(checkList), "submissions": .array(rows),
        ])
        return root.pretty() + "\n"
    }

    /// A test suite per submission, a test case per check (a submission that could not be graded
    /// is one errored case).
    public func junit(timings: Bool = true) -> String {
        let suites = submissions.map { s -> JUnitXML.Suite in
            let name = stem(of: s.path)
            guard s.graded else {
                let failure = s.failure ?? "not graded"
                return JUnitXML.Suite(name: s.path, cases: [
                    JUnitXML.TestCase(name: "grading", className: name, seconds: 0,
                                      outcome: .error(message: failure, details: failure)),
                ])
            }
            return JUnitXML.Suite(name: s.path, cases: s.checks.map { c in
                let label = "\(c.id) (\(Self.number(c.earned))/\(Self.number(c.points)) points)"
                let outcome: JUnitXML.TestCase.Outcome
                switch c.status {
                case .ok, .expectedError: outcome = .passed
                case .notRun: outcome = .skipped(message: c.message ?? "not run")
                case .timedOut: outcome = .error(message: c.message ?? "timed out", details: c.message ?? "")
                case .failed: outcome = .failure(message: c.message ?? "failed", details: c.message ?? "")
                }
                return JUnitXML.TestCase(name: label, className: name, seconds: timings ? c.seconds : 0, outcome: outcome)
            })
        }
        return JUnitXML.render(suites, name: "labrun grades against \(key)")
    }

    /// `2`, `0.5`: whole numbers without a fraction.
    public static func number(_ value: Double) -> String {
        value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    private static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
    }
}
