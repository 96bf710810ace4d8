import Foundation
import TestSupport

/// The numbers PyTorch computed (Reference/make_reference.py, float64; version inside the file).
enum Reference {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Reference/reference.json")

    nonisolated(unsafe) static let json: [String: Any] = {
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }()

    static func numbers(_ key: String) -> [Double] {
        (json[key] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? []
    }

    static func number(_ key: String) -> Double {
        (json[key] as? NSNumber)?.doubleValue ?? .nan
    }

    static func group(_ key: String) -> [String: Any] { json[key] as? [String: Any] ?? [:] }

    static func numbers(_ group: String, _ key: String) -> [Double] {
        (self.group(group)[key] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? []
    }

    static func number(_ group: String, _ key: String) -> Double {
        (self.group(group)[key] as? NSNumber)?.doubleValue ?? .nan
    }
}

/// Largest absolute difference, or infinity when the lengths differ.
func maxDiff(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    return zip(a, b).map { Swift.abs($0 - $1) }.max() ?? .infinity
}
