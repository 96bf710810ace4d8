import Foundation
import LabData
import LabLanguage
import LabOutput
import TensorCore

/// A data frame in lab code: rows of named columns read from a CSV file.
final class FrameObject: NativeObject {
    let frame: Frame
    unowned let stdlib: Stdlib

    init(_ frame: Frame, stdlib: Stdlib) {
        self.frame = frame
        self.stdlib = stdlib
    }

    var typeName: String { "Frame" }
    var printed: String { frame.description }

    func member(_ name: String) throws -> Value {
        switch name {
        case "count": return .int(frame.count)
        case "columns": return .array(frame.columns.map { .string($0) })
        case "head", "tail", "tensor", "shuffled", "stratifiedSplit", "split", "describe":
            return .function(Function(name: name) { [self] args in try callMethod(name, args) })
        default:
            throw NativeError(
                "value of type 'Frame' has no member '\(name)'",
                hint: Suggestions.hint(for: name, among: NativeMembers.names(of: "Frame")))
        }
    }

    func callMethod(_ name: String, _ args: Arguments) throws -> Value {
        try Convert.translatingErrors {
            switch name {
            case "head":
                try args.expect("head(_:)")
                let n = args.positionalCount > 0 ? try args.int(0) : 5
                return wrap(try frame.head(n))
            case "tail":
                try args.expect("tail(_:)")
                return wrap(try frame.tail(args.positionalCount > 0 ? try args.int(0) : 5))
            case "describe":
                try args.expect(labels: [], in: "describe")
                return wrap(try frame.describe())
            case "split":
                try args.expect("split(trainFraction:)")
                guard let fraction = try args.double("trainFraction") else { throw NativeError("split needs trainFraction:") }
                var rng = ContextRandom(context: stdlib.context)
                let (first, rest) = try frame.split(trainFraction: fraction, using: &rng)
                return .tuple([wrap(first), wrap(rest)])
            case "tensor":
                try args.expect(labels: [], in: "tensor")
                return .native(try DataBindings.tensor(try frame.matrix()))
            case "shuffled":
                try args.expect(labels: [], in: "shuffled")
                var rng = ContextRandom(context: stdlib.context)
                return wrap(frame.shuffled(using: &rng))
            case "stratifiedSplit":
                try args.expect("stratifiedSplit(by:trainFraction:)")
                guard let by = try args.string("by"), let fraction = try args.double("trainFraction") else {
                    throw NativeError("stratifiedSplit needs by: and trainFraction:")
                }
                var rng = ContextRandom(context: stdlib.context)
                let (first, rest) = try frame.stratifiedSplit(by: by, trainFraction: fraction, using: &rng)
                return .tuple([wrap(first), wrap(rest)])
            default:
                return try member(name)
            }
        }
    }

    func subscriptGet(_ arguments: [SubscriptArgument]) throws -> Value {
        try Convert.translatingErrors {
            guard arguments.count == 1, case .value(let key) = arguments[0] else {
                throw NativeError("a frame is subscripted by a column name or an array of names")
            }
            switch key {
            case .string(let name): return .native(ColumnObject(try frame[name]))
            case .native(let mask as ColumnObject): return wrap(try frame.filtered(by: mask.column))
            case .array(let items):
                let names = try items.map { item -> String in
                    guard case .string(let s) = item else { throw NativeError("column names must be Strings") }
                    return s
                }
                return wrap(try frame[names])
            default:
                throw NativeError("a frame is subscripted by a column name, an array of names or a row mask such as frame[frame[\"x\"] > 3], got \(key.typeName)")
            }
        }
    }

    private func wrap(_ frame: Frame) -> Value { .native(FrameObject(frame, stdlib: stdlib)) }

    /// The frame as a table output.
    func tableOutput() -> TableOutput {
        let table = frame.table()
        return TableOutput(columns: table.columns, rows: table.rows.map { $0.map(DataBindings.tableValue) })
    }
}

/// One column of a frame; comparing it with a value gives a Bool column.
final class ColumnObject: NativeObject {
    let column: Column

    init(_ column: Column) {
        self.column = column
    }

    var typeName: String { "Column" }
    var printed: String { column.description }

    func member(_ name: String) throws -> Value {
        switch name {
        case "count": return .int(column.count)
        case "name": return .string(column.name)
        case "tensor", "unique", "codes", "mean", "std", "min", "max":
            return .function(Function(name: name) { [self] args in try callMethod(name, args) })
        default:
            throw NativeError("value of type 'Column' has no member '\(name)'",
                              hint: Suggestions.hint(for: name, among: NativeMembers.names(of: "Column")))
        }
    }

    func callMethod(_ name: String, _ args: Arguments) throws -> Value {
        switch name {
        case "tensor":
            try args.expect(labels: [], in: name)
            return try Convert.translatingErrors { .native(try DataBindings.tensor(try column.matrix())) }
        case "unique":
            try args.expect(labels: [], in: name)
            return .array(column.uniqueValues().map(DataBindings.languageValue))
        case "codes":
            try args.expect(labels: [], in: name)
            let codes = try Tensor(column.codes().map(Double.init))
            codes.kind = .long
            return .native(codes)
        case "mean", "std", "min", "max":
            try args.expect(labels: [], in: name)
            return .double(try Convert.translatingErrors { try column.statistic(name) })
        default:
            return try member(name)
        }
    }

