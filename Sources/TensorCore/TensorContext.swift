import Foundation

/// A session's tensor state: grad mode, random generator, element limit and cancellation flag.
///
/// There is no process-wide mutable state: each thread sees the context installed on it with
/// `withCurrent(_:)` (or a private default one per thread), so two labs on two threads never
/// interfere. Everything but `isCancelled` must be used from the thread running the context.
public final class TensorContext: @unchecked Sendable {
    /// Whether operations record a graph (off inside `withNoGrad`).
    public var isGradEnabled: Bool {
        get { gradEnabled }
        set { gradEnabled = newValue }
    }
    // Stored apart from the public accessor, which other modules call: they would otherwise read
    // the stored property directly, with a run-time exclusivity check each time (see `Tensor.grad`).
    @exclusivity(unchecked) internal var gradEnabled = true
    /// The largest number of elements any tensor may have.
    public var maxElements: Int = 100_000_000
    /// The most bytes of freed large element blocks that the thread running this context keeps for
    /// the next tensors of their size (a training step's results reuse the last step's memory
    /// instead of faulting in fresh pages); the oldest go back to the system past it.
    public var maxCachedBytes: Int = TensorContext.defaultMaxCachedBytes
    /// 2 GiB, or an eighth of the machine's memory if that is less.
    public static let defaultMaxCachedBytes = Swift.min(2 << 30, Int(clamping: ProcessInfo.processInfo.physicalMemory / 8))

    /// Gives the large blocks the current thread keeps for reuse back to the system (the session
    /// does when a cell ends).
    public func releaseCachedBlocks() { BlockPool.releaseCachedBlocks() }
    /// Numbers the backward passes, so a trace knows which pass a node's record came from.
    @exclusivity(unchecked) private var backwardPasses = 0
    /// The random generator (MT19937 seeded as torch.manual_seed seeds it).
    public var generator: MT19937

    /// The seed of `backward()` on a scalar (shared: see `runBackward`).
    let scalarOne = Tensor(1.0)

    /// Lists the backward pass reuses, so a pass allocates no bookkeeping.
    @exclusivity(unchecked) private var scratch: [TensorScratch] = []

    private let cancelLock = NSLock()
    private var cancelled = false

    /// A fresh context with grad mode on, the default limit, and the generator seeded with `seed`.
    public init(seed: UInt64 = 67_280_421_310_721) {
        generator = MT19937(seed: seed)
    }

    /// Set from any thread to stop long operations of this context (they throw a cancellation error).
    public var isCancelled: Bool {
        get { cancelLock.lock(); defer { cancelLock.unlock() }; return cancelled }
        set { cancelLock.lock(); cancelled = newValue; cancelLock.unlock() }
    }

    /// Reseeds the generator, as `torch.manual_seed(seed)`.
    public func seed(_ seed: UInt64) {
        generator = MT19937(seed: seed)
    }

    /// Runs `body` with this context installed as the current one on this thread.
    public func withCurrent<R>(_ body: () throws -> R) rethrows -> R {
        let previous = ThreadSlot.context.value
        ThreadSlot.context.value = Unmanaged.passUnretained(self).toOpaque()
        defer { ThreadSlot.context.value = previous }
        return try withExtendedLifetime(self) { try body() }
    }

    /// Runs `body` with graph recording off, restoring the previous mode afterwards.
    public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
        let saved = isGradEnabled
        isGradEnabled = false
        defer { isGradEnabled = saved }
        return try body()
    }

    /// Runs `body` with graph recording set to `enabled`.
    public func withGradMode<R>(_ enabled: Bool, _ body: () throws -> R) rethrows -> R {
        let saved = isGradEnabled
        isGradEnabled = enabled
        defer { isGradEnabled = saved }
        return try body()
    }

    /// The current context's `maxCachedBytes`, without making a default context on a thread that
    /// has none (a block may be freed while the thread exits).
    static var currentMaxCachedBytes: Int {
        guard let raw = ThreadSlot.context.value ?? ThreadSlot.defaultContext.value else { return defaultMaxCachedBytes }
        return Unmanaged<TensorContext>.fromOpaque(raw)._withUnsafeGuaranteedRef { $0.maxCachedBytes }
    }

    /// The context installed on this thread, or this thread's own default context.
    public static var current: TensorContext {
        if let installed: TensorContext = ThreadSlot.context.object() { return installed }
        if let own: TensorContext = ThreadSlot.defaultContext.object() { return own }
        return ThreadSlot.defaultContext.install(TensorContext(), owner: defaultContextKey)
    }

    /// Runs `body` with the current context (see `current`) without retaining it: the installing
    /// `withCurrent` or the thread's slot keeps it alive meanwhile, and a retain and release (two
    /// atomic operations) per tensor operation were a noticeable part of a small one.
    @inline(__always)
    static func withCurrentUnretained<R>(_ body: (TensorContext) throws -> R) rethrows -> R {
        if let raw = ThreadSlot.context.value ?? ThreadSlot.defaultContext.value {
            return try Unmanaged<TensorContext>.fromOpaque(raw)._withUnsafeGuaranteedRef(body)
        }
        return try body(current)
    }

    /// Whether the current context records graphs (read without retaining it).
    static var isGradEnabledNow: Bool {
        @inline(__always) get { withCurrentUnretained { $0.gradEnabled } }
    }

    /// A fresh backward pass number (never 0).
    func nextBackwardPass() -> Int {
        backwardPasses &+= 1
        if backwardPasses == 0 { backwardPasses = 1 }
        return backwardPasses
    }

    /// An empty scratch list, reused from an earlier pass when one was given back.
    func takeScratch() -> TensorScratch {
        scratch.popLast() ?? TensorScratch()
    }

    /// Keeps `list` (emptied) for the next `takeScratch()`.
    func recycle(_ list: TensorScratch) {
        list.removeAll()
        guard scratch.count < 4, list.isSmall else { return }
        scratch.append(list)
    }

    /// Throws when `count` exceeds the element limit.
    @inline(__always)
    func checkLimit(_ count: Int) throws {
        if count > maxElements {
            throw TensorError(
                "a tensor of \(count) elements exceeds the limit of \(maxElements) elements (raise the limit to allow it)")
        }
    }

    /// Throws a cancellation error when the flag is set.
    func checkCancelled() throws {
        if isCancelled { throw TensorError("the computation was cancelled (time limit)", isCancellation: true) }
    }
}

/// Runs `body` with graph recording off in the current context (PyTorch's `torch.no_grad()`).
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
    try TensorContext.current.withNoGrad(body)
}

/// Releases the thread's default context when the thread exits.
private let defaultContextKey = ThreadSlot.makeOwningKey()
