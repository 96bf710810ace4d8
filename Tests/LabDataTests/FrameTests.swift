import Foundation
import LabData
import Testing

@Suite struct FrameTests {
    @Test func selectingColumnsKeepsTheGivenOrder() throws {
        let iris = try readIris()
        let picked = try iris[["petal.width", "sepal.length"]]
        #expect(picked.columns == ["petal.width", "sepal.length"])
        #expect(picked.count == 150)
        #expect(try picked["sepal.length"] == iris["sepal.length"])
    }

    @Test func anUnknownColumnSuggestsTheClosestName() throws {
        let iris = try readIris()
        let typo = dataError { try iris["sepal_length"] }
        #expect(typo?.message == "no column 'sepal_length'; did you mean 'sepal.length'?")
        let caseOnly = dataError { try iris[["Variety"]] }
        #expect(caseOnly?.message == "no column 'Variety'; did you mean 'variety'?")
        let far = dataError { try iris["colour"] }
        #expect(far?.message == "no column 'colour'; the columns are 'sepal.length', 'sepal.width', 'petal.length', 'petal.width', 'variety'")
    }

    @Test func aRepeatedNameInASelectionIsAnError() throws {
        let iris = try readIris()
        let error = dataError { try iris[["variety", "variety"]] }
        #expect(error?.message == "two columns are named 'variety'")
    }

    @Test func headTakesTheFirstRows() throws {
        let iris = try readIris()
        let head = try iris.head(3)
        #expect(head.count == 3)
        #expect(numbers(try head["sepal.length"]) == [5.1, 4.9, 4.7])
        #expect(try iris.head().count == 5)
        #expect(try iris.head(1000).count == 150)
        #expect(try iris.head(0).count == 0)
        #expect(dataError { try iris.head(-1) }?.message == "head: the number of rows must be 0 or more, got -1")
    }

    @Test func unevenColumnsCannotMakeAFrame() {
        let error = dataError { try Frame([Column(name: "a", numbers: [1, 2]), Column(name: "b", text: ["x"])]) }
        #expect(error?.message == "column 'b' has 1 rows, column 'a' has 2")
    }

    @Test func tableHoldsNamesAndCells() throws {
        let frame = try Frame([
            Column(name: "n", numbers: [1.5, 2]), Column(name: "t", text: ["a", "b"]),
            Column(name: "b", bools: [true, false]),
        ])
        let table = frame.table()
        #expect(table.columns == ["n", "t", "b"])
        #expect(table.rows == [[.number(1.5), .text("a"), .bool(true)], [.number(2), .text("b"), .bool(false)]])
    }

    @Test func printedFrameIsAnAlignedTable() throws {
        let frame = try readText("x,name\n1,alpha\n22.5,b\n")
        #expect(frame.description == "x     name\n1.0   alpha\n22.5  b\n[2 rows × 2 columns]")
    }

    @Test func printedColumnShowsItsNameAndFirstCells() throws {
        let iris = try readIris()
        #expect(try iris["variety"].description == "variety: [Setosa, Setosa, Setosa, Setosa, Setosa, Setosa, Setosa, Setosa, Setosa, Setosa, … (150 rows)]")
        #expect(try readText("a\n1\n2\n")["a"].description == "a: [1.0, 2.0]")
    }

    @Test func filteringByAComparisonKeepsMatchingRows() throws {
        let iris = try readIris()
        let virginica = try iris.filtered(by: try iris["variety"] == "Virginica")
        #expect(virginica.count == 50)
        #expect(texts(try virginica["variety"])?.allSatisfy { $0 == "Virginica" } == true)
        let notAMask = dataError { try iris.filtered(by: try iris["variety"]) }
        #expect(notAMask?.message == "a row filter needs a column of booleans (a comparison); 'variety' holds text")
    }
}

@Suite struct ComparisonTests {
    let frame: Frame

    init() throws {
        frame = try readText("v,label,flag\n1,a,x\n2,b,y\n3,a,z\n")
    }

    @Test func textEqualsAString() throws {
        #expect(bools(try frame["label"] == "a") == [true, false, true])
        #expect(bools(try frame["label"] != "a") == [false, true, false])
        #expect(try (frame["label"] == "a").name == "label")
    }

    @Test func numbersCompareWithEveryOperator() throws {
        let v = try frame["v"]
        #expect(bools(try v == 2) == [false, true, false])
        #expect(bools(try v != 2) == [true, false, true])
        #expect(bools(try v < 2) == [true, false, false])
        #expect(bools(try v <= 2) == [true, true, false])
        #expect(bools(try v > 2) == [false, false, true])
        #expect(bools(try v >= 2) == [false, true, true])
    }

    @Test func booleansCompareWithBooleans() throws {
        let mask = try frame["label"] == "a"
        #expect(bools(try mask.compared(.equal, with: .bool(false))) == [false, true, false])
    }

    @Test func mismatchedComparisonsSayWhatTheColumnHolds() throws {
        let textVsNumber = dataError { try frame["label"] == 3 }
        #expect(textVsNumber?.message == "column 'label' holds text: compare it with a string such as \"a\", not the number 3.0")
        let numberVsText = dataError { try frame["v"] == "3" }
        #expect(numberVsText?.message == "column 'v' holds numbers: compare it with a number, not the string \"3\"")
        let ordering = dataError { try frame["label"].compared(.less, with: .text("b")) }
        #expect(ordering?.message == "'<' needs a column of numbers; column 'label' holds text")
        let orderNumberWithText = dataError { try frame["v"].compared(.greater, with: .text("b")) }
        #expect(orderNumberWithText?.message == "'>' compares numbers: compare column 'v' with a number, not the string \"b\"")
    }
}

