import Foundation
import LabData
import Testing

@Suite struct SamplingTests {
    @Test func uniformIndexStaysBelowTheBoundAndCoversIt() {
        var rng = SplitMix64(seed: 1)
        var seen = Array(repeating: 0, count: 7)
        for _ in 0..<7000 {
            seen[rng.uniformIndex(below: 7)] += 1
        }
        #expect(seen.allSatisfy { $0 > 800 && $0 < 1200 }, "\(seen)")
        #expect(rng.uniformIndex(below: 1) == 0)
        #expect(rng.uniformIndex(below: 0) == 0)
    }

    @Test func fisherYatesFromTheEndDrawsFromShrinkingRanges() {
        // The documented algorithm, replayed by hand on a copy of the generator.
        var rng = SplitMix64(seed: 99)
        var replay = rng
        let order = rng.permutation(of: 6)
        var expected = Array(0..<6)
        for i in stride(from: 5, through: 1, by: -1) {
            expected.swapAt(i, replay.uniformIndex(below: i + 1))
        }
        #expect(order == expected)
        #expect(order.sorted() == Array(0..<6))
    }

    @Test func shuffledKeepsEveryRowOnce() throws {
        let iris = try irisWithIDs()
        var rng = SplitMix64(seed: 7)
        let shuffled = iris.shuffled(using: &rng)
        let ids = try #require(numbers(try shuffled["id"]))
        #expect(ids.sorted() == (0..<150).map(Double.init))
        #expect(ids != (0..<150).map(Double.init))
        // Whole rows move together.
        let original = iris.table().rows
        for (row, id) in zip(shuffled.table().rows, ids) {
            #expect(row == original[Int(id)])
        }
    }

    @Test func shuffleIsDeterministicForASeed() throws {
        let iris = try irisWithIDs()
        var a = SplitMix64(seed: 2026), b = SplitMix64(seed: 2026), c = SplitMix64(seed: 2027)
        let first = iris.shuffled(using: &a)
        #expect(first == iris.shuffled(using: &b))
        #expect(first != iris.shuffled(using: &c))
    }

    @Test func stratifiedSplitTakesFloorOfTheFractionPerClass() throws {
        let iris = try irisWithIDs()
        var rng = SplitMix64(seed: 2026)
        let (train, test) = try iris.stratifiedSplit(by: "variety", trainFraction: 0.9, using: &rng)
        #expect(train.count == 135)
        #expect(test.count == 15)
        let trainVarieties = try #require(texts(try train["variety"]))
        let testVarieties = try #require(texts(try test["variety"]))
        for variety in ["Setosa", "Versicolor", "Virginica"] {
            #expect(trainVarieties.count(where: { $0 == variety }) == 45)
            #expect(testVarieties.count(where: { $0 == variety }) == 5)
        }
    }

    @Test func splitCountsFollowPythonsIntOfTheProduct() throws {
        // Python: int(0.7*10) == 7, int(0.7*7) == 4 (4.8999999999999995), int(0.7*3) == 2,
        // int(0.29*100) == 28 (28.999999999999996): the floor of the Double product, not of the exact one.
        func counts(_ sizes: [Int], _ fraction: Double) throws -> [Int] {
            let labels = sizes.enumerated().flatMap { Array(repeating: "c\($0)", count: $1) }
            var rng = SplitMix64(seed: 3)
            let (first, rest) = try Frame([Column(name: "label", text: labels)])
                .stratifiedSplit(by: "label", trainFraction: fraction, using: &rng)
            #expect(first.count + rest.count == labels.count)
            let taken = try #require(texts(try first["label"]))
            return sizes.indices.map { index in taken.count(where: { $0 == "c\(index)" }) }
        }
        #expect(try counts([10, 7, 3], 0.7) == [7, 4, 2])
        #expect(try counts([100], 0.29) == [28])
        #expect(try counts([4, 1], 0.5) == [2, 0])
    }

    @Test func splitLosesAndRepeatsNoRow() throws {
        let iris = try irisWithIDs()
        var rng = SplitMix64(seed: 11)
        let (train, test) = try iris.stratifiedSplit(by: "variety", trainFraction: 0.9, using: &rng)
        let trainIDs = try #require(numbers(try train["id"]))
        let testIDs = try #require(numbers(try test["id"]))
        #expect((trainIDs + testIDs).sorted() == (0..<150).map(Double.init))
        let original = iris.table().rows
        for (row, id) in zip(train.table().rows + test.table().rows, trainIDs + testIDs) {
            #expect(row == original[Int(id)])
        }
    }

    @Test func firstIsClassByClassInDrawnOrderAndRestKeepsFileOrder() throws {
        let iris = try irisWithIDs()
        var rng = SplitMix64(seed: 5)
        let (train, test) = try iris.stratifiedSplit(by: "variety", trainFraction: 0.9, using: &rng)
        let trainVarieties = try #require(texts(try train["variety"]))
        let expectedOrder = ["Setosa", "Versicolor", "Virginica"].flatMap { Array(repeating: $0, count: 45) }
        #expect(trainVarieties == expectedOrder)
        let testIDs = try #require(numbers(try test["id"]))
        #expect(testIDs == testIDs.sorted())
        let setosaIDs = try #require(numbers(try train["id"])).prefix(45)
        #expect(Array(setosaIDs) != setosaIDs.sorted(), "rows within a class are in drawn order")
    }

    @Test func splitIsDeterministicForASeedAndDiffersForAnother() throws {
        let iris = try irisWithIDs()
        func split(_ seed: UInt64) throws -> [Double] {
            var rng = SplitMix64(seed: seed)
            let (train, _) = try iris.stratifiedSplit(by: "variety", trainFraction: 0.9, using: &rng)
            return try #require(numbers(try train["id"]))
        }
        #expect(try split(2026) == split(2026))
        #expect(try split(2026) != split(2027))
        #expect(try Set(split(2026)) != Set(split(2027)), "another seed holds out other rows")
    }

    @Test func splitByANumericOrBooleanColumnGroupsByValue() throws {
        let iris = try irisWithIDs()
        var rng = SplitMix64(seed: 1)
        let mask = try iris["variety"] == "Virginica"
        let withMask = try Frame(iris.orderedColumns + [Column(name: "isVirginica", bools: try #require(bools(mask)))])
        let (first, _) = try withMask.stratifiedSplit(by: "isVirginica", trainFraction: 0.5, using: &rng)
        let flags = try #require(bools(try first["isVirginica"]))
        #expect(flags.count(where: { $0 }) == 25)
        #expect(flags.count(where: { !$0 }) == 50)
        let (byNumber, _) = try iris.stratifiedSplit(by: "id", trainFraction: 0.9, using: &rng)
        #expect(byNumber.count == 0, "every id is its own class of one, and floor(0.9) is 0")
    }

    @Test func splitArgumentsAreChecked() throws {
        let iris = try readIris()
        var rng = SplitMix64(seed: 1)
        for fraction in [-0.1, 1.5, Double.nan] {
            let error = dataError { try iris.stratifiedSplit(by: "variety", trainFraction: fraction, using: &rng) }
            #expect(error?.message.hasPrefix("stratifiedSplit: trainFraction must be between 0 and 1") == true)
        }
        let unknown = dataError { try iris.stratifiedSplit(by: "varity", trainFraction: 0.9, using: &rng) }
        #expect(unknown?.message == "no column 'varity'; did you mean 'variety'?")
        let all = try iris.stratifiedSplit(by: "variety", trainFraction: 1, using: &rng)
        #expect(all.first.count == 150 && all.rest.count == 0)
    }
}
