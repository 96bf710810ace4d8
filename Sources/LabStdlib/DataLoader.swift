import LabLanguage
import TensorCore

/// Mini-batches of paired rows, `for (xb, yb) in DataLoader(x: X, y: y, batchSize: 16, shuffle: true)`,
/// as PyTorch's `DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True)`.
///
/// Each pass draws its order as PyTorch does, so a seeded lab gets PyTorch's batches: the loader's
/// iterator takes one int64 draw (its base seed, unused here), the sampler a second, which seeds a
/// generator of its own for `randperm(n)`. The last batch may be smaller.
final class DataLoaderObject: NativeObject {
    let inputs: Tensor
    let targets: Tensor
    let batchSize: Int
    let shuffle: Bool
    let context: TensorContext

    init(inputs: Tensor, targets: Tensor, batchSize: Int, shuffle: Bool, context: TensorContext) {
        self.inputs = inputs
        self.targets = targets
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.context = context
    }

    var typeName: String { "DataLoader" }

    var printed: String {
        "DataLoader(rows: \(inputs.shape[0]), batchSize: \(batchSize), shuffle: \(shuffle), batches: \(batchCount))"
    }

    /// The number of batches in a pass (`len(loader)`).
    var batchCount: Int { (inputs.shape[0] + batchSize - 1) / batchSize }

    func member(_ name: String) throws -> Value {
        switch name {
        case "count": return .int(batchCount)
        case "batchSize": return .int(batchSize)
        default:
            throw NativeError("value of type 'DataLoader' has no member '\(name)'",
                              hint: Suggestions.hint(for: name, among: ["count", "batchSize"]))
        }
    }

    func iterationElements() throws -> [Value]? {
        let rows = inputs.shape[0]
        var order = Array(0..<rows)
        if shuffle {
            // int64 `random_()` draws: 64 bits modulo 2⁶³.
            _ = context.generator.nextUInt64() % (1 << 63)
            let samplerSeed = context.generator.nextUInt64() % (1 << 63)
            var own = MT19937(seed: samplerSeed)
            let permutation = try Convert.translatingErrors { try Tensor.randperm(rows, generator: &own) }
            order = permutation.scalars.map { Int($0) }
        }
        return try Convert.translatingErrors {
            try stride(from: 0, to: rows, by: batchSize).map { start in
                let positions = Array(order[start..<min(start + batchSize, rows)])
                return .tuple([.native(try inputs.select(positions: positions, dim: 0)),
                               .native(try targets.select(positions: positions, dim: 0))])
            }
        }
    }

    static let declaration = Builtin.type(
        "DataLoader(x: Tensor, y: Tensor, batchSize: Int, shuffle: Bool = false)", topic: BuiltinTopic.training,
        "Mini-batches of matching rows of `x` and `y`: `for (xb, yb) in loader { … }` visits `loader.count` batches of `batchSize` rows (the last may be smaller). With `shuffle: true` every pass takes a new order from the session's generator, as PyTorch's `DataLoader(TensorDataset(x, y), batch_size:, shuffle: True)` does after the same `seed`.",
        examples: ["seed(0)\nlet X = arange(10).reshape([10, 1])\nlet loader = DataLoader(x: X, y: arange(10), batchSize: 4, shuffle: true)\nfor (xb, yb) in loader { print(yb) }\nprint(loader.count)\n// expect: tensor([6., 7., 1., 4.])\n// expect: tensor([2., 0., 9., 8.])\n// expect: tensor([3., 5.])\n// expect: 3"])

    static func install(into interpreter: Interpreter, context: TensorContext) {
        interpreter.define(declaration) { args in
            try args.expect("DataLoader(x:y:batchSize:shuffle:)")
            guard let x = args.labeled("x"), let y = args.labeled("y"), let batchSize = try args.int("batchSize") else {
                throw NativeError("DataLoader needs x:, y: and batchSize:", hint: "DataLoader(x: X, y: y, batchSize: 16, shuffle: true)")
            }
            let inputs = try Convert.tensor(x, "DataLoader's x:"), targets = try Convert.tensor(y, "DataLoader's y:")
            guard inputs.rank > 0, targets.rank > 0, inputs.shape[0] == targets.shape[0] else {
                throw NativeError("DataLoader's x: and y: must have the same number of rows, got shapes \(inputs.shape) and \(targets.shape)")
            }
            guard batchSize > 0 else { throw NativeError("batchSize must be positive, got \(batchSize)") }
            return .native(DataLoaderObject(inputs: inputs, targets: targets, batchSize: batchSize,
                                            shuffle: try args.bool("shuffle") ?? false, context: context))
        }
    }
}
