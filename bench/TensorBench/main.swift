import Foundation
import TensorCore

// The lecture's "hard way" epoch written directly against TensorCore, and matmul throughput.
// Run: swift run -c release TensorBench

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The lecture's data, as `hardWayBenchmark` and `studentBenchmark` use it.
func lectureData() throws -> (X: Tensor, y: Tensor) {
    // 135×4 data with fixed numbers and 0/1 targets, as in the lecture's iris subset.
    var generator = MT19937(seed: 1)
    let rows = 135
    let features = (0..<(rows * 4)).map { _ in generator.nextDouble() * 6 }
    let labels = (0..<rows).map { i in Double(i % 3 == 0 ? 1 : 0) }
    return (try Tensor(features, shape: [rows, 4]), try Tensor(labels))
}

/// `epochs` runs of `epoch` after a warm-up, timed in blocks of 5,000: the best block is the
/// machine's speed without the noise of other processes (this is a shared 2-core VM), the median
/// what a typical run sees. Returns (best, median) µs per epoch and the last loss.
func timeEpochs(_ epochs: Int, _ epoch: () throws -> Double) rethrows -> (Double, Double, Double) {
    for _ in 0..<Swift.min(2000, epochs) { _ = try epoch() }
    var last = 0.0
    let block = Swift.min(5_000, epochs)
    var perEpoch: [Double] = []
    for _ in 0..<Swift.max(1, epochs / block) {
        let t = try seconds { for _ in 0..<block { last = try epoch() } }
        perEpoch.append(t / Double(block) * 1e6)
    }
    perEpoch.sort()
    return (perEpoch[0], perEpoch[perEpoch.count / 2], last)
}

/// `--epochs N` shortens a run (e.g. under valgrind --tool=callgrind).
let epochArgument = CommandLine.arguments.firstIndex(of: "--epochs")
    .flatMap { CommandLine.arguments.dropFirst($0 + 1).first }.flatMap { Int($0) }

/// b₀ + b₁·X[:, 0] + … + b₄·X[:, 3], as the lecture's loops compute the logits.
func logits(_ b: [Tensor], _ X: Tensor) throws -> Tensor {
    var z = try b[0] + b[1] * X.index([.all, .at(0)])
    for k in 1..<4 { z = try z + b[k + 1] * X.index([.all, .at(k)]) }
    return z
}

/// One step of gradient descent on the five scalars, gradients reset.
func step(_ b: [Tensor], lr: Double) throws {
    try withNoGrad {
        for p in b {
            try p.addInPlace(p.existingGrad(), alpha: -lr)
            p.grad = nil
        }
    }
}

/// The hard way as a student writes it before the lecture shows `BCEWithLogitsLoss`: a sigmoid,
/// then the mean negative log-likelihood spelled out (bench/lecture/student-hard-way.md's loop).
func studentBenchmark() throws {
    let (X, y) = try lectureData()
    let b = (0..<5).map { _ in Tensor(0.0, requiresGrad: true) }
    let lr = 0.01
    let (best, median, last) = try timeEpochs(epochArgument ?? 50_000) {
        let p = try logits(b, X).sigmoid()
        let loss = try (y * p.log() + (1 - y) * (1 - p).log()).mean().negated()
        try loss.backward()
        try step(b, lr: lr)
        return try loss.item
    }
    print(String(format: "student's hard way (sigmoid, log-likelihood written out): best %.2f µs/epoch, median %.2f (loss %.4f)",
                 best, median, last))
}

func hardWayBenchmark() throws {
    let (X, y) = try lectureData()
    let b = (0..<5).map { _ in Tensor(0.0, requiresGrad: true) }
    let lr = 0.01
    func epoch() throws -> Double {
        let loss = try Tensor.binaryCrossEntropyWithLogits(logits(b, X), y)
        try loss.backward()
        try step(b, lr: lr)
        return try loss.item
    }
    if CommandLine.arguments.contains("--parts") {
        for _ in 0..<2000 { _ = try epoch() }
        try printParts(X: X, y: y, b: b)
    }
    let (best, median, last) = try timeEpochs(epochArgument ?? 50_000, epoch)
    print(String(format: "hard-way epoch (135x4, 5 scalar params, BCE with logits): best %.2f µs/epoch, median %.2f (loss %.4f)",
                 best, median, last))
}

/// Times the pieces of an epoch separately; each piece includes releasing what it made (the graph,
/// when one is recorded).
func printParts(X: Tensor, y: Tensor, b: [Tensor]) throws {
    let n = 50_000
    let cols = try (0..<4).map { try X.index([.all, .at($0)]) }
    func linear() throws -> Tensor {
        var z = try b[0] + b[1] * cols[0]
        for k in 1..<4 { z = try z + b[k + 1] * cols[k] }
        return z
    }
    func perCall(_ body: () throws -> Void) throws -> Double {
        try seconds { for _ in 0..<n { try body() } } / Double(n) * 1e6
    }
    let index = try perCall { for k in 0..<4 { _ = try X.index([.all, .at(k)]) } }
    let forward = try perCall { _ = try Tensor.binaryCrossEntropyWithLogits(linear(), y) }
    let noGraph = try withNoGrad { try perCall { _ = try Tensor.binaryCrossEntropyWithLogits(linear(), y) } }
    let linearOnly = try perCall { _ = try linear() }
    let zFixed = try withNoGrad { try linear() }
    let lossOnly = try perCall { _ = try Tensor.binaryCrossEntropyWithLogits(zFixed, y) }
    let backward = try perCall {
        try Tensor.binaryCrossEntropyWithLogits(linear(), y).backward()
        for p in b { p.grad = nil }
    }
    let kept = try Tensor.binaryCrossEntropyWithLogits(linear(), y)
    let backwardOnly = try perCall {
        try kept.backward(retainGraph: true)
        for p in b { p.grad = nil }
    }
    print(String(format: "backward alone (retained graph) %.2f", backwardOnly))
    print(String(format: "parts (µs): 4 index %.2f, z %.2f, loss alone %.2f, forward %.2f (no graph %.2f), forward+backward %.2f",
                 index, linearOnly, lossOnly, forward, noGraph, backward))
}

func matmulBenchmark(_ n: Int) throws {
    let a = try Tensor.rand([n, n]), b = try Tensor.rand([n, n])
    _ = try a.matmul(b)
    // The best of ten products, as bench/tensor/numpy_reference.py times numpy's.
    var best = Double.infinity
    for _ in 0..<10 { best = Swift.min(best, try seconds { _ = try a.matmul(b) }) }
    let gflops = 2 * Double(n * n * n) / best / 1e9
    print(String(format: "matmul %dx%d: %.1f GFLOP/s", n, n, gflops))
}

let only = CommandLine.arguments.dropFirst().first
if only == nil || only == "hardway" { try hardWayBenchmark() }
if only == nil || only == "student" { try studentBenchmark() }
if only == nil || only == "matmul" {
    try matmulBenchmark(512)
    try matmulBenchmark(1024)
}
