import Testing

@testable import LabReport

struct NiceTicksTests {
    @Test(arguments: [
        (0.7, 1.0, 0), (1.0, 1.0, 0), (1.5, 2.0, 0), (3.0, 5.0, 0), (7.0, 1.0, 1), (0.03, 5.0, -2), (450.0, 5.0, 2),
    ])
    func stepIsOneTwoOrFive(raw: Double, mantissa: Double, exponent: Int) {
        let step = NiceTicks.niceStep(for: raw)
        #expect(step.mantissa == mantissa)
        #expect(step.exponent == exponent)
    }

    @Test func unitRange() {
        let t = NiceTicks.linear(lower: 0, upper: 1, target: 5)
        #expect(t.labels == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(t.lower == 0 && t.upper == 1)
    }

    @Test func lossRangeRoundsOutward() {
        let t = NiceTicks.linear(lower: 0.05, upper: 2.3, target: 5)
        #expect(t.labels == ["0", "0.5", "1", "1.5", "2", "2.5"])
    }

    @Test func epochsAndNegativeRanges() {
        #expect(NiceTicks.linear(lower: 1, upper: 100, target: 5).labels == ["0", "20", "40", "60", "80", "100"])
        #expect(NiceTicks.linear(lower: -3, upper: 7, target: 5).labels == ["-4", "-2", "0", "2", "4", "6", "8"])
    }

    @Test func decimalStepsAreExact() {
        let t = NiceTicks.linear(lower: 0.1, upper: 0.3, target: 2)
        #expect(t.positions.contains(0.3))
        #expect(t.labels == ["0.1", "0.2", "0.3"])
    }

    @Test func smallAndLargeValuesUseScientificLabels() {
        #expect(NiceTicks.linear(lower: 0, upper: 4e-5, target: 4).labels == ["0", "1e-05", "2e-05", "3e-05", "4e-05"])
        #expect(NiceTicks.linear(lower: 0, upper: 3e12, target: 3).labels == ["0", "1e+12", "2e+12", "3e+12"])
        #expect(NiceTicks.linear(lower: 1000, upper: 3000, target: 2).labels == ["1000", "2000", "3000"])
        #expect(NiceTicks.linear(lower: 1.2e-5, upper: 1.5e-5, target: 3).labels.first == "1.2e-05")
    }

    @Test func flatRangesWiden() {
        let five = NiceTicks.linear(lower: 5, upper: 5, target: 5)
        #expect(five.lower < 5 && five.upper > 5)
        let zero = NiceTicks.linear(lower: 0, upper: 0, target: 4)
        #expect(zero.labels == ["-1", "-0.5", "0", "0.5", "1"])
        let big = NiceTicks.linear(lower: 1e10, upper: 1e10 + 1e-7, target: 4)
        #expect(big.lower < 1e10 && big.upper > 1e10 && big.positions.count <= 12)
    }

    @Test func ticksCoverEveryRange() {
        let ranges: [(Double, Double)] = [
            (0, 1e-300), (-1e300, 1e300), (-2.5, -2.4), (1e-3, 1e12), (123_456, 123_789), (-0.001, 0.002), (3, 2),
        ]
        for (lo, hi) in ranges {
            for target in [2, 5, 10] {
                let t = NiceTicks.linear(lower: lo, upper: hi, target: target)
                #expect(t.lower <= min(lo, hi) && t.upper >= max(lo, hi), "\(lo)…\(hi)")
                #expect(t.positions.count >= 2 && t.positions.count <= target + 3, "\(lo)…\(hi): \(t.positions)")
                #expect(zip(t.positions, t.positions.dropFirst()).allSatisfy { $0 < $1 })
                #expect(Set(t.labels).count == t.labels.count, "labels repeat: \(t.labels)")
                #expect(t.positions.allSatisfy { $0.isFinite })
            }
        }
    }

    @Test func logDecades() {
        let t = NiceTicks.logarithmic(lower: 0.05, upper: 2.3)
        #expect(t.labels == ["0.01", "0.1", "1", "10"])
        #expect(t.lower == -2 && t.upper == 1)
    }

    @Test func narrowLogRangeAddsTwoAndFive() {
        let t = NiceTicks.logarithmic(lower: 0.2, upper: 0.9)
        #expect(t.labels == ["0.1", "0.2", "0.5", "1"])
    }

    @Test func wideLogRangeThinsDecades() {
        let t = NiceTicks.logarithmic(lower: 1e-12, upper: 1e12)
        #expect(t.labels.count <= 9)
        #expect(t.labels.first == "1e-12" && t.labels.last == "1e+12")
        #expect(t.labels.contains("1"))
    }

    @Test func svgNumbersHaveAtMostTwoDecimals() {
        #expect(svgNumber(1.23456) == "1.23")
        #expect(svgNumber(2.5) == "2.5")
        #expect(svgNumber(-0.001) == "0")
        #expect(svgNumber(.nan) == "0")
        #expect(svgNumber(640) == "640")
    }

    @Test func idsAreSanitised() {
        #expect(svgIdentifier("cell-3") == "cell-3")
        #expect(svgIdentifier("3 \"x\"") == "c3x")
        #expect(svgIdentifier("") == "c")
    }
}
