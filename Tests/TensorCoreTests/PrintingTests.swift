import Foundation
import Testing
import TestSupport
@testable import TensorCore

/// Printed tensors against the output of PyTorch for the same tensors (Golden/printing.txt is
/// written by Reference/make_reference.py; LABRUN_RECORD=1 would re-record it from TensorCore).
@Suite struct PrintingTests {
    struct Case: Decodable {
        let label: String
        let values: [Double?]
        let shape: [Int]
        let requiresGrad: Bool
    }

    @Test func matchesPyTorch() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Reference/printing_cases.json")
        // Python's json writes NaN and Infinity, which JSONDecoder does not read: spell them first.
        let text = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "-Infinity", with: "\"-inf\"")
            .replacingOccurrences(of: "Infinity", with: "\"inf\"")
            .replacingOccurrences(of: "NaN", with: "\"nan\"")
        let raw = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
        var lines: [String] = []
        for item in raw {
            let label = item["label"] as? String ?? "?"
            let values = (item["values"] as? [Any] ?? []).map(Self.number)
            let shape = (item["shape"] as? [Int]) ?? []
            let t = try Tensor(values, shape: shape, requiresGrad: item["requiresGrad"] as? Bool ?? false)
            lines.append("## \(label)\n\(t)")
        }
        let x = Tensor(2.0, requiresGrad: true), y = Tensor(3.0, requiresGrad: true)
        lines.append("## board\n\(try x * (x + y) + y * y)")
        lines.append("## grad_fn vector\n\(try Tensor([1.0, 2.0], requiresGrad: true) * 2)")
        lines.append("## grad_fn sum\n\(try Tensor([1.0, 2.5], requiresGrad: true).sum())")
        let m = try Tensor(rows: [[1.0, 2.0], [3.0, 4.0]], requiresGrad: true)
        lines.append("## grad_fn select\n\(try m.index([.all, .at(0)]))")
        #expect(lines.count > 20)
        expectGolden(lines.joined(separator: "\n") + "\n", named: "printing.txt", in: goldenDirectory())
    }

    static func number(_ value: Any) -> Double {
        if let s = value as? String {
            return s == "nan" ? .nan : (s == "-inf" ? -.infinity : .infinity)
        }
        return (value as? NSNumber)?.doubleValue ?? .nan
    }

    @Test func briefExamples() throws {
        #expect(Tensor(1.5410, requiresGrad: true).description == "tensor(1.5410, requires_grad=True)")
        #expect(try Tensor([1.0, 2.5]).description == "tensor([1.0000, 2.5000])")
        #expect(try Tensor([1, 0, 1]).description == "tensor([1., 0., 1.])")
        #expect(try Tensor.zeros([0, 3]).description == "tensor([], size=(0, 3))")
    }
}
