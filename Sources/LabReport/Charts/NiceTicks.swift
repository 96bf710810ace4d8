import Foundation

/// The ticks of one axis: where the axis starts and ends, tick positions and their labels.
struct AxisTicks: Equatable {
    /// The axis range in plotted units (log10 of the value on a log axis).
    var lower: Double
    var upper: Double
    /// Tick positions in plotted units, ascending.
    var positions: [Double]
    var labels: [String]
}

/// Tick placement: 1-2-5 steps on linear axes, decades on log axes, compact labels.
enum NiceTicks {
    /// Ticks at a 1, 2 or 5 × 10ⁿ step that cover `lower...upper` with about `target` intervals.
    ///
    /// A flat or empty range is widened around its centre so the axis still has extent.
    static func linear(lower: Double, upper: Double, target: Int = 5) -> AxisTicks {
        let (lo, hi) = widened(lower, upper)
        let (mantissa, exponent) = niceStep(for: (hi - lo) / Double(max(1, target)))
        let step = scaled(mantissa, exponent)
        let first = (lo / step).rounded(.down)
        let last = (hi / step).rounded(.up)
        guard step > 0, step.isFinite, last - first <= 100 else {
            return AxisTicks(lower: lo, upper: hi, positions: [lo, hi], labels: [compact(lo), compact(hi)])
        }
        // Each tick is an integer times the step, computed in one rounding so 0.1 steps give 0.3, not 0.30000000000000004.
        let values = stride(from: first, through: last, by: 1).map { scaled($0 * mantissa, exponent) }
        let style = LabelStyle(values: values, stepExponent: exponent)
        return AxisTicks(
            lower: values.first ?? lo, upper: values.last ?? hi, positions: values,
            labels: values.map { style.format($0) })
    }

    /// Decade ticks (10ⁿ) covering the positive range `lower...upper`; 2× and 5× ticks too when
    /// the range spans at most two decades. Positions are log10 of the values.
    static func logarithmic(lower: Double, upper: Double) -> AxisTicks {
        let lo = max(lower, Double.leastNormalMagnitude)
        let hi = max(upper, lo)
        let e0 = log10(lo).rounded(.down)
        var e1 = log10(hi).rounded(.up)
        if e1 <= e0 { e1 = e0 + 1 }
        let every = ((e1 - e0) / 8).rounded(.up)
        e1 = e0 + ((e1 - e0) / every).rounded(.up) * every
        var values: [(position: Double, label: String)] = []
        for e in stride(from: e0, through: e1, by: every) {
            values.append((e, decadeLabel(1, e)))
            if e1 - e0 <= 2, e < e1 {
                values.append((e + log10(2), decadeLabel(2, e)))
                values.append((e + log10(5), decadeLabel(5, e)))
            }
        }
        return AxisTicks(lower: e0, upper: e1, positions: values.map(\.position), labels: values.map(\.label))
    }

    /// The 1-2-5 step at or above `raw`, as mantissa (1, 2, 5) and power of ten.
    static func niceStep(for raw: Double) -> (mantissa: Double, exponent: Int) {
        guard raw > 0, raw.isFinite else { return (1, 0) }
        var exponent = Int(log10(raw).rounded(.down))
        let normalized = raw / scaled(1, exponent)
        let mantissa: Double
        switch normalized {
        case ...1.000_000_001: mantissa = 1
        case ...2.000_000_001: mantissa = 2
        case ...5.000_000_001: mantissa = 5
        default:
            mantissa = 1
            exponent += 1
        }
        return (mantissa, exponent)
    }

    /// `mantissa × 10^exponent`, dividing for negative exponents so decimal steps stay exact.
    static func scaled(_ mantissa: Double, _ exponent: Int) -> Double {
        exponent >= 0 ? mantissa * pow(10, Double(exponent)) : mantissa / pow(10, Double(-exponent))
    }

    /// A range with extent: a flat range grows by 10 % of its value each way (±1 around zero).
    static func widened(_ lower: Double, _ upper: Double) -> (Double, Double) {
        let lo = min(lower, upper), hi = max(lower, upper)
        let magnitude = max(abs(lo), abs(hi))
        if hi - lo > magnitude * 1e-9, hi > lo { return (lo, hi) }
        let centre = lo / 2 + hi / 2
        let half = centre == 0 ? 1 : abs(centre) * 0.1
        return (centre - half, centre + half)
    }

    /// A label for `digit × 10^exponent` on a log axis.
    static func decadeLabel(_ digit: Double, _ exponent: Double) -> String {
        let e = Int(exponent)
        let style = LabelStyle(values: [scaled(digit, e)], stepExponent: e)
        return style.format(scaled(digit, e))
    }

    /// A short label for one number, for fallbacks.
    static func compact(_ value: Double) -> String {
        // Int(log10(...)) would trap on NaN and ±infinity (a heatmap cell can hold either).
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
        return LabelStyle(values: [value], stepExponent: Int(log10(max(abs(value), 1e-300)).rounded(.down)) - 2)
            .format(value)
    }
}

/// How one axis writes its tick labels: plain decimals, or scientific for very large or small values.
struct LabelStyle {
    var scientific: Bool
    /// Digits after the decimal point (of the mantissa when scientific).
    var decimals: Int

    init(values: [Double], stepExponent: Int) {
        let largest = values.map(abs).max() ?? 0
        scientific = largest >= 1e6 || (largest > 0 && largest < 1e-4)
        if scientific {
            let top = Int(log10(largest).rounded(.down))
            decimals = min(15, max(0, top - stepExponent))
        } else {
            decimals = min(15, max(0, -stepExponent))
        }
    }

    /// `value` written as this axis writes it: `0`, `0.5`, `1000`, `1e-05`, `2.5e+07`.
    func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
        let tolerance = scientific ? abs(value) * 1e-12 : 0.5 * pow(10, -Double(decimals))
        if abs(value) < tolerance || value == 0 { return "0" }
        if !scientific { return Self.trimmed(String(format: "%.\(decimals)f", value)) }
        let text = String(format: "%.\(decimals)e", value)
        guard let e = text.firstIndex(of: "e") else { return text }
        return Self.trimmed(String(text[..<e])) + text[e...]
    }

    /// `1.50` → `1.5`, `2.0` → `2`: labels as short as their value allows.
    static func trimmed(_ number: String) -> String {
        guard number.contains(".") else { return number }
        var text = number
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
