import LabSupport
import Testing

@Suite struct EditDistanceTests {
    @Test(arguments: [
        ("", "echo", 4), ("echo", "", 4), ("echo", "echo", 0), ("ecko", "echo", 1),
        ("kitten", "sitting", 3), ("lenght", "length", 1), ("petal.lenght", "petal.length", 1),
        ("ab", "ba", 1), ("abc", "ca", 3), ("requires_grad", "requiresGrad", 2), ("αβ", "βα", 1),
    ])
    func distances(a: String, b: String, expected: Int) {
        #expect(editDistance(a, b) == expected)
        #expect(editDistance(b, a) == expected)
    }
}
