import LabData
import LabLanguage
import LabOutput
import TensorCore

/// `plot(x:y:)` and `scatter(frame, x:, y:, color:)`: charts as outputs. The session gives each
/// chart its id (unique in the report), so charts are emitted with an empty one.
enum ChartBuiltins {
    static func install(into interpreter: Interpreter, stdlib: Stdlib) {
        interpreter.define(
            .function(
                "plot(x: [Double] | Tensor = 0..., y: [Double] | Tensor | [[Double] | Tensor], labels: [String] = [], title: String = \"\", xLabel: String = \"x\", yLabel: String = \"y\", logY: Bool = false) | plot(_ history: History, title: String? = nil, logY: Bool = false) | plot(_ histories: [History], title: String = \"loss by epoch\", logY: Bool = false) | plot(_ f: (Double) -> Double, from: Double, to: Double, points: [Double] = [], title: String = \"\", xLabel: String = \"x\", yLabel: String = \"y\")",
                topic: BuiltinTopic.figures,
                "Draws a line chart in the cell's output (an SVG in the handout, a figure file beside the Markdown report): `y` against `x` (several series when `y` is an array of them, named by `labels`); a training history's columns per epoch; several histories' losses on one chart, each named by its `name`; or a function from `from` to `to`, with `points` (such as the steps of gradient descent) marked on the curve. `logY` uses a log scale.",
                examples: [
                    "let xs = Array(0...20).map { Double($0) / 10 }\nplot(x: xs, y: xs.map { $0 * $0 }, title: \"x squared\")",
                    "let xs = Array(0...20).map { Double($0) / 10 }\nplot(x: xs, y: [xs.map { $0 * $0 }, xs.map { $0 * $0 * $0 }], labels: [\"x²\", \"x³\"])",
                    "plot({ t in (t - 1) * (t - 1) }, from: -1, to: 3, points: [3, 1.4, 1.08], title: \"steps on f(t)\")",
                ])
        ) { [unowned stdlib] args in
            try stdlib.plot(args)
            return .void
        }
        interpreter.define(
            .function(
                "scatter(_ frame: Frame, x: String, y: String, color: String? = nil, title: String? = nil) | scatter(x: Tensor | [Double], y: Tensor | [Double], color: Tensor | [Int] | [String]? = nil, classes: [String] = [], title: String = \"\", xLabel: String = \"x\", yLabel: String = \"y\")",
                topic: BuiltinTopic.figures,
                "A scatter plot of two columns of a frame, one colour per value of the `color` column; or of two tensors (or arrays), one colour per value of `color` (class indices, named by `classes`, or labels).",
                examples: [
                    "scatter(readCSV(\"data/iris.csv\"), x: \"petal.length\", y: \"petal.width\", color: \"variety\")",
                    "seed(0)\nlet points = randn([40, 2])\nlet side = where(points[:, 0] > 0, 1.0, 0.0)\nscatter(x: points[:, 0], y: points[:, 1], color: side, classes: [\"left\", \"right\"])",
                ])
        ) { [unowned stdlib] args in
            try scatter(args, stdlib: stdlib)
            return .void
        }
        installFigures(into: interpreter, stdlib: stdlib)
    }

    /// Numbers from an array of numbers or a tensor (flattened).
    static func numbers(_ value: Value, _ what: String) throws -> [Double] {
        switch value {
        case .array(let items):
            return try items.map { item in
                guard let x = Convert.number(item) else {
                    throw NativeError("\(what) must hold numbers, got \(item.typeName)")
                }
                return x
            }
        case .native(let t as Tensor): return t.scalars
        case .range(let r):
            guard let lower = r.lower, let count = r.count, count <= 10_000_000 else {
                throw NativeError("\(what) must be a bounded range")
            }
            return (0..<count).map { Double(lower + $0) }
        default: throw NativeError("\(what) must be an array of numbers or a Tensor, got \(value.typeName)")
        }
    }

    /// `scatter(frame, x: "petal.length", y: "petal.width", color: "variety")`: one series per class.
    static func scatter(_ args: Arguments, stdlib: Stdlib) throws {
        if args.positionalCount == 0 { return try scatterPoints(args, stdlib: stdlib) }
        try args.expect("scatter(_:x:y:color:title:)")
        guard case .native(let object as FrameObject) = try args.value(0) else {
            throw NativeError("scatter's first argument must be a Frame", hint: "scatter(frame, x: \"a\", y: \"b\")")
        }
        guard let xName = try args.string("x"), let yName = try args.string("y") else {
            throw NativeError("scatter needs x: and y: column names")
        }
        let frame = object.frame
        let xs = try Convert.translatingErrors { try frame[xName].matrix().values }
        let ys = try Convert.translatingErrors { try frame[yName].matrix().values }
        var series: [ChartSpec.Series] = []
        if let colorName = try args.string("color") {
            let classes = try Convert.translatingErrors { try frame[colorName] }
            var order: [String] = []
            var points: [String: [ChartPoint]] = [:]
            for row in 0..<frame.count {
                let key = classes.value(at: row)?.printed ?? ""
                if points[key] == nil { order.append(key) }
                points[key, default: []].append(ChartPoint(x: xs[row], y: ys[row]))
            }
            series = order.map { ChartSpec.Series(name: $0, points: points[$0] ?? []) }
        } else {
            series = [ChartSpec.Series(name: yName, points: zip(xs, ys).map { ChartPoint(x: $0, y: $1) })]
        }
        let title = try args.string("title") ?? "\(yName) against \(xName)"
        stdlib.emit(.chart(ChartOutput(
            id: "", spec: ChartSpec(kind: .scatter, title: title, xLabel: xName, yLabel: yName, series: series))))
    }
}

