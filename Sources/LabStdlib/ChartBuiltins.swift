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
                "plot(x: [Double] | Tensor = 0..., y: [Double] | Tensor, title: String = \"\", xLabel: String = \"x\", yLabel: String = \"y\", logY: Bool = false) | plot(_ history: History, logY: Bool = false)",
                topic: BuiltinTopic.figures,
                "Draws a line chart in the cell's output (an SVG in the handout, a figure file beside the Markdown report): `y` against `x`, or a training history's loss per epoch; `logY` uses a log scale.",
                examples: ["let xs = Array(0...20).map { Double($0) / 10 }\nplot(x: xs, y: xs.map { $0 * $0 }, title: \"x squared\")"])
        ) { [unowned stdlib] args in
            try stdlib.plot(args)
            return .void
        }
        interpreter.define(
            .function(
                "scatter(_ frame: Frame, x: String, y: String, color: String? = nil, title: String? = nil)",
                topic: BuiltinTopic.figures,
                "A scatter plot of two columns of a frame, one colour per value of the `color` column.",
                examples: ["scatter(readCSV(\"data/iris.csv\"), x: \"petal.length\", y: \"petal.width\", color: \"variety\")"])
        ) { [unowned stdlib] args in
            try scatter(args, stdlib: stdlib)
            return .void
        }
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

extension Stdlib {
    /// `plot(x: xs, y: ys, title:, logY:)`; `plot(history)` is handled with histories.
    func plot(_ args: Arguments) throws {
        if args.positionalCount == 1, let history = try? historyObject(args.value(0)) {
            try args.expect("plot(_:logY:)")
            emit(.chart(ChartOutput(id: "", spec: history.chartSpec(logY: try args.bool("logY") ?? false))))
            return
        }
        try args.expect("plot(x:y:title:xLabel:yLabel:logY:)")
        guard let yValue = args.labeled("y") else {
            throw NativeError("plot needs y: (and usually x:)", hint: "plot(x: xs, y: ys) or plot(history)")
        }
        let ys = try ChartBuiltins.numbers(yValue, "plot's y:")
        let xs = try args.labeled("x").map { try ChartBuiltins.numbers($0, "plot's x:") }
            ?? ys.indices.map { Double($0) }
        guard xs.count == ys.count else {
            throw NativeError("plot's x: has \(xs.count) values but y: has \(ys.count)")
        }
        let points = zip(xs, ys).map { ChartPoint(x: $0, y: $1) }
        let spec = ChartSpec(
            kind: .line, title: try args.string("title") ?? "", xLabel: try args.string("xLabel") ?? "x",
            yLabel: try args.string("yLabel") ?? "y", series: [ChartSpec.Series(name: "y", points: points)],
            logY: try args.bool("logY") ?? false)
        emit(.chart(ChartOutput(id: "", spec: spec)))
    }
}
