import Foundation
@testable import LabLanguage
import Testing

/// The habit hints' text scans replaced regular expressions (compiled on every call); they must
/// agree with those expressions.
@Suite struct PythonHabitsScanTests {
    static let samples = [
        "x = a and b", "and(x)", "band", "(and)", "!not x", "not", "a or", "for x in y or z", "sand or",
        "f(x, lr=0.1)", "f(a == b)", "f( x =1", "g(,y=", "f(x=", "f(x==1, y = 2)", "Linear(4, 1, bias=false)",
        "é and ü", "a\tand\tb", "(x_1= 3)", "(1x=2)", "", "=", "(=",
    ]

    @Test func scansAgreeWithTheRegularExpressions() {
        for text in Self.samples {
            for word in ["and", "or", "not"] {
                let expected = text.range(of: #"(^|[\s(!])"# + word + #"(\s|\(|$)"#, options: .regularExpression) != nil
                #expect(PythonHabits.containsWord(text, word) == expected, "\(word) in \(text)")
            }
            let keyword = text.range(of: #"[(,]\s*[A-Za-z_][A-Za-z0-9_]*\s*=[^=]"#, options: .regularExpression) != nil
            #expect(PythonHabits.hasKeywordArgument(text) == keyword, "\(text)")
        }
    }
}
