import Foundation
import LabLanguage
import LabStdlib
import TestSupport
import Testing

@Suite struct DataBindingTests {
    /// A session whose lab folder is the repository's labs/ (which holds data/iris.csv).
    func session() -> MiniSession {
        MiniSession(labDirectory: repositoryRoot().appendingPathComponent("labs").path)
    }

    @Test func irisSplitsIntoTensors() {
        let out = session().run("""
            seed(2026)
            let iris = readCSV("data/iris.csv")
            let (train, test) = iris.stratifiedSplit(by: "variety", trainFraction: 0.9)
            let features = ["sepal.length", "sepal.width", "petal.length", "petal.width"]
            let X = train[features].tensor()
            let y = (train["variety"] == "Virginica").tensor()
            print(iris.count, X.shape, y.shape, test.count, y.sum().item)
            """)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.lines == ["150 [135, 4] [135] 15 45.0"])
    }

    @Test func theSameSeedGivesTheSameSplit() {
        let code = """
            seed(5)
            let f = readCSV("data/iris.csv").stratifiedSplit(by: "variety", trainFraction: 0.5).0
            f["sepal.length"].tensor().sum().item
            """
        let a = session().run(code).lines
        #expect(a == session().run(code).lines)
        #expect(a != session().run(code.replacingOccurrences(of: "seed(5)", with: "seed(6)")).lines)
    }

    @Test func pathsOutsideTheLabFolderAreRefused() {
        let out = session().run("let f = readCSV(\"../Package.swift\")")
        #expect(out.error?.contains("outside the lab's folder") == true, "\(String(describing: out.error))")
    }

    @Test func unknownColumnsSuggestAName() {
        let out = session().run("let c = readCSV(\"data/iris.csv\")[\"petal.lenght\"]")
        #expect(out.error?.contains("petal.length") == true, "\(String(describing: out.error))")
    }
}
