import Foundation
import LabLanguage
import LabOutput
import TensorCore

/// The figures beyond one line: several histories on one chart, a function with marked points,
/// histograms, heatmaps and confusion matrices.
extension ChartBuiltins {
    static func installFigures(into interpreter: Interpreter, stdlib: Stdlib) {
        interpreter.define(
            .function(
                "histogram(_ values: [Double] | Tensor, bins: Int = 10, title: String = \"\", xLabel: String = \"value\")",
                topic: BuiltinTopic.figures,
                "Draws how many of the values fall into each of `bins` equal-width intervals from the smallest value to the largest (NaN and infinite values are left out and counted in a note).",
                examples: ["seed(0)\nhistogram(randn([500]), bins: 20, title: \"500 normal draws\")"])
        ) { [unowned stdlib] args in
            try args.expect("histogram(_:bins:title:xLabel:)")
            let values = try numbers(try args.value(0), "histogram's values")
            let bins = try args.int("bins") ?? 10
            guard bins >= 1, bins <= 1000 else { throw NativeError("histogram's bins: must be 1...1000, got \(bins)") }
            stdlib.emit(.chart(ChartOutput(id: "", spec: histogramSpec(
                values, bins: bins, title: try args.string("title") ?? "", xLabel: try args.string("xLabel") ?? "value"))))
            return .void
        }
        interpreter.define(
            .function(
                "heatmap(_ matrix: Tensor | [[Double]], rows: [String] = [], columns: [String] = [], title: String = \"\", xLabel: String = \"\", yLabel: String = \"\")",
                topic: BuiltinTopic.figures,
                "Draws a matrix as a grid of cells shaded from white (the smallest value, or 0) to dark blue (the largest), each with its number; `rows` and `columns` label them (by default 1, 2, …).",
                examples: ["heatmap(tensor([[1.0, 0.5], [0.25, 2.0]]), rows: [\"a\", \"b\"], columns: [\"x\", \"y\"], title: \"weights\")"])
        ) { [unowned stdlib] args in
            try args.expect("heatmap(_:rows:columns:title:xLabel:yLabel:)")
            let grid = ChartSpec.Grid(
                values: try matrix(try args.value(0), "heatmap's matrix"),
                rows: try args.labeled("rows").map { try strings($0, "heatmap's rows:") } ?? [],
                columns: try args.labeled("columns").map { try strings($0, "heatmap's columns:") } ?? [])
            stdlib.emit(.chart(ChartOutput(id: "", spec: ChartSpec(
                kind: .heatmap, title: try args.string("title") ?? "", xLabel: try args.string("xLabel") ?? "",
                yLabel: try args.string("yLabel") ?? "", series: [], grid: grid))))
            return .void
        }
        interpreter.define(
            .function(
                "confusionMatrix(predicted: Tensor | [Int], actual: Tensor | [Int], classes: [String]) -> Tensor",
                topic: BuiltinTopic.figures,
                "Counts each pair of actual class (rows) and predicted class (columns), for class indices 0..<classes.count, shows the counts as a table and a heatmap, and returns them as an int64 tensor: the diagonal holds the correct predictions.",
                examples: ["let m = confusionMatrix(predicted: tensor([0.0, 1.0, 1.0, 2.0]), actual: tensor([0.0, 1.0, 2.0, 2.0]), classes: [\"a\", \"b\", \"c\"])\nprint(m.shape, m.sum())\n// expect: [3, 3] tensor(4)"])
        ) { [unowned stdlib] args in
            try args.expect("confusionMatrix(predicted:actual:classes:)")
            guard let predicted = args.labeled("predicted"), let actual = args.labeled("actual"),
                  let classValue = args.labeled("classes") else {
                throw NativeError("confusionMatrix needs predicted:, actual: and classes:")
            }
            let classes = try strings(classValue, "confusionMatrix's classes:")
            let counts = try confusionCounts(
                predicted: try indices(predicted, "predicted:", below: classes.count),
                actual: try indices(actual, "actual:", below: classes.count), classes: classes.count)
            stdlib.emit(.table(TableOutput(
                columns: ["actual \\ predicted"] + classes,
                rows: counts.enumerated().map { r, row in [.text(classes[r])] + row.map { .int($0) } })))
            stdlib.emit(.chart(ChartOutput(id: "", spec: ChartSpec(
                kind: .heatmap, title: "Confusion matrix", xLabel: "predicted", yLabel: "actual", series: [],
                grid: ChartSpec.Grid(values: counts.map { $0.map(Double.init) }, rows: classes, columns: classes)))))
            let tensor = try Convert.translatingErrors {
                try Tensor(counts.flatMap { $0.map(Double.init) }, shape: [classes.count, classes.count])
            }
            tensor.kind = .long
            return .native(tensor)
        }
    }

    /// Bars of equal width from the smallest finite value to the largest; the last bin includes it.
    static func histogramSpec(_ values: [Double], bins: Int, title: String, xLabel: String) -> ChartSpec {
        let finite = values.filter(\.isFinite)
        var series: [ChartSpec.Series] = []
        var width = 1.0
        if let low = finite.min(), let high = finite.max() {
            width = high > low ? (high - low) / Double(bins) : 1
            var counts = [Double](repeating: 0, count: bins)
            for v in finite { counts[min(bins - 1, Int((v - low) / width))] += 1 }
            let origin = high > low ? low : low - 0.5
            series = [ChartSpec.Series(name: "count", points: counts.enumerated().map {
                ChartPoint(x: origin + (Double($0.offset) + 0.5) * width, y: $0.element)
            })]
        }
        var spec = ChartSpec(kind: .bars, title: title, xLabel: xLabel, yLabel: "count", series: series, barWidth: width)
        if finite.count < values.count {
            // Left-out values count as skipped points: one series point each, drawn nowhere.
            spec.series.append(ChartSpec.Series(name: "left out", points: Array(
                repeating: ChartPoint(x: .nan, y: .nan), count: values.count - finite.count)))
        }
        return spec
    }

