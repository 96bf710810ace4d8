import Foundation
import LabData
import Testing
import TestSupport

/// SplitMix64: a small seeded generator so the tests do not depend on TensorCore's.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A temporary lab folder holding `files` (relative path → contents).
func makeLab(_ files: [String: String]) throws -> URL {
    let lab = try makeTemporaryDirectory("labdata-test")
    for (path, contents) in files {
        let url = lab.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }
    return lab
}

/// Reads `contents` as `data/t.csv` of a fresh lab.
func readText(_ contents: String) throws -> Frame {
    try readCSV(path: "data/t.csv", labDirectory: try makeLab(["data/t.csv": contents]))
}

/// The error `body` throws, or nil (and a test failure) when it throws none or another kind.
func dataError<T>(_ body: () throws -> T) -> DataError? {
    do {
        _ = try body()
        Issue.record("expected a DataError, got none")
    } catch let error as DataError {
        return error
    } catch {
        Issue.record("expected a DataError, got \(error)")
    }
    return nil
}

/// The lab folder of the repository (holds data/iris.csv).
let repositoryLabs = repositoryRoot().appendingPathComponent("labs")

func readIris() throws -> Frame {
    try readCSV(path: "data/iris.csv", labDirectory: repositoryLabs)
}

/// Iris with an extra `id` column (0…149) so rows can be told apart (Iris has duplicate rows).
func irisWithIDs() throws -> Frame {
    let iris = try readIris()
    return try Frame(iris.orderedColumns + [Column(name: "id", numbers: (0..<iris.count).map(Double.init))])
}

func numbers(_ column: Column) -> [Double]? {
    if case .numbers(let values) = column.values { return values }
    return nil
}

func texts(_ column: Column) -> [String]? {
    if case .text(let values) = column.values { return values }
    return nil
}

func bools(_ column: Column) -> [Bool]? {
    if case .bools(let values) = column.values { return values }
    return nil
}
