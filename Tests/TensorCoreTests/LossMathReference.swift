import Foundation

// The Swift element math the fused BCE loss used before its loops moved to C (CKernels), kept here
// unchanged as the reference the C kernels must match bit for bit on every path.

/// ln 2 split so that k·ln2Hi is exact for |k| < 2¹¹ (fdlibm's constants).
private let ln2Hi = 6.93147180369123816490e-01
private let ln2Lo = 1.90821492927058770002e-10
private let invLn2 = 1.44269504088896338700e+00
/// 1.5·2⁵²: adding it rounds a number of magnitude < 2⁵¹ to an integer held in the low mantissa bits.
private let roundingShift = 6_755_399_441_055_744.0

/// e^x for x ≤ 0 (0 below −745.2, where e^x is below the smallest subnormal; NaN stays NaN).
func referenceExpNonPositive(_ x: Double) -> Double {
    // Below −708 the result is subnormal; clamping there and scaling in two steps keeps 2^k normal.
    let clamped = Swift.max(x, -746.0)
    let shifted = clamped * invLn2 + roundingShift
    let k = shifted - roundingShift
    let r = (clamped - k * ln2Hi) - k * ln2Lo  // |r| ≤ ln2/2
    // Taylor series to r¹³/13!: the first omitted term is below 2⁻⁶⁰ for |r| ≤ 0.347.
    var p = 1.0 / 6_227_020_800
    p = p * r + 1.0 / 479_001_600
    p = p * r + 1.0 / 39_916_800
    p = p * r + 1.0 / 3_628_800
    p = p * r + 1.0 / 362_880
    p = p * r + 1.0 / 40_320
    p = p * r + 1.0 / 5_040
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    // 2^(k+64) from the exponent bits (k ≥ −1075, so k + 64 + 1023 > 0), then 2⁻⁶⁴ exactly.
    let bits = (shifted.bitPattern &+ UInt64(1023 + 64)) << 52
    let scaled = p * Double(bitPattern: bits) * 0x1p-64
    return x < -745.2 ? 0 : scaled
}

/// log(1 + e) for 0 ≤ e ≤ 1 (NaN stays NaN).
func referenceLog1pUnit(_ e: Double) -> Double {
    let u = 1 + e
    // 1 + e lost the low bits of e: u − 1 − e is the exact error, and log(1 + e) = log u − c/u to
    // far below an ulp.
    let c = (u - 1) - e
    // u = 2^k·m with m in [√½, √2]: m − 1 is exact (Sterbenz), and log(m) = 2·atanh(s) with
    // s = f/(2 + f), |s| ≤ 0.1716, written as f − s·(f − R) so the exact f carries the result.
    let upper = u > 1.4142135623730951
    let m = upper ? u * 0.5 : u
    let k = upper ? 1.0 : 0.0
    let f = m - 1
    let s = f / (2 + f)
    let z = s * s
    // R ≈ Σ 2zⁱ/(2i+1): fdlibm's minimax coefficients (e_log.c's Lg1…Lg7), |error| < 2⁻⁵⁸·⁴⁵
    // on this interval, three terms fewer than the Taylor series needs.
    var q = 1.479819860511658591e-01
    q = q * z + 1.531383769920937332e-01
    q = q * z + 1.818357216161805012e-01
    q = q * z + 2.222219843214978396e-01
    q = q * z + 2.857142874366239149e-01
    q = q * z + 3.999999999940941908e-01
    q = q * z + 6.666666666666735130e-01
    let r = q * z
    let logM = f - s * (f - r)
    return k * ln2Hi + (logM + (k * ln2Lo - c / u))
}

/// The forward loop as the Swift loss computed it: (e^−|x|, max(x,0) − x·y + log1p(e^−|x|)).
func referenceForward(_ x: Double, _ y: Double) -> (exp: Double, term: Double) {
    let e = referenceExpNonPositive(-Swift.abs(x))
    return (e, Swift.max(x, 0) - x * y + referenceLog1pUnit(e))
}

/// The backward loop as the Swift loss computed it: (σ(x) − y)·f from e = e^−|x|.
func referenceGradient(_ x: Double, _ y: Double, _ e: Double, _ f: Double) -> Double {
    let s = x >= 0 ? 1 / (1 + e) : e / (1 + e)
    return (s - y) * f
}
