import Foundation
import TestSupport
import Testing

/// Labs of a few lines that made labrun crash (exit 139 or 134, no report): values nested a
/// million levels deep, and operator or call chains of millions of links. Each must now end with
/// its reports written and, where the lab is at fault, a located error. The inputs are generated
/// (chains of 300,000 links here; 2,000,000 were checked by hand: same error, 31 s in a debug build).
@Suite struct DeepInputTests {
    func run(_ code: String) throws -> (CommandResult, String) {
        let dir = try makeTemporaryDirectory()
        try "```swift-lab\n\(code)\n```\n".write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        let result = try runLabrun(["--format", "md", "lab.md"], in: dir)
        let report = (try? String(contentsOf: dir.appendingPathComponent("output/lab.md"), encoding: .utf8)) ?? ""
        return (result, report)
    }

    @Test func aDeeplyNestedArrayPrintsCutAndIsFreed() throws {
        let (result, report) = try run("var x = [1]\nfor _ in 0..<200000 { x = [x] }\nprint(x)")
        #expect(result.status == 0, "\(result.stderr.prefix(500))")
        #expect(report.contains("[[[[[…]]]]]"), "past 1,000 levels an array prints as […]")
    }

    @Test func deeplyNestedArraysCompareWithoutRecursion() throws {
        let code = "var x = [1]\nvar y = [1]\nfor _ in 0..<1000000 { x = [x]; y = [y] }\nprint(x == y)\ny = [y]\nprint(x == y)"
        let (result, report) = try run(code)
        #expect(result.status == 0, "\(result.stderr.prefix(500))")
        #expect(report.contains("true\nfalse"), "\(report.suffix(200))")
    }

    @Test func aDeeplyNestedTupleIsFreed() throws {
        let (result, report) = try run("var t = (1, 1)\nfor _ in 0..<1000000 { t = (t, 1) }\nprint(t.1)")
        #expect(result.status == 0, "\(result.stderr.prefix(500))")
        #expect(report.contains("\n1\n"))
    }

    @Test(arguments: [
        ("let a = ", " + ", "1"), ("let b = ", " && ", "true"), ("func f() -> Int { 1 }\nlet c = f", "", "()"),
    ])
    func chainsOfMillionsOfLinksAreLocatedErrors(prefix: String, separator: String, term: String) throws {
        let count = 300_000
        let line = prefix + Array(repeating: term, count: count).joined(separator: separator)
        let (result, report) = try run(line + "\nprint(1)")
        #expect(result.status == 1, "\(result.stderr.prefix(500))")
        #expect(result.stderr.contains("error: expression too long: more than 100000"), "\(result.stderr.prefix(500))")
        #expect(report.contains("expression too long"))
    }

    @Test func aFunctionOfManyStatementsIsFreed() throws {
        let body = String(repeating: "    a += 1\n", count: 300_000)
        let (result, report) = try run("func f() -> Int {\n    var a = 0\n\(body)    return a\n}\nprint(f())")
        #expect(result.status == 0, "\(result.stderr.prefix(500))")
        #expect(report.contains("300000"))
    }
}
