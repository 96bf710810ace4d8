import Dispatch

/// Splits the loops of elementwise operations on large tensors between threads, as many as
/// OpenBLAS uses (`BLASThreads.available`: all cores, or `OPENBLAS_NUM_THREADS`), so one knob
/// sets the threads of a run. Each element is still computed by one thread with the same
/// operations, so results are the same to the bit whatever the thread count.
enum ParallelLoop {
    /// The least work (elements) per thread; below twice this a loop runs on the calling thread.
    /// Measured on two cores (bench/scale/run 3 2): 2¹⁷ made the 10,000-row epochs 15–35% slower
    /// (waking a worker costs more than half a loop of that size saves, and OpenBLAS's threads
    /// spin between products); at 2¹⁹ only tensors of a million elements or more are split.
    static let grain = 1 << 19
    /// The most threads a loop uses (tests change it to compare thread counts).
    nonisolated(unsafe) static var maxThreads = BLASThreads.available

    /// Calls `body` with ranges that together cover `0..<count` once, on several threads when
    /// `work` (elements touched, by default `count`) is large enough. `body` must write only
    /// what its range owns.
    @inline(__always)
    static func forEach(_ count: Int, work: Int? = nil, _ body: (Range<Int>) -> Void) {
        // The size first: a small loop (every op of the lecture's 135-element tensors) reads no global.
        let total = work ?? count
        guard total >= 2 * grain else { return body(0..<count) }
        let parts = Swift.min(maxThreads, Swift.min(count, total / grain))
        guard parts > 1 else { return body(0..<count) }
        split(count, parts: parts, body)
    }

    @inline(never)
    private static func split(_ count: Int, parts: Int, _ body: (Range<Int>) -> Void) {
        withoutActuallyEscaping(body) { body in
            let shared = SharedBody(body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                shared.run(count * part / parts..<count * (part + 1) / parts)
            }
        }
    }
}

/// A loop body handed to worker threads; each call gets a range of its own.
private final class SharedBody: @unchecked Sendable {
    let run: (Range<Int>) -> Void
    init(_ run: @escaping (Range<Int>) -> Void) { self.run = run }
}
