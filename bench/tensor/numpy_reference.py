"""numpy's side of TensorBench: matmul GFLOP/s and a hand-written hard-way epoch.

matmul: float64 A @ B for random n×n matrices at n = 512 and 1024, best of 10 (numpy's BLAS with its
default threads, as TensorCore's OpenBLAS). Hard way: the lecture's epoch written by hand in numpy
(z = b0 + Σ bk·xk on 135×4 data, stable BCE with logits, its gradient, the update), the work
TensorBench's `hardway` does through autograd. Prints `matmul N GFLOPS` and `hardway MICROSECONDS`.
"""
import sys
import time

import numpy as np


def matmul_gflops(n, repeats=10):
    rng = np.random.default_rng(1)
    a, b = rng.random((n, n)), rng.random((n, n))
    a @ b
    best = min(_timed(lambda: a @ b) for _ in range(repeats))
    return 2 * n ** 3 / best / 1e9


def _timed(body):
    start = time.perf_counter()
    body()
    return time.perf_counter() - start


def hard_way_microseconds(epochs=20000):
    rng = np.random.default_rng(1)
    x = rng.random((135, 4)) * 6
    y = (np.arange(135) % 3 == 0).astype(np.float64)
    columns = [np.ascontiguousarray(x[:, k]) for k in range(4)]
    b = np.zeros(5)
    lr = 0.01
    best = float("inf")
    for _ in range(4):
        start = time.perf_counter()
        for _ in range(epochs // 4):
            z = b[0] + b[1] * columns[0] + b[2] * columns[1] + b[3] * columns[2] + b[4] * columns[3]
            e = np.exp(-np.abs(z))
            loss = np.mean(np.maximum(z, 0) - z * y + np.log1p(e))
            sigma = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
            g = (sigma - y) / z.size
            grad = np.array([g.sum()] + [np.dot(g, c) for c in columns])
            b -= lr * grad
        best = min(best, (time.perf_counter() - start) / (epochs // 4) * 1e6)
    return best, loss


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what in ("all", "matmul"):
        for n in (512, 1024):
            print(f"matmul {n} {matmul_gflops(n):.1f}")
    if what in ("all", "hardway"):
        micros, loss = hard_way_microseconds()
        print(f"hardway {micros:.2f} {loss:.4f}")
