#ifndef LABRUN_KERNELS_H
#define LABRUN_KERNELS_H

/// Element loops of TensorCore's fused binary cross-entropy with logits, elementwise log and sigmoid,
/// arithmetic and sums, in C so that each is built twice (generic and AVX2) and picked at run time; Swift has no
/// per-function target features.
/// Every path performs the same IEEE operations in the same order (no FMA, no contraction), so the
/// results are bitwise identical on every machine.

/// e^x for x <= 0 (0 below -745.2; NaN stays NaN), within 1 ulp.
double labrun_exp_nonpositive(double x);

/// log(1 + e) for 0 <= e <= 1 (NaN stays NaN), within 1 ulp.
double labrun_log1p_unit(double e);

/// The natural logarithm of any x (-inf at ±0, NaN below 0 and for NaN, +inf at +inf), within 1 ulp.
double labrun_log(double x);

/// The logistic sigmoid 1/(1 + e^-x) of any x, computed from e^-|x| so it neither overflows nor
/// loses the small results for negative x.
double labrun_sigmoid(double x);

/// For i < n: out[i] = labrun_log(x[i]). `out` must not overlap `x`.
void labrun_log_array(const double *x, double *out, long n);

/// For i < n: out[i] = labrun_sigmoid(x[i]). `out` must not overlap `x`.
void labrun_sigmoid_array(const double *x, double *out, long n);

/// For i < n: exps[i] = e^-|x[i]| and terms[i] = max(x[i], 0) - x[i]*y[i] + log1p(exps[i]).
/// The output arrays must not overlap the inputs or each other.
void labrun_bce_logits_forward(const double *x, const double *y, double *exps, double *terms, long n);

/// For i < n: out[i] = (sigma(x[i]) - y[i]) * f, with sigma from e[i] = e^-|x[i]|
/// (1/(1+e) for x >= 0, e/(1+e) otherwise). `out` must not overlap the inputs.
void labrun_bce_logits_gradient(const double *x, const double *y, const double *e, double f, double *out, long n);

/// The operations of `labrun_binary` and its one-number forms.
enum { LABRUN_ADD = 0, LABRUN_SUB = 1, LABRUN_MUL = 2, LABRUN_DIV = 3 };

/// For i < n: out[i] = a[i] op b[i] (op one of LABRUN_ADD, _SUB, _MUL, _DIV). `out` may be `a`
/// itself; otherwise it must not overlap the inputs.
void labrun_binary(int op, const double *a, const double *b, double *out, long n);

/// For i < n: out[i] = a[i] op s. `out` may be `a` itself; otherwise it must not overlap it.
void labrun_binary_scalar_right(int op, const double *a, double s, double *out, long n);

/// For i < n: out[i] = s op b[i]. `out` may be `b` itself; otherwise it must not overlap it.
void labrun_binary_scalar_left(int op, double s, const double *b, double *out, long n);

/// The sum of p[0..<n] in four partial sums (lane i % 4, the last n % 4 elements into lane 0),
/// added as (s0 + s1) + (s2 + s3): the same bits on every path.
double labrun_sum(const double *p, long n);

/// The sum of p[i]*q[i] for i < n, in the order of `labrun_sum`.
double labrun_dot(const double *p, const double *q, long n);

/// The vector instructions this x86-64 CPU offers, as BLAS kernels need them: 2 for AVX2 with FMA,
/// 3 for AVX-512 (F, DQ, BW and VL) as well, 0 otherwise and on other architectures.
int labrun_cpu_vector_level(void);

/// Tests only: nonzero makes the array kernels take the generic path from now on; zero returns to
/// the path the CPU supports.
void labrun_kernels_force_generic(int force);

/// 1 when the array kernels currently run their AVX2 version, else 0 (the arithmetic kernels ask
/// it at every call, so `labrun_kernels_force_generic` switches them too).
int labrun_kernels_using_avx2(void);

#endif
