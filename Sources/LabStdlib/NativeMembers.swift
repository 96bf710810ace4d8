import LabLanguage

/// The declarations of the members of frames, columns, models, optimizers and histories: the
/// lists their suggestions read and docs/library.md shows. (Tensors have `TensorMembers`.)
enum NativeMembers {
    /// `(owner, kind, signature, summary, example)` rows.
    private typealias Row = (String, BuiltinKind, String, String, String)

    private static let data: [Row] = [
        ("Frame", .property, "count: Int", "The number of rows.", "print(readCSV(\"data/iris.csv\").count)\n// expect: 150"),
        ("Frame", .property, "columns: [String]", "The column names, in file order.", "print(readCSV(\"data/iris.csv\").columns[0])\n// expect: sepal.length"),
        ("Frame", .method, "head(_ n: Int = 5) -> Frame", "The first `n` rows.", "print(readCSV(\"data/iris.csv\").head(3).count)\n// expect: 3"),
        ("Frame", .method, "tail(_ n: Int = 5) -> Frame", "The last `n` rows.", "print(readCSV(\"data/iris.csv\").tail(2).count)\n// expect: 2"),
        ("Frame", .method, "describe() -> Frame", "Statistics of every numeric column, as pandas' `describe()`: count, mean, standard deviation (n − 1), minimum, quartiles and maximum, one row each.", "let d = readCSV(\"data/iris.csv\").describe()\nprint(d.columns.count, d[\"statistic\"].unique().count, d[\"petal.width\"].max())\n// expect: 5 8 150.0"),
        ("Frame", .method, "split(trainFraction: Double) -> (Frame, Frame)", "Two frames: a random `trainFraction` of the rows (rounded down) and the rest, drawn from the session's generator. `stratifiedSplit` keeps each class's share.", "seed(0)\nlet (train, test) = readCSV(\"data/iris.csv\").split(trainFraction: 0.7)\nprint(train.count, test.count)\n// expect: 105 45"),
        ("Frame", .method, "tensor() -> Tensor", "The frame's numeric columns as a rows × columns tensor (an error for a text column).", "let iris = readCSV(\"data/iris.csv\")\nprint(iris[[\"petal.length\", \"petal.width\"]].tensor().shape)\n// expect: [150, 2]"),
        ("Frame", .method, "shuffled() -> Frame", "The rows in a random order drawn from the session's generator.", "seed(1)\nprint(readCSV(\"data/iris.csv\").shuffled().count)\n// expect: 150"),
        ("Frame", .method, "stratifiedSplit(by column: String, trainFraction: Double) -> (Frame, Frame)", "Two frames, each with about the fraction of every class of `column` (training, then the rest), rows drawn from the session's generator.", "seed(0)\nlet (train, test) = readCSV(\"data/iris.csv\").stratifiedSplit(by: \"variety\", trainFraction: 0.8)\nprint(train.count, test.count)\n// expect: 120 30"),
        ("Frame", .method, "subscript(_ column: String) -> Column | subscript(_ columns: [String]) -> Frame | subscript(_ rows: Column) -> Frame", "`frame[\"name\"]` is one column, `frame[[\"a\", \"b\"]]` a frame of those columns, `frame[frame[\"x\"] > 3]` the rows where a comparison holds.", "let iris = readCSV(\"data/iris.csv\")\nprint(iris[\"variety\"].count, iris[[\"sepal.width\"]].columns)\n// expect: 150 [\"sepal.width\"]"),
        ("Column", .property, "count: Int", "The number of values.", "print(readCSV(\"data/iris.csv\")[\"variety\"].count)\n// expect: 150"),
        ("Column", .property, "name: String", "The column's name.", "print(readCSV(\"data/iris.csv\")[\"variety\"].name)\n// expect: variety"),
        ("Column", .method, "unique() -> [String | Double | Bool]", "The distinct values, in the order they first appear.", "print(readCSV(\"data/iris.csv\")[\"variety\"].unique())\n// expect: [\"Setosa\", \"Versicolor\", \"Virginica\"]"),
        ("Column", .method, "codes() -> Tensor", "Each row's class index, its value's position in `unique()`, as an int64 tensor: the targets `CrossEntropyLoss` takes.", "let iris = readCSV(\"data/iris.csv\")\nlet y = iris[\"variety\"].codes()\nprint(y[[0, 50, 100]], y.dtype)\n// expect: tensor([0, 1, 2]) int64"),
        ("Column", .method, "mean() -> Double", "The mean of a numeric column.", "let m = readCSV(\"data/iris.csv\")[\"petal.length\"].mean()\nprint(round(m * 1000) / 1000)\n// expect: 3.758"),
        ("Column", .method, "std() -> Double", "The standard deviation of a numeric column, dividing by n − 1 (as pandas and `Tensor.std`).", "let s = readCSV(\"data/iris.csv\")[\"sepal.width\"].std()\nprint(round(s * 1000) / 1000)\n// expect: 0.436"),
        ("Column", .method, "min() -> Double", "The smallest value of a numeric column.", "print(readCSV(\"data/iris.csv\")[\"sepal.length\"].min())\n// expect: 4.3"),
        ("Column", .method, "max() -> Double", "The largest value of a numeric column.", "print(readCSV(\"data/iris.csv\")[\"sepal.length\"].max())\n// expect: 7.9"),
        ("Column", .method, "tensor() -> Tensor", "The values as a tensor of shape [count]; a comparison's Bools become 1 and 0.", "let iris = readCSV(\"data/iris.csv\")\nlet y = (iris[\"variety\"] == \"Setosa\").tensor()\nprint(y.shape, y.sum())\n// expect: [150] tensor(50.)"),
    ]

