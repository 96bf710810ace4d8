import Foundation

/// PyTorch's print options (torch defaults): precision 4, 80 columns, summarise past 1000 elements
/// showing 3 edge items per axis.
private let precision = 4
private let lineWidth = 80
private let threshold = 1000
private let edgeItems = 3

extension Tensor: CustomStringConvertible {
    /// The tensor as PyTorch prints a float tensor of the default dtype:
    /// `tensor([1.0000, 2.5000], requires_grad=True)`.
    public var description: String {
        let prefix = "tensor("
        let indent = prefix.count
        var suffixes: [String] = []
        let body: String
        if storage.isEmpty {
            body = "[]"
            if shape.count != 1 {
                let dims = shape.map(String.init).joined(separator: ", ")
                suffixes.append("size=(\(dims)\(shape.count == 1 ? "," : ""))")
            }
        } else {
            body = TensorPrinter(self).render(indent: indent)
        }
        if let name = gradFn?.name {
            suffixes.append("grad_fn=<\(name)>")
        } else if storedRequiresGrad {
            suffixes.append("requires_grad=True")
        }
        return Tensor.addSuffixes(prefix + body, suffixes, indent: indent)
    }

    private static func addSuffixes(_ text: String, _ suffixes: [String], indent: Int) -> String {
        var out = text
        let lastNewline = text.lastIndex(of: "\n").map { text.distance(from: text.startIndex, to: $0) } ?? -1
        var lastLineLength = text.count - lastNewline + 1
        for suffix in suffixes {
            if lastLineLength + suffix.count + 2 > lineWidth {
                out += ",\n" + String(repeating: " ", count: indent) + suffix
                lastLineLength = indent + suffix.count
            } else {
                out += ", " + suffix
                lastLineLength += suffix.count + 2
            }
        }
        return out + ")"
    }
}

/// Lays out a non-empty tensor's elements with one shared number format, as torch/_tensor_str.py.
private struct TensorPrinter {
    let shape: [Int]
    let values: [Double]
    let summarize: Bool
    let format: NumberFormat

    init(_ t: Tensor) {
        shape = t.shape
        values = t.storage.array
        summarize = t.storage.count > threshold
        var shown: [Double] = []
        if summarize {
            TensorPrinter.collectEdges(shape, values, axis: 0, offset: 0, into: &shown)
        } else {
            shown = values
        }
        format = NumberFormat(shown, kind: t.storedKind)
    }

    /// The values PyTorch's `get_summarized_data` keeps: 3 leading and 3 trailing items per axis.
    static func collectEdges(_ shape: [Int], _ values: [Double], axis: Int, offset: Int, into out: inout [Double]) {
        if shape.isEmpty { out.append(values[offset]); return }
        let n = shape[axis]
        let block = shape[(axis + 1)...].reduce(1, *)
        let rows = n > 2 * edgeItems ? Array(0..<edgeItems) + Array((n - edgeItems)..<n) : Array(0..<n)
        for i in rows {
            if axis == shape.count - 1 {
                out.append(values[offset + i])
            } else {
                collectEdges(shape, values, axis: axis + 1, offset: offset + i * block, into: &out)
            }
        }
    }

    func render(indent: Int) -> String {
        if shape.isEmpty { return format.format(values[0]) }
        return render(axis: 0, offset: 0, indent: indent)
    }

    private func render(axis: Int, offset: Int, indent: Int) -> String {
        let n = shape[axis]
        let elided = summarize && n > 2 * edgeItems
        let rows: [Int?] = elided
            ? Array(0..<edgeItems) + [nil] + Array((n - edgeItems)..<n)
            : Array(0..<n)
        if axis == shape.count - 1 {
            let items = rows.map { i in i.map { format.format(values[offset + $0]) } ?? " ..." }
            let perLine = Swift.max(1, (lineWidth - indent) / (format.width + 2))
            var lines: [String] = []
            var start = 0
            while start < items.count {
                lines.append(items[start..<Swift.min(start + perLine, items.count)].joined(separator: ", "))
                start += perLine
            }
            return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
        }
        let block = shape[(axis + 1)...].reduce(1, *)
        let parts = rows.map { i in
            i.map { render(axis: axis + 1, offset: offset + $0 * block, indent: indent + 1) } ?? "..."
        }
        let remaining = shape.count - axis
        let separator = "," + String(repeating: "\n", count: remaining - 1) + String(repeating: " ", count: indent + 1)
        return "[" + parts.joined(separator: separator) + "]"
    }
}

/// PyTorch's `_Formatter`: for floating tensors integer, fixed or scientific mode, and a width; for
/// int64 and bool tensors each value's own text, right-aligned to the widest.
private struct NumberFormat {
    var intMode = true
    var sciMode = false
    var width = 1
    var kind = ElementKind.float

    init(_ values: [Double], kind: ElementKind) {
        self.kind = kind
        if kind != .float {
            width = values.reduce(1) { Swift.max($0, NumberFormat.whole($1, kind).count) }
            return
        }
        let finite = values.filter { $0.isFinite && $0 != 0 }
        guard !finite.isEmpty else { return }
        let magnitudes = finite.map { Swift.abs($0) }
        let lo = magnitudes.min() ?? 1, hi = magnitudes.max() ?? 1
        intMode = finite.allSatisfy { $0 == $0.rounded(.up) }
        if intMode {
            sciMode = hi / lo > 1000 || hi > 1e8
            for v in finite {
                width = Swift.max(width, sciMode ? NumberFormat.scientific(v).count : NumberFormat.fixed(v, 0).count + 1)
            }
        } else {
            sciMode = hi / lo > 1000 || hi > 1e8 || lo < 1e-4
            for v in finite {
                width = Swift.max(width, sciMode ? NumberFormat.scientific(v).count : NumberFormat.fixed(v, precision).count)
            }
        }
    }

    /// An int64 or bool element as PyTorch writes it (`3`, `True`).
    static func whole(_ v: Double, _ kind: ElementKind) -> String {
        if kind == .bool { return v != 0 ? "True" : "False" }
        guard v.isFinite, Swift.abs(v) < 9.2e18 else { return fixed(v, 0) }
        return String(Int64(v))
    }

    func format(_ v: Double) -> String {
        let text: String
        if kind != .float {
            text = NumberFormat.whole(v, kind)
        } else if sciMode {
            text = NumberFormat.scientific(v)
        } else if intMode {
            text = NumberFormat.fixed(v, 0) + (v.isFinite ? "." : "")
        } else {
            text = NumberFormat.fixed(v, precision)
        }
        return String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }

    static func special(_ v: Double) -> String? {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        return nil
    }

    static func fixed(_ v: Double, _ digits: Int) -> String {
        special(v) ?? String(format: "%.\(digits)f", v)
    }

    static func scientific(_ v: Double) -> String {
        special(v) ?? String(format: "%.\(precision)e", v)
    }
}
