"""The lecture's two training loops in PyTorch, timed per epoch (float64, CPU, one thread).

Same work as labs/gradient-descent.md's cells `hard` and `easy`: 135 training rows (a seeded stratified
90/10 split of Iris), five scalar parameters updated under no_grad, then Linear(4, 1) with Adam.
Prints one line per loop: name, microseconds per epoch, final loss.
"""
import csv
import os
import sys
import time

import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
torch.manual_seed(2026)

here = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.reader(open(os.path.join(here, "..", "..", "labs", "data", "iris.csv"))))[1:]
by_class = {}
for r in rows:
    by_class.setdefault(r[4], []).append(r)
train = []
for name, members in by_class.items():
    order = torch.randperm(len(members)).tolist()
    train += [members[i] for i in order[: int(0.9 * len(members))]]
X = torch.tensor([[float(v) for v in r[:4]] for r in train])
y = torch.tensor([1.0 if r[4] == "Virginica" else 0.0 for r in train])
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 5000


def sgd_step(b, lr):
    """Moves each scalar against its gradient and clears the gradient, as the labs' loops do."""
    with torch.no_grad():
        for p in b:
            p -= lr * p.grad
            p.grad = None


def hard_way():
    b = [torch.randn((), requires_grad=True) for _ in range(5)]
    lr = 0.01
    loss_fn = torch.nn.BCEWithLogitsLoss()
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        z = b[0] + b[1] * X[:, 0] + b[2] * X[:, 1] + b[3] * X[:, 2] + b[4] * X[:, 3]
        loss = loss_fn(z, y)
        loss.backward(retain_graph=True)
        sgd_step(b, lr)
        if epoch % 100 == 0:
            last = loss.item()
    return (time.perf_counter() - start) / epochs * 1e6, last


def student_way():
    """The hard way with a sigmoid and the log-likelihood written out (student-hard-way.md)."""
    b = [torch.randn((), requires_grad=True) for _ in range(5)]
    lr = 0.01
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        z = b[0] + b[1] * X[:, 0] + b[2] * X[:, 1] + b[3] * X[:, 2] + b[4] * X[:, 3]
        p = torch.sigmoid(z)
        loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
        loss.backward()
        sgd_step(b, lr)
        if epoch % 100 == 0:
            last = loss.item()
    return (time.perf_counter() - start) / epochs * 1e6, last


def easy_way():
    model = torch.nn.Linear(4, 1)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        loss = loss_fn(model(X).squeeze(), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if epoch % 100 == 0:
            last = loss.item()
    return (time.perf_counter() - start) / epochs * 1e6, last


for name, run in (("hard", hard_way), ("easy", easy_way), ("student", student_way)):
    us, loss = run()
    print(f"{name} {us:.2f} {loss:.6f}")
