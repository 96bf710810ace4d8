"""Computes the PyTorch reference numbers and printed outputs that TensorCoreTests compare against.

Run from this folder: python3 make_reference.py  (writes reference.json and ../Golden/printing.txt).
Everything is float64 (torch.set_default_dtype), so printed tensors carry no dtype suffix.
"""
import json
import torch

torch.set_default_dtype(torch.float64)
ref = {"torch_version": torch.__version__}

def t(v, rg=False):
    return torch.tensor(v, requires_grad=rg)

# The board example: x*(x+y)+y*y at x=2, y=3, twice with a retained graph.
x, y = t(2.0, True), t(3.0, True)
f = x * (x + y) + y * y
f.backward(retain_graph=True)
first = [f.item(), x.grad.item(), y.grad.item()]
f.backward()
ref["board"] = first + [x.grad.item(), y.grad.item()]

# A tensor used twice.
x = t(3.0, True); (x * x).backward(); ref["used_twice"] = x.grad.item()

# micrograd's engine tests.
x = t(-4.0, True)
z = 2 * x + 2 + x
q = z.relu() + z * x
h = (z * z).relu()
y = h + q + q * x
y.backward()
ref["micrograd_sanity"] = [y.item(), x.grad.item()]

a, b = t(-4.0, True), t(2.0, True)
c = a + b
d = a * b + b**3
c = c + c + 1
c = c + 1 + c + (-a)
d = d + d * 2 + (b + a).relu()
d = d + 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g = g + 10.0 / f
g.backward()
ref["micrograd_more_ops"] = [g.item(), a.grad.item(), b.grad.item()]

# Broadcasting sums.
A = t([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], True)
B = t([2.0, -1.0, 0.25], True)
C = t([[1.5], [-2.0]], True)
s = (A * B + C / B - C * C).sum()
s.backward()
ref["broadcast"] = {"value": s.item(), "A": A.grad.flatten().tolist(),
                    "B": B.grad.tolist(), "C": C.grad.flatten().tolist()}

# Mean of squares.
v = t([1.0, -2.0, 3.5, 0.25], True)
m = (v**2).mean(); m.backward()
ref["mean_squares"] = {"value": m.item(), "grad": v.grad.tolist()}

# BCE with logits at ordinary and extreme logits, with and without pos_weight.
logits = [-1000.0, -2.0, 0.0, 0.7, 3.0, 1000.0]
targets = [0.0, 1.0, 1.0, 0.0, 0.0, 1.0]
for name, pw in [("bce_plain", None), ("bce_posweight", [2.5])]:
    z = t(logits, True)
    yy = t(targets)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(
        z, yy, pos_weight=None if pw is None else t(pw))
    loss.backward()
    ref[name] = {"value": loss.item(), "grad": z.grad.tolist()}
z = t([[-1000.0, 2.0], [1000.0, -3.0]], True)
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, t([[1.0, 0.0], [0.0, 1.0]]))
loss.backward()
ref["bce_extreme"] = {"value": loss.item(), "grad": z.grad.flatten().tolist()}

# Newton step with f'' from create_graph.
tt = t(3.0, True)
f = tt**4 - 3 * tt**3 + 2
(g1,) = torch.autograd.grad(f, [tt], create_graph=True)
(g2,) = torch.autograd.grad(g1, [tt])
ref["newton"] = [g1.item(), g2.item(), (tt - g1 / g2).item()]

# Softmax, log-softmax, matmul.
X = t([[0.5, -1.0, 2.0], [3.0, 0.0, -0.5]], True)
W = t([[1.0, 2.0], [-1.0, 0.5], [0.25, -2.0]], True)
wts = t([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])
out = (X.softmax(dim=1) * wts).sum() + (X.log_softmax(dim=0) * wts).sum() + (X @ W).pow(2).sum()
out.backward()
ref["softmax_matmul"] = {"value": out.item(), "X": X.grad.flatten().tolist(), "W": W.grad.flatten().tolist()}

# Seeded random streams.
torch.manual_seed(42)
r1 = torch.randn(5).tolist()
r2 = torch.randn(3).tolist()
r3 = torch.randn(20).tolist()
r4 = torch.rand(5).tolist()
r5 = torch.randn([]).item()
torch.manual_seed(0)
r6 = torch.rand(3, 2).flatten().tolist()
r7 = torch.randn(16).tolist()
r8 = torch.randn(1).tolist()
ref["random"] = {"seed42_randn5": r1, "then_randn3": r2, "then_randn20": r3, "then_rand5": r4,
                 "then_randn_scalar": r5, "seed0_rand3x2": r6, "then_randn16": r7, "then_randn1": r8}

with open("reference.json", "w") as fh:
    json.dump(ref, fh, indent=1)

# Printing: each case is (label, values, shape, requires_grad); the Swift test builds the same tensors.
cases = [
    ("scalar whole", [19.0], [], False),
    ("scalar frac", [1.5410], [], True),
    ("vector", [1.0, 2.5], [2], False),
    ("ints", [1.0, 0.0, 1.0], [3], False),
    ("zeros", [0.0, 0.0], [2], False),
    ("neg", [-1.25, 3.0, 0.0001], [3], False),
    ("sci large", [1e9, 1.0], [2], False),
    ("sci small", [1e-5, 0.5, -2.0], [3], False),
    ("ratio", [0.5, 2000.0], [2], False),
    ("int sci", [1.0, 5000.0], [2], False),
    ("nonfinite", [float("nan"), float("inf"), -float("inf"), 1.5], [4], False),
    ("nonfinite ints", [float("nan"), 2.0, -3.0], [3], False),
    ("matrix", [1.0, -2.5, 3.25, 4.0, 1000.0, -0.125], [2, 3], False),
    ("matrix ints", [1.0, 2.0, 3.0, 40.0], [2, 2], True),
    ("rank3", [float(i) * 0.5 - 3 for i in range(24)], [2, 3, 4], False),
    ("wrap", [float(i) / 7 for i in range(30)], [30], False),
    ("wrap matrix", [float(i) * 1.5 for i in range(40)], [2, 20], True),
    ("summarized", [float(i) / 3 for i in range(1500)], [1500], False),
    ("summarized matrix", [float(i % 97) - 40 for i in range(2000)], [40, 50], False),
    ("empty", [], [0], False),
    ("empty matrix", [], [0, 3], False),
    ("neg zero", [-0.0, 1.0], [2], False),
    ("long suffix", [123456.789 + i for i in range(7)], [7], True),
]
lines = []
for label, vals, shape, rg in cases:
    tensor = torch.tensor(vals).reshape(shape).requires_grad_(rg)
    lines.append(f"## {label}\n{str(tensor)}")
x = t(2.0, True); y = t(3.0, True)
lines.append(f"## board\n{str(x * (x + y) + y * y)}")
lines.append(f"## grad_fn vector\n{t([1.0, 2.0], True) * 2}")
lines.append(f"## grad_fn sum\n{str(t([1.0, 2.5], True).sum())}")
lines.append(f"## grad_fn select\n{t([[1.0, 2.0], [3.0, 4.0]], True)[:, 0]}")
with open("../Golden/printing.txt", "w") as fh:
    fh.write("\n".join(lines) + "\n")
with open("printing_cases.json", "w") as fh:
    json.dump([{"label": l, "values": v, "shape": s, "requiresGrad": r} for l, v, s, r in cases], fh)
print("torch", torch.__version__)
