import Foundation

/// The Mersenne Twister MT19937 (32-bit), seeded and consumed the way PyTorch's CPU generator is.
///
/// - `seed` initialises the state like `torch.manual_seed(seed)` (the low 32 bits of the seed, Knuth's
///   initialisation multiplier 1812433253).
/// - `nextUInt64()` is torch's `random64()`: two 32-bit draws, the first as the high half.
/// - `nextDouble()` is torch's `uniform_real_distribution<double>(0, 1)`: the low 53 bits of
///   `random64()` times 2⁻⁵³.
/// - `nextNormal()` is torch's `normal_distribution<double>`: Box–Muller on two `nextDouble()` draws
///   (u1 for the angle, u2 for the radius), returning r·cos θ and caching r·sin θ for the next call.
public struct MT19937: Sendable {
    private var state: [UInt32]
    private var next = 0
    private var cachedNormal: Double?
    /// The seed this generator was started from.
    public let seed: UInt64

    /// A generator in the state `torch.manual_seed(seed)` leaves PyTorch's CPU generator in.
    public init(seed: UInt64) {
        self.seed = seed
        var s = [UInt32](repeating: 0, count: 624)
        s[0] = UInt32(truncatingIfNeeded: seed)
        for j in 1..<624 {
            s[j] = 1_812_433_253 &* (s[j - 1] ^ (s[j - 1] >> 30)) &+ UInt32(j)
        }
        state = s
        next = 624
    }

    /// The next 32 random bits.
    public mutating func nextUInt32() -> UInt32 {
        if next >= 624 { twist() }
        var y = state[next]
        next += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// 64 random bits from two draws, the first as the high half (torch's `random64`).
    public mutating func nextUInt64() -> UInt64 {
        let hi = UInt64(nextUInt32())
        let lo = UInt64(nextUInt32())
        return (hi << 32) | lo
    }

    /// A uniform Double in [0, 1) with 53 random bits (torch's double uniform).
    public mutating func nextDouble() -> Double {
        Double(nextUInt64() & ((1 << 53) - 1)) * 0x1p-53
    }

    /// A standard normal draw (torch's `normal_distribution<double>`, with its cached second value).
    public mutating func nextNormal() -> Double {
        if let cached = cachedNormal {
            cachedNormal = nil
            return cached
        }
        let u1 = nextDouble()
        let u2 = nextDouble()
        let r = Foundation.sqrt(-2 * Foundation.log1p(-u2))
        let theta = 2 * Double.pi * u1
        cachedNormal = r * Foundation.sin(theta)
        return r * Foundation.cos(theta)
    }

    private mutating func twist() {
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7FFF_FFFF
        for i in 0..<624 {
            let y = (state[i] & upper) | (state[(i + 1) % 624] & lower)
            var v = state[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { v ^= 0x9908_B0DF }
            state[i] = v
        }
        next = 0
    }
}
