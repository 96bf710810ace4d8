#include "kernels.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

// Reports must be byte-identical on every machine, so every path rounds after each operation: no
// fused multiply-add (clang fuses a*b+c by default where the target has FMA, e.g. every arm64), no
// -ffast-math, and no target with FMA below. The Swift loops these replace never fused either.
#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

// e^-|x| and log1p(e^-|x|) are straight-line arithmetic rather than two libm calls per element (the
// calls were a fifth of a training epoch), so the loops inline and vectorise them. Both stay within
// 1 ulp of the exact result (the tests check them against glibc), as PyTorch's own vectorised CPU
// kernels (SLEEF's 1-ulp exp and log1p) do; glibc's correctly rounded results differ from either in
// the last bit at most.

// ln 2 split so that k*LN2_HI is exact for |k| < 2^11 (fdlibm's constants).
#define LN2_HI 6.93147180369123816490e-01
#define LN2_LO 1.90821492927058770002e-10
#define INV_LN2 1.44269504088896338700e+00
// 1.5*2^52: adding it rounds a number of magnitude < 2^51 to an integer held in the low mantissa bits.
#define ROUNDING_SHIFT 6755399441055744.0

static inline uint64_t bits_of(double d) {
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static inline double double_of(uint64_t u) {
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

// The maximum as Swift.max(a, b) computes it (b when b >= a, else a): a NaN in a stays NaN, and
// max(-0, +0) is +0. The element math below keeps the Swift code's exact choices and order.
static inline double max_keeping_nan(double a, double b) { return b >= a ? b : a; }

// e^x for x <= 0: Cody-Waite reduction x = k*ln2 + r, a Taylor polynomial for e^r, then 2^k.
static inline double exp_nonpositive(double x) {
    // Below -708 the result is subnormal; clamping there and scaling in two steps keeps 2^k normal.
    double clamped = max_keeping_nan(x, -746.0);
    double shifted = clamped * INV_LN2 + ROUNDING_SHIFT;
    double k = shifted - ROUNDING_SHIFT;
    double r = (clamped - k * LN2_HI) - k * LN2_LO; // |r| <= ln2/2
    // Taylor series to r^13/13!: the first omitted term is below 2^-60 for |r| <= 0.347.
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // 2^(k+64) from the exponent bits (k >= -1075, so k + 64 + 1023 > 0), then 2^-64 exactly.
    // Unsigned arithmetic wraps, as Swift's &+ and << do, for inputs outside the domain.
    double power = double_of((bits_of(shifted) + (uint64_t)(1023 + 64)) << 52);
    double scaled = p * power * 0x1p-64;
    return x < -745.2 ? 0.0 : scaled;
}

// log m for m = 1 + f in [sqrt(1/2), sqrt(2)], given the exact f = m - 1: log m = 2*atanh(s) with
// s = f/(2 + f), |s| <= 0.1716, written as f - s*(f - R) so the exact f carries the result.
static inline double log_near_one(double f) {
    double s = f / (2.0 + f);
    double z = s * s;
    // R ~ sum of 2z^i/(2i+1): fdlibm's minimax coefficients Lg1..Lg7, |error| < 2^-58.45 here.
    double q = 1.479819860511658591e-01;
    q = q * z + 1.531383769920937332e-01;
    q = q * z + 1.818357216161805012e-01;
    q = q * z + 2.222219843214978396e-01;
    q = q * z + 2.857142874366239149e-01;
    q = q * z + 3.999999999940941908e-01;
    q = q * z + 6.666666666666735130e-01;
    double rest = q * z;
    return f - s * (f - rest);
}

// log(1 + e) for 0 <= e <= 1.
static inline double log1p_unit(double e) {
    double u = 1.0 + e;
    // 1 + e lost the low bits of e: (u - 1) - e is the exact error, and log(1 + e) = log u - c/u to
    // far below an ulp.
    double c = (u - 1.0) - e;
    // u = 2^k*m with m in [sqrt(1/2), sqrt(2)]: m - 1 is exact (Sterbenz).
    int upper = u > 1.4142135623730951;
    double m = upper ? u * 0.5 : u;
    double k = upper ? 1.0 : 0.0;
    double log_m = log_near_one(m - 1.0);
    return k * LN2_HI + (log_m + (k * LN2_LO - c / u));
}

// log x for any x: x = 2^k * m with m in [sqrt(1/2), sqrt(2)), then log m by `log_near_one` (m - 1
// is exact). Straight-line with selects so the array loop vectorises; zero, negatives, infinities
// and NaN are chosen at the end.
static inline double log_any(double x) {
    // Subnormals are scaled into the normal range first (2^54 is exact), their exponent corrected after.
    int tiny = x < 0x1p-1022;
    double scaled = tiny ? x * 0x1p54 : x;
    uint64_t bits = bits_of(scaled);
    // The biased exponent as a double without an integer conversion (x86-64 has no vector one
    // before AVX-512): its 11 bits placed under 2^52's mantissa, minus 2^52, exactly.
    double biased = double_of(0x4330000000000000ULL | ((bits >> 52) & 0x7ff)) - 0x1p52;
    double exponent = biased - (tiny ? 1023.0 + 54.0 : 1023.0);
    double mantissa = double_of((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL); // [1, 2)
    int upper = mantissa > 1.4142135623730951;
    double m = upper ? mantissa * 0.5 : mantissa;
    double k = upper ? exponent + 1.0 : exponent;
    double log_m = log_near_one(m - 1.0);
    double result = k * LN2_HI + (log_m + k * LN2_LO);
    // log 0 = -inf (either sign of zero); a negative x is NaN, made as glibc makes it ((x-x)/0, the
    // CPU's default NaN); +inf and NaN pass through.
    double special = x == 0.0 ? -INFINITY : (x < 0.0 ? (x - x) / 0.0 : x);
    return (x > 0.0 && x < INFINITY) ? result : special;
}

// σ(x) from e = e^-|x|: 1/(1 + e) for x >= 0, e/(1 + e) otherwise (NaN stays NaN).
static inline double sigmoid_any(double x) {
    double e = exp_nonpositive(-fabs(x));
    return x >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

double labrun_log(double x) { return log_any(x); }

double labrun_sigmoid(double x) { return sigmoid_any(x); }

double labrun_exp_nonpositive(double x) { return exp_nonpositive(x); }

double labrun_log1p_unit(double e) { return log1p_unit(e); }

// The loops, written once and inlined into each compiled version below.
__attribute__((always_inline)) static inline void
forward_loop(const double *restrict x, const double *restrict y, double *restrict exps,
             double *restrict terms, long n) {
    // An element is one long dependency chain (two polynomials and a division, ~170 cycles), so
    // four vectors in flight per iteration keep the FP units busy; the lecture's 135 elements run in
    // about 0.55 µs with AVX2 instead of 0.85 µs with one vector. Elements are independent, so the
    // interleaving changes no result.
#pragma clang loop vectorize(enable) interleave_count(4)
    for (long i = 0; i < n; i++) {
        double e = exp_nonpositive(-fabs(x[i]));
        exps[i] = e;
        terms[i] = (max_keeping_nan(x[i], 0.0) - x[i] * y[i]) + log1p_unit(e);
    }
}

__attribute__((always_inline)) static inline void
gradient_loop(const double *restrict x, const double *restrict y, const double *restrict e, double f,
              double *restrict out, long n) {
    for (long i = 0; i < n; i++) {
        double s = x[i] >= 0.0 ? 1.0 / (1.0 + e[i]) : e[i] / (1.0 + e[i]);
        out[i] = (s - y[i]) * f;
    }
}

// Four vectors in flight (interleave_count(4)): each element is a long chain of dependent
// operations, so with two the loops waited on latency; four made the student's hard way 3% faster.
__attribute__((always_inline)) static inline void
log_loop(const double *restrict x, double *restrict out, long n) {
#pragma clang loop vectorize(enable) interleave_count(4)
    for (long i = 0; i < n; i++) out[i] = log_any(x[i]);
}

__attribute__((always_inline)) static inline void
sigmoid_loop(const double *restrict x, double *restrict out, long n) {
#pragma clang loop vectorize(enable) interleave_count(4)
    for (long i = 0; i < n; i++) out[i] = sigmoid_any(x[i]);
}

typedef void (*forward_fn)(const double *, const double *, double *, double *, long);
typedef void (*gradient_fn)(const double *, const double *, const double *, double, double *, long);
typedef void (*map_fn)(const double *, double *, long);

static void forward_generic(const double *x, const double *y, double *exps, double *terms, long n) {
    forward_loop(x, y, exps, terms, n);
}

static void gradient_generic(const double *x, const double *y, const double *e, double f, double *out, long n) {
    gradient_loop(x, y, e, f, out, n);
}

static void log_generic(const double *x, double *out, long n) { log_loop(x, out, n); }

static void sigmoid_generic(const double *x, double *out, long n) { sigmoid_loop(x, out, n); }

#if defined(__x86_64__)
// The same loops with AVX2 enabled: 4 doubles per instruction instead of SSE2's 2. AVX2 alone (no
// "fma") so nothing can be fused.
__attribute__((target("avx2"))) static void
forward_avx2(const double *x, const double *y, double *exps, double *terms, long n) {
    forward_loop(x, y, exps, terms, n);
}

__attribute__((target("avx2"))) static void
gradient_avx2(const double *x, const double *y, const double *e, double f, double *out, long n) {
    gradient_loop(x, y, e, f, out, n);
}

__attribute__((target("avx2"))) static void log_avx2(const double *x, double *out, long n) { log_loop(x, out, n); }

__attribute__((target("avx2"))) static void sigmoid_avx2(const double *x, double *out, long n) {
    sigmoid_loop(x, out, n);
}
#endif

// The versions in use, chosen at the first call. Choosing is idempotent, so threads racing on the
// first call store the same pointers and relaxed ordering suffices.
static _Atomic(forward_fn) chosen_forward;
static _Atomic(gradient_fn) chosen_gradient;
static _Atomic(map_fn) chosen_log;
static _Atomic(map_fn) chosen_sigmoid;
static atomic_int generic_forced;

static void choose_versions(void) {
    forward_fn forward = forward_generic;
    gradient_fn gradient = gradient_generic;
    map_fn log_version = log_generic, sigmoid_version = sigmoid_generic;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (!atomic_load_explicit(&generic_forced, memory_order_relaxed) && __builtin_cpu_supports("avx2")) {
        forward = forward_avx2;
        gradient = gradient_avx2;
        log_version = log_avx2;
        sigmoid_version = sigmoid_avx2;
    }
#endif
    atomic_store_explicit(&chosen_log, log_version, memory_order_relaxed);
    atomic_store_explicit(&chosen_sigmoid, sigmoid_version, memory_order_relaxed);
    atomic_store_explicit(&chosen_gradient, gradient, memory_order_relaxed);
    // Stored last: the other entry points check this one to know whether a choice was made.
    atomic_store_explicit(&chosen_forward, forward, memory_order_relaxed);
}

void labrun_bce_logits_forward(const double *x, const double *y, double *exps, double *terms, long n) {
    forward_fn forward = atomic_load_explicit(&chosen_forward, memory_order_relaxed);
    if (!forward) {
        choose_versions();
        forward = atomic_load_explicit(&chosen_forward, memory_order_relaxed);
    }
    forward(x, y, exps, terms, n);
}

void labrun_bce_logits_gradient(const double *x, const double *y, const double *e, double f, double *out, long n) {
    gradient_fn gradient = atomic_load_explicit(&chosen_gradient, memory_order_relaxed);
    if (!gradient) {
        choose_versions();
        gradient = atomic_load_explicit(&chosen_gradient, memory_order_relaxed);
    }
    gradient(x, y, e, f, out, n);
}

// The version of an elementwise loop in use (chosen at the first call).
static map_fn map_version(_Atomic(map_fn) *slot) {
    map_fn version = atomic_load_explicit(slot, memory_order_relaxed);
    if (!version) {
        choose_versions();
        version = atomic_load_explicit(slot, memory_order_relaxed);
    }
    return version;
}

void labrun_log_array(const double *x, double *out, long n) { map_version(&chosen_log)(x, out, n); }

void labrun_sigmoid_array(const double *x, double *out, long n) { map_version(&chosen_sigmoid)(x, out, n); }

void labrun_kernels_force_generic(int force) {
    atomic_store_explicit(&generic_forced, force != 0, memory_order_relaxed);
    choose_versions();
}

int labrun_kernels_using_avx2(void) {
#if defined(__x86_64__)
    if (!atomic_load_explicit(&chosen_forward, memory_order_relaxed)) choose_versions();
    return atomic_load_explicit(&chosen_forward, memory_order_relaxed) == forward_avx2;
#else
    return 0;
#endif
}

int labrun_cpu_vector_level(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return 0;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")) return 3;
    return 2;
#else
    return 0;
#endif
}
