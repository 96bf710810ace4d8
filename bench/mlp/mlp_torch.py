"""PyTorch side of bench/mlp/run: python3 mlp_torch.py N H EPOCHS RUNS; prints the median µs per
epoch in float64 and in float32, one thread."""
import statistics
import sys
import time

import torch

n, h, epochs, runs = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(1)


def bench(dtype):
    times = []
    for _ in range(runs):
        torch.manual_seed(0)
        x = torch.randn(n, 64, dtype=dtype)
        y = torch.tanh(x @ torch.randn(64, 1, dtype=dtype))
        model = torch.nn.Sequential(torch.nn.Linear(64, h), torch.nn.ReLU(), torch.nn.Linear(h, h),
                                    torch.nn.ReLU(), torch.nn.Linear(h, 1)).to(dtype)
        loss_fn = torch.nn.MSELoss()
        opt = torch.optim.Adam(model.parameters(), lr=0.001)
        start = time.perf_counter()
        for _ in range(epochs):
            loss = loss_fn(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        times.append((time.perf_counter() - start) * 1e6 / epochs)
    return statistics.median(times)


print(f"{bench(torch.float64):.0f} {bench(torch.float32):.0f}")