    /// counts[actual][predicted].
    static func confusionCounts(predicted: [Int], actual: [Int], classes: Int) throws -> [[Int]] {
        guard predicted.count == actual.count else {
            throw NativeError("confusionMatrix: predicted: has \(predicted.count) values but actual: has \(actual.count)")
        }
        var counts = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        for (p, a) in zip(predicted, actual) { counts[a][p] += 1 }
        return counts
    }

    /// Class indices from a tensor or an array, each a whole number below `limit`.
    static func indices(_ value: Value, _ what: String, below limit: Int) throws -> [Int] {
        try numbers(value, "confusionMatrix's \(what)").map { v in
            guard v == v.rounded(), v >= 0, v < Double(limit) else {
                throw NativeError("confusionMatrix's \(what) holds \(v), which is not a class index in 0..<\(limit)")
            }
            return Int(v)
        }
    }

    /// Rows of numbers from a 2-D tensor or an array of arrays.
    static func matrix(_ value: Value, _ what: String) throws -> [[Double]] {
        if case .native(let t as Tensor) = value {
            guard t.rank == 2 else { throw NativeError("\(what) must be a 2-D tensor, got shape \(t.shape)") }
            let columns = t.shape[1]
            return (0..<t.shape[0]).map { Array(t.scalars[($0 * columns)..<(($0 + 1) * columns)]) }
        }
        guard case .array(let rows) = value else { throw NativeError("\(what) must be a 2-D tensor or an array of rows") }
        return try rows.map { try numbers($0, what) }
    }

    /// Strings from an array of strings.
    static func strings(_ value: Value, _ what: String) throws -> [String] {
        guard case .array(let items) = value else { throw NativeError("\(what) must be an array of Strings") }
        return try items.map { item in
            guard case .string(let s) = item else { throw NativeError("\(what) must hold Strings, got \(item.typeName)") }
            return s
        }
    }

    /// One series of numbers, or several (`y: [ys1, ys2]`, a 2-D tensor's rows).
    static func seriesValues(_ value: Value) throws -> [[Double]] {
        if case .array(let items) = value, let first = items.first {
            switch first {
            case .array, .native: return try items.map { try numbers($0, "plot's y:") }
            default: break
            }
        }
        if case .native(let t as Tensor) = value, t.rank == 2, t.shape[1] > 1 { return try matrix(value, "plot's y:") }
        return [try numbers(value, "plot's y:")]
    }
}

extension Stdlib {
    /// `plot([h1, h2, h3])`: each history's loss on one chart, its name in the legend.
    func plotHistories(_ items: [Value], _ args: Arguments) throws {
        try args.expect("plot(_:title:logY:)")
        let series = try items.enumerated().map { k, item -> ChartSpec.Series in
            guard case .native(let history as HistoryObject) = item else {
                throw NativeError("plot's array must hold histories, got \(item.typeName) at position \(k + 1)",
                                  hint: "plot(x: xs, y: ys) draws numbers; plot([h1, h2]) draws histories")
            }
            return try history.overlaySeries(k)
        }
        let xName = items.compactMap { item -> String? in
            if case .native(let h as HistoryObject) = item { return h.history.columns.first }
            return nil
        }.first ?? "epoch"
        emit(.chart(ChartOutput(id: "", spec: ChartSpec(
            kind: .line, title: try args.string("title") ?? "loss by \(xName)", xLabel: xName, yLabel: "loss",
            series: series, logY: try args.bool("logY") ?? false))))
    }

    /// `plot(f, from:, to:, points:)`: f at 200 points, and the given points marked on it.
    func plotFunction(_ function: Function, _ args: Arguments) throws {
        try args.expect("plot(_:from:to:points:title:xLabel:yLabel:)")
        guard let from = try args.double("from"), let to = try args.double("to"), from.isFinite, to.isFinite, from < to else {
            throw NativeError("plot of a function needs from: and to:, with from < to", hint: "plot({ t in t * t }, from: -2, to: 2)")
        }
        func f(_ x: Double) throws -> Double {
            let result = try function.invoke(Arguments([.double(x)]))
            if let y = Convert.number(result) { return y }
            if case .native(let t as Tensor) = result, t.count == 1 { return try Convert.translatingErrors { try t.item } }
            throw NativeError("the plotted function must return a number, got \(result.typeName)")
        }
        let samples = 200
        let curve = try (0...samples).map { k -> ChartPoint in
            let x = from + (to - from) * Double(k) / Double(samples)
            return ChartPoint(x: x, y: try f(x))
        }
        var series = [ChartSpec.Series(name: "f", points: curve)]
        if let marked = args.labeled("points") {
            let xs = try ChartBuiltins.numbers(marked, "plot's points:")
            series.append(ChartSpec.Series(name: "points", points: try xs.map { ChartPoint(x: $0, y: try f($0)) }, markersOnly: true))
        }
        emit(.chart(ChartOutput(id: "", spec: ChartSpec(
            kind: .line, title: try args.string("title") ?? "", xLabel: try args.string("xLabel") ?? "x",
            yLabel: try args.string("yLabel") ?? "y", series: series))))
    }
}
