import LabMarkdown

/// JUnit XML, the test-report format CI systems read (Jenkins, GitLab, GitHub Actions' reporters,
/// GitHub Classroom): `<testsuites>` holding one `<testsuite>` per lab or submission, each holding
/// one `<testcase>` per cell or check, with `<failure>`, `<error>` or `<skipped>` inside when it did
/// not pass. Only the elements and attributes those tools' schema has are written.
public enum JUnitXML {
    /// One test case: a cell of a run, or a check of a graded submission.
    public struct TestCase: Sendable, Equatable {
        public enum Outcome: Sendable, Equatable {
            case passed
            /// A check or cell that did not do what it should (a failed assert, an error).
            case failure(message: String, details: String)
            /// Stopped by its time limit (an error of the run rather than of the code's logic).
            case error(message: String, details: String)
            /// Not run because an earlier cell failed.
            case skipped(message: String)
        }

        public var name: String
        public var className: String
        public var seconds: Double
        public var outcome: Outcome

        public init(name: String, className: String, seconds: Double, outcome: Outcome) {
            self.name = name
            self.className = className
            self.seconds = seconds
            self.outcome = outcome
        }
    }

    /// One suite: a lab, or one submission's checks.
    public struct Suite: Sendable, Equatable {
        public var name: String
        public var cases: [TestCase]

        public init(name: String, cases: [TestCase]) {
            self.name = name
            self.cases = cases
        }
    }

    /// The document, with a final newline. Times are given with `timings`; without them every
    /// `time` is 0, so the output is the same bytes run to run.
    public static func render(_ suites: [Suite], name: String) -> String {
        let all = suites.flatMap(\.cases)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(attribute(name))\" tests=\"\(all.count)\" failures=\"\(count(all, \.isFailure))\""
        xml += " errors=\"\(count(all, \.isError))\" time=\"\(seconds(all.map(\.seconds).reduce(0, +)))\">\n"
        for (number, suite) in suites.enumerated() {
            xml += "  <testsuite name=\"\(attribute(suite.name))\" id=\"\(number)\" tests=\"\(suite.cases.count)\""
            xml += " failures=\"\(count(suite.cases, \.isFailure))\" errors=\"\(count(suite.cases, \.isError))\""
            xml += " skipped=\"\(count(suite.cases, \.isSkipped))\" time=\"\(seconds(suite.cases.map(\.seconds).reduce(0, +)))\">\n"
            for test in suite.cases { xml += testCase(test) }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    private static func testCase(_ test: TestCase) -> String {
        let open = "    <testcase name=\"\(attribute(test.name))\" classname=\"\(attribute(test.className))\" time=\"\(seconds(test.seconds))\""
        switch test.outcome {
        case .passed:
            return open + "/>\n"
        case .failure(let message, let details):
            return open + ">\n      <failure message=\"\(attribute(message))\" type=\"failure\">\(text(details))</failure>\n    </testcase>\n"
        case .error(let message, let details):
            return open + ">\n      <error message=\"\(attribute(message))\" type=\"error\">\(text(details))</error>\n    </testcase>\n"
        case .skipped(let message):
            return open + ">\n      <skipped message=\"\(attribute(message))\"/>\n    </testcase>\n"
        }
    }

    private static func count(_ cases: [TestCase], _ property: KeyPath<TestCase, Bool>) -> Int {
        cases.filter { $0[keyPath: property] }.count
    }

    private static func seconds(_ value: Double) -> String {
        let milliseconds = (value * 1000).rounded()
        return String(Int(milliseconds) / 1000) + "." + String(format3(Int(milliseconds) % 1000))
    }

    private static func format3(_ n: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// Text for an attribute value: markup characters, quotes and line breaks escaped, and
    /// characters XML 1.0 does not allow (most C0 controls) dropped.
    static func attribute(_ value: String) -> String { escaped(value, inAttribute: true) }

    /// Text for element content (line breaks and tabs kept as they are).
    static func text(_ value: String) -> String { escaped(value, inAttribute: false) }

    private static func escaped(_ value: String, inAttribute: Bool) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where inAttribute: out += "&quot;"
            case "\n" where inAttribute: out += "&#10;"
            case "\t" where inAttribute: out += "&#9;"
            case "\r" where inAttribute: out += "&#13;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default: if allowed(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// XML 1.0's Char production, less the line breaks and tabs handled above.
    private static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
    }
}

extension JUnitXML.TestCase {
    var isFailure: Bool { if case .failure = outcome { return true }; return false }
    var isError: Bool { if case .error = outcome { return true }; return false }
    var isSkipped: Bool { if case .skipped = outcome { return true }; return false }
}

extension JUnitXML {
    /// A lab's run as one suite, a test case per cell (`--format junit`): the cell's id names it,
    /// its first error is the failure's message and every diagnostic of the cell its details.
    public static func suite(of report: Report, timings: Bool = true) -> Suite {
        let ids = report.cellIDs
        let lab = stem(of: report.document.path)
        let cases = report.document.cells.map { cell -> TestCase in
            let result = report.result(at: cell.index)
            let details = result.diagnostics.map {
                DiagnosticFormatter.format($0, path: report.document.path, sourceLines: report.document.sourceLines)
            }.joined(separator: "\n")
            let message = result.diagnostics.first { $0.severity == .error }?.message ?? result.status.rawValue
            let outcome: TestCase.Outcome
            switch result.status {
            case .ok, .expectedError: outcome = .passed
            case .failed: outcome = .failure(message: message, details: details)
            case .timedOut: outcome = .error(message: message, details: details)
            case .notRun: outcome = .skipped(message: "not run: an earlier cell failed")
            }
            return TestCase(name: ids[cell.index], className: lab, seconds: timings ? result.wallTimeMs / 1000 : 0,
                            outcome: outcome)
        }
        return Suite(name: report.document.path, cases: cases)
    }
}