extension ChartBuiltins {
    /// `scatter(x: xs, y: ys, color: labels, classes: names)`: points from tensors or arrays, one
    /// series per colour value in order of first appearance (class indices are named by `classes`).
    static func scatterPoints(_ args: Arguments, stdlib: Stdlib) throws {
        try args.expect("scatter(x:y:color:classes:title:xLabel:yLabel:)")
        guard let xValue = args.labeled("x"), let yValue = args.labeled("y") else {
            throw NativeError("scatter needs x: and y:", hint: "scatter(x: X[:, 0], y: X[:, 1], color: labels)")
        }
        let xs = try numbers(xValue, "scatter's x:"), ys = try numbers(yValue, "scatter's y:")
        guard xs.count == ys.count else { throw NativeError("scatter's x: has \(xs.count) values but y: has \(ys.count)") }
        let classes = try args.labeled("classes").map { try strings($0, "scatter's classes:") } ?? []
        var keys = Array(repeating: "points", count: xs.count)
        if let colour = args.labeled("color") {
            if case .array(let items) = colour, items.allSatisfy({ if case .string = $0 { return true } else { return false } }) {
                keys = items.map(\.printed)
            } else {
                keys = try numbers(colour, "scatter's color:").map { v in
                    let k = Int(exactly: v) ?? -1
                    return k >= 0 && k < classes.count ? classes[k] : NiceNumber.text(v)
                }
            }
            guard keys.count == xs.count else { throw NativeError("scatter's color: has \(keys.count) values but x: has \(xs.count)") }
        }
        var order: [String] = []
        var points: [String: [ChartPoint]] = [:]
        for (k, key) in keys.enumerated() {
            if points[key] == nil { order.append(key) }
            points[key, default: []].append(ChartPoint(x: xs[k], y: ys[k]))
        }
        stdlib.emit(.chart(ChartOutput(id: "", spec: ChartSpec(
            kind: .scatter, title: try args.string("title") ?? "", xLabel: try args.string("xLabel") ?? "x",
            yLabel: try args.string("yLabel") ?? "y", series: order.map { ChartSpec.Series(name: $0, points: points[$0] ?? []) }))))
    }
}

/// A number as a legend writes it: whole numbers without a decimal point.
enum NiceNumber {
    static func text(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}

extension Stdlib {
    /// `plot(x: xs, y: ys, title:, logY:)`, `y:` several series with `labels:`; `plot(history)`,
    /// `plot([h1, h2])` and `plot(f, from:, to:)` are in ChartBuiltins+Figures.swift.
    func plot(_ args: Arguments) throws {
        if args.positionalCount == 1 {
            switch try args.value(0) {
            case .native(let history as HistoryObject):
                try args.expect("plot(_:title:logY:)")
                var spec = history.chartSpec(logY: try args.bool("logY") ?? false)
                if let title = try args.string("title") { spec.title = title }
                emit(.chart(ChartOutput(id: "", spec: spec)))
                return
            case .array(let items):
                try plotHistories(items, args)
                return
            case .function(let function):
                try plotFunction(function, args)
                return
            default: break
            }
        }
        try args.expect("plot(x:y:labels:title:xLabel:yLabel:logY:)")
        guard let yValue = args.labeled("y") else {
            throw NativeError("plot needs y: (and usually x:)", hint: "plot(x: xs, y: ys) or plot(history)")
        }
        let columns = try ChartBuiltins.seriesValues(yValue)
        let labels = try args.labeled("labels").map { try ChartBuiltins.strings($0, "plot's labels:") } ?? []
        let xs = try args.labeled("x").map { try ChartBuiltins.numbers($0, "plot's x:") }
            ?? (columns.first ?? []).indices.map { Double($0) }
        let series = try columns.enumerated().map { k, ys in
            guard xs.count == ys.count else {
                throw NativeError("plot's x: has \(xs.count) values but y:\(columns.count > 1 ? " series \(k + 1)" : "") has \(ys.count)")
            }
            let name = k < labels.count ? labels[k] : (columns.count == 1 ? "y" : "series \(k + 1)")
            return ChartSpec.Series(name: name, points: zip(xs, ys).map { ChartPoint(x: $0, y: $1) })
        }
        let spec = ChartSpec(
            kind: .line, title: try args.string("title") ?? "", xLabel: try args.string("xLabel") ?? "x",
            yLabel: try args.string("yLabel") ?? "y", series: series, logY: try args.bool("logY") ?? false)
        emit(.chart(ChartOutput(id: "", spec: spec)))
    }
}
