import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The folder of chart golden files.
func chartGoldenDirectory(_ filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden/charts")
}

/// A deterministic, noisy, decreasing training loss for `epochs` epochs.
func syntheticLoss(epochs: Int, start: Double = 2.3, floor: Double = 0.05, wobble: Double = 0.03) -> [Double] {
    (1...epochs).map { e in
        let t = Double(e)
        return start * exp(-t / 18) + floor + wobble * sin(t * 1.7) * exp(-t / 60)
    }
}

/// Whether `text` parses as XML (a missing quote or bad escape in the SVG fails here).
func isWellFormedXML(_ text: String) -> Bool {
    let parser = XMLParser(data: Data(text.utf8))
    return parser.parse()
}

/// Every number in `svg`'s markup (not its text) written with more than two decimals, and any NaN or infinity.
func badNumbers(in document: String) -> [String] {
    let svg = document.replacingOccurrences(of: ">[^<]*<", with: "><", options: .regularExpression)
    let patterns = [#"[0-9]+\.[0-9]{3,}"#, #"(?i)\bnan\b"#, #"(?i)\binf"#]
    return patterns.flatMap { pattern -> [String] in
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [pattern] }
        let range = NSRange(svg.startIndex..., in: svg)
        return regex.matches(in: svg, range: range).compactMap { Range($0.range, in: svg).map { String(svg[$0]) } }
    }
}