@Suite struct MatrixTests {
    @Test func aFrameGivesRowMajorRowsByColumns() throws {
        let frame = try readText("a,b,c\n1,2,3\n4,5,6\n")
        let matrix = try frame.matrix()
        #expect(matrix.shape == [2, 3])
        #expect(matrix.values == [1, 2, 3, 4, 5, 6])
        let swapped = try frame[["c", "a"]].matrix()
        #expect(swapped.values == [3, 1, 6, 4])
    }

    @Test func irisFeaturesAndTarget() throws {
        let iris = try readIris()
        let features = try iris[["sepal.length", "sepal.width", "petal.length", "petal.width"]].matrix()
        #expect(features.shape == [150, 4])
        #expect(Array(features.values.prefix(4)) == [5.1, 3.5, 1.4, 0.2])
        let target = try (iris["variety"] == "Virginica").matrix()
        #expect(target.shape == [150])
        #expect(target.values.reduce(0, +) == 50)
        #expect(Array(target.values.suffix(1)) == [1])
        #expect(Array(target.values.prefix(1)) == [0])
    }

    @Test func aColumnGivesAVector() throws {
        let frame = try readText("a\n1\n2\n3\n")
        #expect(try frame["a"].matrix() == Matrix(values: [1, 2, 3], shape: [3]))
    }

    @Test func aTextColumnIsNamed() throws {
        let iris = try readIris()
        let error = dataError { try iris.matrix() }
        #expect(error?.message == "column 'variety' holds text, not numbers")
        #expect(error?.line == nil)
    }

    @Test func textInAColumnOfNumbersIsLocated() throws {
        let frame = try readText("a,b\n1,2\n3,x\n5,6\n")
        let error = dataError { try frame.matrix() }
        #expect(error?.description == "data/t.csv:3: column 'b' has 'x' where a number was expected")
        let shuffled = dataError { try frame.head(3)[["b"]].matrix() }
        #expect(shuffled?.line == 3)
    }

    @Test func anEmptyCellInAColumnOfNumbersIsLocated() throws {
        let frame = try readText("a,b\n1,2\n3,\n")
        let error = dataError { try frame["b"].matrix() }
        #expect(error?.description == "data/t.csv:3: column 'b' has an empty cell where a number was expected")
    }

    @Test func aFrameOfNoColumnsKeepsItsRows() throws {
        let frame = try readText("a\n1\n2\n")
        let none = try frame[[String]()]
        #expect(none.count == 2)
        #expect(try none.matrix().shape == [2, 0])
        #expect(try frame.matrix().shape == [2, 1])
    }
}

/// Column summaries for class labels and standardisation (issue 15).
struct ColumnSummaryTests {
    @Test func uniqueKeepsFirstAppearanceAndCodesIndexIt() {
        let column = Column(name: "variety", text: ["b", "a", "b", "c", "a"])
        #expect(column.uniqueValues() == [.text("b"), .text("a"), .text("c")])
        #expect(column.codes() == [0, 1, 0, 2, 1])
    }

    @Test func statisticsOfNumbersAndTheErrorForText() throws {
        let column = Column(name: "x", numbers: [2, 4, 4, 4, 5, 5, 7, 9])
        #expect(try column.statistic("mean") == 5)
        #expect(abs(try column.statistic("std") - 2.138089935299395) < 1e-15)
        #expect(try column.statistic("min") == 2 && column.statistic("max") == 9)
        #expect(throws: DataError("column 'name' holds text, so it has no mean; only numeric columns do")) {
            _ = try Column(name: "name", text: ["a"]).statistic("mean")
        }
    }
}

/// tail, describe (pandas' statistics) and a plain random split (issue 15).
struct FrameSummaryTests {
    let frame = try! Frame([Column(name: "x", numbers: [4, 1, 3, 2]), Column(name: "kind", text: ["a", "b", "a", "b"])])

    @Test func tailTakesTheLastRows() throws {
        #expect(try frame.tail(2)["x"].value(at: 0) == .number(3))
        #expect(try frame.tail(9).count == 4)
        #expect(throws: DataError.self) { _ = try frame.tail(-1) }
    }

    @Test func describeGivesPandasStatistics() throws {
        let d = try frame.describe()
        #expect(d.columns == ["statistic", "x"])
        guard case .numbers(let values) = try d["x"].values else { Issue.record("x is not numeric"); return }
        // pandas: count 4, mean 2.5, std 1.290994, min 1, 25% 1.75, 50% 2.5, 75% 3.25, max 4
        #expect(values[0] == 4 && values[1] == 2.5 && values[3] == 1 && values[7] == 4)
        #expect(abs(values[2] - 1.2909944487358056) < 1e-15)
        #expect(values[4] == 1.75 && values[5] == 2.5 && values[6] == 3.25)
        #expect(throws: DataError("describe: the frame has no numeric columns")) { _ = try frame[["kind"]].describe() }
    }

    @Test func splitTakesTheFractionAndKeepsEveryRowOnce() throws {
        var rng = SystemRandomNumberGenerator()
        let (first, rest) = try frame.split(trainFraction: 0.75, using: &rng)
        #expect(first.count == 3 && rest.count == 1)
        let xs = try (first["x"].matrix().values + rest["x"].matrix().values).sorted()
        #expect(xs == [1, 2, 3, 4])
        #expect(throws: DataError.self) { _ = try frame.split(trainFraction: 1.5, using: &rng) }
    }
}