    func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        guard let comparison = DataBindings.comparison(op, selfOnLeft: selfOnLeft) else { return nil }
        let value: DataValue
        switch other {
        case .string(let s): value = .text(s)
        case .int(let i): value = .number(Double(i))
        case .double(let d): value = .number(d)
        case .bool(let b): value = .bool(b)
        default: return nil
        }
        return try Convert.translatingErrors { .native(ColumnObject(try column.compared(comparison, with: value))) }
    }
}

/// Shared pieces of the data bindings.
enum DataBindings {
    static func install(into interpreter: Interpreter, stdlib: Stdlib) {
        interpreter.define(
            .function(
                "readCSV(_ path: String) -> Frame", topic: BuiltinTopic.data,
                "Reads a CSV file with a header row into a data frame; the path is relative to the lab's folder and must stay inside it. Numbers become numeric columns, anything else text. Watch mode reruns from the cell that read a file when it changes.",
                examples: ["let iris = readCSV(\"data/iris.csv\")\nprint(iris.count, iris.columns.count)\n// expect: 150 5"])
        ) { [unowned stdlib] args in
            try args.expect("readCSV(_:)")
            let path = try args.string(0)
            stdlib.onDataFileRead(path)
            let directory = URL(fileURLWithPath: stdlib.labDirectory)
            return try Convert.translatingErrors { .native(FrameObject(
                    try readCSV(path: path, labDirectory: directory) { stdlib.context.isCancelled }, stdlib: stdlib)) }
        }
        installFrame(into: interpreter, stdlib: stdlib)
    }


    /// `Frame(("x", xs), ("label", names))`: a frame from named columns of numbers, text, Bools
    /// or 1-D tensors.
    static func installFrame(into interpreter: Interpreter, stdlib: Stdlib) {
        interpreter.define(
            .type(
                "Frame(_ columns: (String, [Double] | [String] | [Bool] | Tensor)...)", topic: BuiltinTopic.data,
                "A data frame made in code from named columns of equal length: numbers (or a 1-D tensor), text or Bools.",
                examples: ["let f = Frame((\"x\", [1.0, 2.0, 3.0]), (\"kind\", [\"a\", \"b\", \"a\"]))\nprint(f.count, f.columns, f[f[\"kind\"] == \"a\"].count)\n// expect: 3 [\"x\", \"kind\"] 2"])
        ) { [unowned stdlib] args in
            let columns = try args.items.enumerated().map { k, item -> Column in
                guard item.label == nil, case .tuple(let pair) = item.value, pair.count == 2, case .string(let name) = pair[0] else {
                    throw NativeError("Frame takes (name, values) pairs, as Frame((\"x\", xs), (\"y\", ys)); argument \(k + 1) is \(item.value.typeName)")
                }
                return try column(named: name, pair[1])
            }
            return .native(FrameObject(try Convert.translatingErrors { try Frame(columns) }, stdlib: stdlib))
        }
    }

    /// A column from an array of numbers, text or Bools, or a 1-D tensor.
    private static func column(named name: String, _ value: Value) throws -> Column {
        if case .native(let t as Tensor) = value {
            guard t.rank == 1 else { throw NativeError("column '\(name)' must be a 1-D tensor, got shape \(t.shape)") }
            return Column(name: name, numbers: t.scalars)
        }
        guard case .array(let items) = value else {
            throw NativeError("column '\(name)' must be an array or a 1-D tensor, got \(value.typeName)")
        }
        if items.allSatisfy({ if case .string = $0 { return true } else { return false } }), !items.isEmpty {
            return Column(name: name, text: items.map { if case .string(let s) = $0 { return s } else { return "" } })
        }
        if items.allSatisfy({ if case .bool = $0 { return true } else { return false } }), !items.isEmpty {
            return Column(name: name, bools: items.map { if case .bool(let b) = $0 { return b } else { return false } })
        }
        return Column(name: name, numbers: try items.map { item in
            guard let x = Convert.number(item) else {
                throw NativeError("column '\(name)' mixes kinds: it must hold only numbers, only Strings or only Bools")
            }
            return x
        })
    }

    static func tensor(_ matrix: Matrix) throws -> Tensor {
        try Tensor(matrix.values, shape: matrix.shape)
    }

    /// A cell as a language value: a Double, a String or a Bool.
    static func languageValue(_ value: DataValue) -> Value {
        switch value {
        case .number(let d): return .double(d)
        case .text(let s): return .string(s)
        case .bool(let b): return .bool(b)
        }
    }

    static func tableValue(_ value: DataValue) -> TableValue {
        switch value {
        case .number(let d): return .double(d)
        case .text(let s): return .text(s)
        case .bool(let b): return .bool(b)
        }
    }

    /// The comparison `column op value` (or `value op column`, mirrored).
    static func comparison(_ op: BinaryOperator, selfOnLeft: Bool) -> Comparison? {
        switch op {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return selfOnLeft ? .less : .greater
        case .lessEqual: return selfOnLeft ? .lessEqual : .greaterEqual
        case .greater: return selfOnLeft ? .greater : .less
        case .greaterEqual: return selfOnLeft ? .greaterEqual : .lessEqual
        default: return nil
        }
    }
}

/// The session's generator as a Swift random source, so data shuffles follow `seed(n)`.
struct ContextRandom: RandomNumberGenerator {
    let context: TensorContext

    mutating func next() -> UInt64 { context.generator.nextUInt64() }
}