    private static let models: [Row] = [
        ("Module", .method, "parameters() -> [Tensor]", "The tensors an optimizer updates (for `Linear`, the weight then the bias), in order.", "seed(0)\nprint(Linear(2, 1).parameters().map { $0.shape })\n// expect: [[1, 2], [1]]"),
        ("Module", .method, "forward(_ x: Tensor) -> Tensor", "The same as calling the model, `model(x)`.", "print(ReLU().forward(tensor([-1.0, 1.0])))\n// expect: tensor([0., 1.])"),
        ("Module", .method, "train() -> Module", "Switches the model (every layer of a `Sequential`) to training behaviour, the default: `Dropout` drops, `BatchNorm1d` uses the batch's statistics. Returns the model.", "let model = Sequential(Linear(2, 2), Dropout(0.5))\nprint(model.eval().train().layers.count)\n// expect: 2"),
        ("Module", .method, "eval() -> Module", "Switches the model to evaluation behaviour: `Dropout` passes its input through, `BatchNorm1d` uses its running estimates. Returns the model.", "let drop = Dropout(0.9)\nprint(drop.eval()(ones([3])))\n// expect: tensor([1., 1., 1.])"),
        ("Sequential", .method, "subscript(_ index: Int) -> Module", "`model[i]`: the i-th layer (negative counts from the end).", "seed(0)\nlet model = Sequential(Linear(4, 8), ReLU(), Linear(8, 3))\nprint(model[0].outFeatures, model[-1].outFeatures)\n// expect: 8 3"),
        ("Linear", .property, "weight: Tensor { get set }", "The weight matrix, outFeatures × inFeatures, requiring grad. Assigning copies new values into it (inside `noGrad`), so an optimizer holding it sees them.", "seed(0)\nlet layer = Linear(2, 1)\nnoGrad {\n    layer.weight = tensor([[1.0, -1.0]])\n}\nprint(layer.weight.shape, layer(tensor([[3.0, 1.0]])) - layer.bias)\n// expect: [1, 2] tensor([[2.]], grad_fn=<SubBackward0>)"),
        ("Linear", .property, "bias: Tensor? { get set }", "The bias, one per output, or `nil` with `bias: false`; assignable like `weight`.", "print(Linear(3, 2, bias: false).bias)\n// expect: nil"),
        ("Linear", .property, "inFeatures: Int", "The number of inputs.", "print(Linear(3, 2).inFeatures)\n// expect: 3"),
        ("Linear", .property, "outFeatures: Int", "The number of outputs.", "print(Linear(3, 2).outFeatures)\n// expect: 2"),
        ("Sequential", .property, "layers: [Module]", "The layers, in order.", "print(Sequential(Linear(2, 2), ReLU()).layers.count)\n// expect: 2"),
        ("BatchNorm1d", .property, "weight: Tensor { get set }", "The learned scale, one per feature (ones at first).", "print(BatchNorm1d(3).weight)\n// expect: tensor([1., 1., 1.], requires_grad=True)"),
        ("BatchNorm1d", .property, "bias: Tensor { get set }", "The learned shift, one per feature (zeros at first).", "print(BatchNorm1d(2).bias.shape)\n// expect: [2]"),
        ("BatchNorm1d", .property, "runningMean: Tensor", "The running estimate of each feature's mean, used after `eval()`.", "print(BatchNorm1d(2).runningMean)\n// expect: tensor([0., 0.])"),
        ("BatchNorm1d", .property, "runningVariance: Tensor", "The running estimate of each feature's (unbiased) variance, used after `eval()`.", "print(BatchNorm1d(2).runningVariance)\n// expect: tensor([1., 1.])"),
        ("Optimizer", .method, "step()", "Updates every parameter from its `.grad` (parameters without a gradient are skipped).", "let w = tensor(1.0, requiresGrad: true)\nlet opt = SGD([w], lr: 0.5)\n(2 * w).backward()\nopt.step()\nprint(w.item)\n// expect: 0.0"),
        ("Optimizer", .method, "zeroGrad()", "Clears every parameter's gradient, before the next `backward()`.", "let w = tensor(1.0, requiresGrad: true)\nlet opt = SGD([w], lr: 0.5)\n(2 * w).backward()\nopt.zeroGrad()\nprint(w.grad)\n// expect: nil"),
        ("Optimizer", .property, "lr: Double { get set }", "The learning rate; assigning it changes later steps.", "let opt = Adam([tensor(1.0, requiresGrad: true)], lr: 0.1)\nopt.lr = 0.01\nprint(opt.lr)\n// expect: 0.01"),
        ("Optimizer", .property, "parameters: [Tensor]", "The tensors it updates.", "print(SGD([tensor(1.0, requiresGrad: true)]).parameters.count)\n// expect: 1"),
        ("History", .property, "name: String { get set }", "The history's name, the legend of its line when histories share a chart.", "let h = History()\nh.name = \"Adam\"\nprint(h.name)\n// expect: Adam"),
        ("History", .property, "count: Int", "The number of rows recorded.", "let h = History()\nh.record(epoch: 1, loss: 0.5)\nprint(h.count)\n// expect: 1"),
        ("History", .property, "columns: [String]", "The names given to `record`, in first-use order.", "let h = History()\nh.record(epoch: 1, loss: 0.5)\nprint(h.columns)\n// expect: [\"epoch\", \"loss\"]"),
        ("History", .method, "record(_ name: Double...)", "Adds a row of named numbers, such as `record(epoch: e, loss: loss.item)`; tensors of one element count as numbers.", "let h = History()\nh.record(epoch: 1, loss: tensor(0.25))\nprint(h[\"loss\"])\n// expect: tensor([0.2500])"),
        ("History", .method, "subscript(_ column: String) -> Tensor", "`h[\"loss\"]`: one column as a tensor.", "let h = History()\nh.record(epoch: 1, loss: 0.5)\nprint(h[\"epoch\"])\n// expect: tensor([1.])"),
    ]

    static let declarations: [Builtin] =
        data.map { declaration($0, topic: BuiltinTopic.dataMembers) }
        + models.map { declaration($0, topic: BuiltinTopic.modelMembers) }

    private static func declaration(_ row: Row, topic: String) -> Builtin {
        Builtin(row.1, of: row.0, row.2, topic: topic, row.3, examples: [row.4])
    }

    /// The declared member names of `owner` (and of `Module` for any model), for suggestions.
    static func names(of owners: String...) -> [String] {
        declarations.filter { owners.contains($0.owner ?? "") && $0.name != "subscript" }.map(\.name)
    }
}
