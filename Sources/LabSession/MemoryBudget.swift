import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How much memory labrun's labs may use, and how much the process uses now.
///
/// The budget defaults to 80% of the least of the machine's memory, the control group's limit and
/// RLIMIT_AS: the most the process may have before the system refuses an allocation or its
/// out-of-memory killer ends a process (perhaps another one on a shared machine).
public enum MemoryBudget {
    /// The default budget in bytes.
    public static func defaultBytes() -> Int {
        var limits = [Int(clamping: ProcessInfo.processInfo.physicalMemory)]
        if let cgroup = controlGroupLimit() { limits.append(cgroup) }
        #if canImport(Glibc)
            let addressSpace = Int32(RLIMIT_AS.rawValue)
        #else
            let addressSpace = RLIMIT_AS
        #endif
        var limit = rlimit()
        // No limit reads as the largest rlim_t (RLIM_INFINITY).
        if getrlimit(addressSpace, &limit) == 0, limit.rlim_cur != rlim_t.max {
            limits.append(Int(clamping: limit.rlim_cur))
        }
        return Int(Double(limits.min() ?? Int.max) * 0.8)
    }

    /// The memory limit of the process's control group (cgroup v2, then v1), if one is set.
    static func controlGroupLimit() -> Int? {
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            // cgroup v2 says "max" for none; v1 a huge number.
            if let bytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes < 1 << 50 { return bytes }
        }
        return nil
    }

    /// The process's resident memory in bytes, or nil where it cannot be read.
    public static func residentBytes() -> Int? {
        #if canImport(Darwin)
            var info = mach_task_basic_info()
            var count = mach_msg_type_number_t(MemoryLayout<mach_task_basic_info>.size / MemoryLayout<natural_t>.size)
            let result = withUnsafeMutablePointer(to: &info) {
                $0.withMemoryRebound(to: integer_t.self, capacity: Int(count)) {
                    task_info(mach_task_self_, task_flavor_t(MACH_TASK_BASIC_INFO), $0, &count)
                }
            }
            return result == KERN_SUCCESS ? Int(info.resident_size) : nil
        #else
            // /proc files report a size of 0, so read with read(2), not a whole-file reader.
            let descriptor = open("/proc/self/statm", O_RDONLY)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: 128)
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { return nil }
            let fields = String(decoding: buffer[..<count], as: UTF8.self).split(separator: " ")
            guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
            return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #endif
    }

    /// Parses `512M`, `4G`, `2.5GB`, `1000000` (bytes; K, M, G, T are powers of 1024).
    public static func parse(_ text: String) -> Int? {
        var number = text.trimmingCharacters(in: .whitespaces).uppercased()
        if number.hasSuffix("B") { number.removeLast() }
        let units: [Character: Double] = ["K": 1024, "M": 1_048_576, "G": 1_073_741_824, "T": 1_099_511_627_776]
        var scale = 1.0
        if let last = number.last, let unit = units[last] {
            scale = unit
            number.removeLast()
        }
        guard let value = Double(number), value.isFinite, value > 0, value * scale < Double(Int.max) else { return nil }
        return Int(value * scale)
    }
}

/// Samples the process's memory every 50 ms while a cell runs and calls `exceeded` once when it is
/// above `limit` bytes. A cell fails at the next place it looks at its cancellation flag, which
/// loops and long operations do often.
final class MemoryWatch: @unchecked Sendable {
    private let timer: DispatchSourceTimer
    private let lock = NSLock()
    private var didFire = false
    private var stopped = false

    init(limit: Int, exceeded: @escaping @Sendable () -> Void) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        timer.schedule(deadline: .now() + .milliseconds(50), repeating: .milliseconds(50))
        timer.setEventHandler { [weak self] in
            guard let self, let used = MemoryBudget.residentBytes(), used > limit else { return }
            // Under the lock, so `stop()` and a late sample never both act.
            lock.withLock {
                guard !stopped, !didFire else { return }
                didFire = true
                exceeded()
            }
        }
        timer.resume()
    }

    /// Whether the limit was passed while the cell ran.
    var fired: Bool { lock.withLock { didFire } }

    /// Stops sampling; after it returns, `exceeded` is not called again.
    func stop() {
        lock.withLock { stopped = true }
        timer.cancel()
    }

    deinit { timer.cancel() }
}
