#include "kernels.h"

#include <string.h>

// The four arithmetic operations over arrays, and sums, for TensorCore's elementwise operations:
// Swift compiles for the baseline x86-64 (SSE2, two doubles per instruction), and these run every
// step of a training loop, so they are built twice here like the loops of kernels.c and the AVX2
// version runs where the CPU has it (four doubles per instruction). +, -, * and / round the same
// at any vector width; the sums keep the order of the Swift loops they replace (four partial sums,
// lane i % 4, the tail in lane 0, then (s0 + s1) + (s2 + s3)), so every path gives the same bits.
#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

typedef double lanes4 __attribute__((vector_size(32)));

// Four doubles from any address (memcpy: no alignment assumed). A macro, not a function: a vector
// return value would have a different calling convention in the generic and AVX2 builds.
#define LOAD4(v, p) lanes4 v; memcpy(&v, (p), sizeof v)

// One loop per operation, the operation chosen once outside it: `target`, `left` and `right` are
// expressions in the loop index i.
#define ARITH_LOOP(op, n, target, left, right)                                        \
    switch (op) {                                                                     \
    case LABRUN_ADD: for (long i = 0; i < (n); i++) target = left + right; break;    \
    case LABRUN_SUB: for (long i = 0; i < (n); i++) target = left - right; break;    \
    case LABRUN_MUL: for (long i = 0; i < (n); i++) target = left * right; break;    \
    default: for (long i = 0; i < (n); i++) target = left / right; break;            \
    }

// `out` may be `a` itself; it must not overlap the inputs otherwise.
__attribute__((always_inline)) static inline void
binary_loop(int op, const double *a, const double *b, double *out, long n) { ARITH_LOOP(op, n, out[i], a[i], b[i]) }

// a[i] = a[i] op b[i]: `labrun_binary` with out == a. Through `binary_loop` the compiler's overlap
// check between `out` and `a` failed and the scalar loop ran (a division per element).
__attribute__((always_inline)) static inline void
in_place_loop(int op, double *a, const double *b, long n) { ARITH_LOOP(op, n, a[i], a[i], b[i]) }

__attribute__((always_inline)) static inline void
scalar_right_loop(int op, const double *a, double s, double *out, long n) { ARITH_LOOP(op, n, out[i], a[i], s) }

__attribute__((always_inline)) static inline void
scalar_left_loop(int op, double s, const double *b, double *out, long n) { ARITH_LOOP(op, n, out[i], s, b[i]) }

__attribute__((always_inline)) static inline double sum_loop(const double *p, long n) {
    lanes4 acc = {0, 0, 0, 0};
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        LOAD4(v, p + i);
        acc += v;
    }
    for (; i < n; i++) acc[0] += p[i];
    return (acc[0] + acc[1]) + (acc[2] + acc[3]);
}

__attribute__((always_inline)) static inline double dot_loop(const double *p, const double *q, long n) {
    lanes4 acc = {0, 0, 0, 0};
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        LOAD4(u, p + i);
        LOAD4(v, q + i);
        acc += u * v;
    }
    for (; i < n; i++) acc[0] += p[i] * q[i];
    return (acc[0] + acc[1]) + (acc[2] + acc[3]);
}

static void binary_generic(int op, const double *a, const double *b, double *out, long n) { binary_loop(op, a, b, out, n); }
static void in_place_generic(int op, double *a, const double *b, long n) { in_place_loop(op, a, b, n); }
static void scalar_right_generic(int op, const double *a, double s, double *out, long n) { scalar_right_loop(op, a, s, out, n); }
static void scalar_left_generic(int op, double s, const double *b, double *out, long n) { scalar_left_loop(op, s, b, out, n); }
static double sum_generic(const double *p, long n) { return sum_loop(p, n); }
static double dot_generic(const double *p, const double *q, long n) { return dot_loop(p, q, n); }

#if defined(__x86_64__)
// AVX2 alone (no "fma"), as in kernels.c.
__attribute__((target("avx2"))) static void
binary_avx2(int op, const double *a, const double *b, double *out, long n) { binary_loop(op, a, b, out, n); }
__attribute__((target("avx2"))) static void
in_place_avx2(int op, double *a, const double *b, long n) { in_place_loop(op, a, b, n); }
__attribute__((target("avx2"))) static void
scalar_right_avx2(int op, const double *a, double s, double *out, long n) { scalar_right_loop(op, a, s, out, n); }
__attribute__((target("avx2"))) static void
scalar_left_avx2(int op, double s, const double *b, double *out, long n) { scalar_left_loop(op, s, b, out, n); }
__attribute__((target("avx2"))) static double sum_avx2(const double *p, long n) { return sum_loop(p, n); }
__attribute__((target("avx2"))) static double dot_avx2(const double *p, const double *q, long n) { return dot_loop(p, q, n); }
#define CHOOSE(name) (labrun_kernels_using_avx2() ? name##_avx2 : name##_generic)
#else
#define CHOOSE(name) name##_generic
#endif

void labrun_binary(int op, const double *a, const double *b, double *out, long n) {
    if (out == a) {
        CHOOSE(in_place)(op, out, b, n);
    } else {
        CHOOSE(binary)(op, a, b, out, n);
    }
}

void labrun_binary_scalar_right(int op, const double *a, double s, double *out, long n) {
    CHOOSE(scalar_right)(op, a, s, out, n);
}

void labrun_binary_scalar_left(int op, double s, const double *b, double *out, long n) {
    CHOOSE(scalar_left)(op, s, b, out, n);
}

double labrun_sum(const double *p, long n) { return CHOOSE(sum)(p, n); }

double labrun_dot(const double *p, const double *q, long n) { return CHOOSE(dot)(p, q, n); }
