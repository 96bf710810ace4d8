import Foundation
import TensorCore

/// The numbers PyTorch computed in float64 (Reference/make_reference.py; torch version inside).
enum Reference {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Reference/reference.json")

    /// The file as nested `[String: Any]`, `[Any]`, Double, String and Bool values. Read with
    /// JSONDecoder: JSONSerialization on Linux misrounds some doubles by a few ulps.
    nonisolated(unsafe) static let json: [String: Any] = {
        guard let data = try? Data(contentsOf: url),
              let value = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return [:] }
        return value.plain as? [String: Any] ?? [:]
    }()

    static func group(_ key: String, in object: [String: Any] = json) -> [String: Any] {
        object[key] as? [String: Any] ?? [:]
    }

    static func list(_ key: String, in object: [String: Any]) -> [Any] { object[key] as? [Any] ?? [] }
}

/// Any JSON value, decoded with correctly rounded numbers.
enum JSONValue: Decodable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if let b = try? single.decode(Bool.self) { self = .bool(b) }
        else if let d = try? single.decode(Double.self) { self = .number(d) }
        else if let s = try? single.decode(String.self) { self = .string(s) }
        else if let a = try? single.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try single.decode([String: JSONValue].self)) }
    }

    /// The value as Foundation-style `Any` (nil becomes NSNull).
    var plain: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let b): return b
        case .number(let d): return d
        case .string(let s): return s
        case .array(let a): return a.map(\.plain)
        case .object(let o): return o.mapValues(\.plain)
        }
    }
}

/// Reads a JSON value as an array of numbers.
func numbers(_ value: Any?) -> [Double] {
    (value as? [Any])?.compactMap { $0 as? Double } ?? []
}

func number(_ value: Any?) -> Double { value as? Double ?? .nan }

/// Largest absolute difference, or infinity when the lengths differ or are zero.
func maxDiff(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    return zip(a, b).map { Swift.abs($0 - $1) }.max() ?? .infinity
}

/// The Iris data of labs/data/iris.csv in file order: X [150, 4] and y [150] (1 for Virginica).
func irisData() throws -> (x: Tensor, y: Tensor) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../labs/data/iris.csv")
    let text = try String(contentsOf: url, encoding: .utf8)
    var features: [Double] = [], labels: [Double] = []
    for line in text.split(whereSeparator: \.isNewline).dropFirst() {
        let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
        guard fields.count == 5 else { throw TensorError("iris.csv: bad row \(line)") }
        for field in fields[..<4] {
            guard let value = Double(field) else { throw TensorError("iris.csv: bad number \(field)") }
            features.append(value)
        }
        labels.append(fields[4] == "Virginica" ? 1 : 0)
    }
    return (try Tensor(features, shape: [labels.count, 4]), try Tensor(labels))
}

/// Runs `body` in a fresh tensor context seeded with `seed` (tests run in parallel).
func inFreshContext<R>(seed: UInt64 = 0, _ body: () throws -> R) rethrows -> R {
    try TensorContext(seed: seed).withCurrent(body)
}
