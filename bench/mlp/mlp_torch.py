"""PyTorch side of bench/mlp/run and bench/scale/run: python3 mlp_torch.py N H EPOCHS RUNS [BATCH]
[DTYPE]; prints the median µs per epoch in float64 and in float32 (or only in DTYPE, with the
process's peak memory in MB), on torch.get_num_threads() threads (OMP_NUM_THREADS, one by default).
With BATCH each epoch is one pass over a shuffled DataLoader(TensorDataset) of BATCH rows."""
import os
import resource
import statistics
import sys
import time

import torch

n, h, epochs, runs = (int(a) for a in sys.argv[1:5])
batch = int(sys.argv[5]) if len(sys.argv) > 5 else 0
only = sys.argv[6] if len(sys.argv) > 6 else None
torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))


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
        if batch:
            data = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=batch, shuffle=True)
        else:
            data = [(x, y)]
        start = time.perf_counter()
        for _ in range(epochs):
            for xb, yb in data:
                loss = loss_fn(model(xb), yb)
                opt.zero_grad()
                loss.backward()
                opt.step()
        times.append((time.perf_counter() - start) * 1e6 / epochs)
    return statistics.median(times)


if only:
    median = bench({"float64": torch.float64, "float32": torch.float32}[only])
    print(f"{median:.0f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
else:
    print(f"{bench(torch.float64):.0f} {bench(torch.float32):.0f}")
