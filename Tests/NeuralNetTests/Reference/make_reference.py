"""Reference numbers for Tests/NeuralNetTests, computed by PyTorch in float64.

Run from the repository root:  python3 Tests/NeuralNetTests/Reference/make_reference.py
It writes reference.json beside this script (the torch version is stored inside it).
"""
import csv
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
EPOCHS_SHOWN = [1, 10, 100, 1000, 5000]


def flat(t):
    return t.detach().reshape(-1).tolist()


def fixed_gradients(steps, size, offset):
    """Deterministic, sign-changing gradients so momentum and Adam state do real work."""
    return [[math.sin(0.7 * (k + 1) + 1.3 * i + offset) * (1 + 0.25 * i) for i in range(size)]
            for k in range(steps)]


def optimizer_case(make, steps=6, skip_second_at=None):
    """Two parameters stepped on fixed gradients; the second gets no gradient at `skip_second_at`."""
    p1 = torch.tensor([0.5, -1.2, 2.0, 0.0], requires_grad=True)
    p2 = torch.tensor([[1.0, -0.5], [0.25, 3.0]], requires_grad=True)
    start = [flat(p1), flat(p2)]
    g1s, g2s = fixed_gradients(steps, 4, 0.0), fixed_gradients(steps, 4, 2.0)
    opt = make([p1, p2])
    after = []
    for k in range(steps):
        p1.grad = torch.tensor(g1s[k])
        p2.grad = None if k == skip_second_at else torch.tensor(g2s[k]).reshape(2, 2)
        opt.step()
        after.append([flat(p1), flat(p2)])
    return {"start": start, "grads1": g1s, "grads2": g2s,
            "skipSecondAt": -1 if skip_second_at is None else skip_second_at, "after": after}


def optimizers():
    SGD, Adam = torch.optim.SGD, torch.optim.Adam
    return {
        "sgdPlain": optimizer_case(lambda p: SGD(p, lr=0.1)),
        "sgdMomentum": optimizer_case(lambda p: SGD(p, lr=0.1, momentum=0.9)),
        "sgdNesterov": optimizer_case(lambda p: SGD(p, lr=0.05, momentum=0.8, nesterov=True)),
        "sgdDampening": optimizer_case(lambda p: SGD(p, lr=0.1, momentum=0.9, dampening=0.5)),
        "sgdWeightDecay": optimizer_case(lambda p: SGD(p, lr=0.1, momentum=0.9, weight_decay=0.1)),
        "sgdSkip": optimizer_case(lambda p: SGD(p, lr=0.1, momentum=0.9), skip_second_at=2),
        "adamPlain": optimizer_case(lambda p: Adam(p, lr=0.1)),
        "adamWeightDecay": optimizer_case(lambda p: Adam(p, lr=0.1, weight_decay=0.1)),
        "adamAmsgrad": optimizer_case(lambda p: Adam(p, lr=0.1, amsgrad=True)),
        "adamBetas": optimizer_case(lambda p: Adam(p, lr=0.02, betas=(0.8, 0.99), eps=1e-6)),
        "adamSkip": optimizer_case(lambda p: Adam(p, lr=0.1), skip_second_at=2),
    }


def iris():
    with open(os.path.join(ROOT, "labs", "data", "iris.csv"), newline="") as f:
        rows = list(csv.reader(f))[1:]
    x = torch.tensor([[float(v) for v in r[:4]] for r in rows])
    y = torch.tensor([1.0 if r[4] == "Virginica" else 0.0 for r in rows])
    return x, y


def hard_way(x, y, epochs=5000, lr=0.01):
    """Five scalar parameters, BCE with logits, the update under no_grad, grads set to None."""
    b = [torch.tensor(0.0, requires_grad=True) for _ in range(5)]
    out = {"epochs": EPOCHS_SHOWN, "loss": [], "params": []}
    for epoch in range(1, epochs + 1):
        z = b[0] + b[1] * x[:, 0] + b[2] * x[:, 1] + b[3] * x[:, 2] + b[4] * x[:, 3]
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
        loss.backward()
        with torch.no_grad():
            for p in b:
                p -= lr * p.grad
                p.grad = None
        if epoch in EPOCHS_SHOWN:
            out["loss"].append(loss.item())
            out["params"].append([p.item() for p in b])
    return out


def easy_way(x, y, make_optimizer, epochs=5000):
    """Linear(4, 1) from zeros, BCEWithLogitsLoss on y.unsqueeze(1), the given optimizer."""
    model = torch.nn.Linear(4, 1)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    opt = make_optimizer(model.parameters())
    loss_fn = torch.nn.BCEWithLogitsLoss()
    target = y.unsqueeze(1)
    out = {"epochs": EPOCHS_SHOWN, "loss": [], "weight": [], "bias": []}
    for epoch in range(1, epochs + 1):
        loss = loss_fn(model(x), target)
        loss.backward()
        opt.step()
        opt.zero_grad()
        if epoch in EPOCHS_SHOWN:
            out["loss"].append(loss.item())
            out["weight"].append(flat(model.weight))
            out["bias"].append(flat(model.bias))
    return out


def linear_inits():
    cases = []
    for seed, fan_in, fan_out, bias in [(0, 4, 1, True), (42, 4, 1, True), (2024, 3, 5, True),
                                        (7, 10, 20, True), (3, 4, 2, False)]:
        torch.manual_seed(seed)
        layer = torch.nn.Linear(fan_in, fan_out, bias=bias)
        cases.append({"seed": seed, "in": fan_in, "out": fan_out, "bias": bias,
                      "weightValues": flat(layer.weight),
                      "biasValues": flat(layer.bias) if bias else [],
                      "nextRand": torch.rand(1).item()})
    return cases


def sequential_forward(x):
    torch.manual_seed(5)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3),
                                torch.nn.ReLU(), torch.nn.Linear(3, 1), torch.nn.Sigmoid())
    inputs = x[:6]
    out = model(inputs)
    out.sum().backward()
    return {"seed": 5, "output": flat(out), "parameters": [flat(p) for p in model.parameters()],
            "grads": [flat(p.grad) for p in model.parameters()], "repr": repr(model)}


def cross_entropy():
    logits = torch.tensor([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0], [0.3, 0.3, 0.3],
                           [2.5, -2.0, 1.0], [10.0, -10.0, 0.0]], requires_grad=True)
    target = torch.tensor([1, 2, 0, 0, 1])
    loss = torch.nn.CrossEntropyLoss()(logits, target)
    loss.backward()
    hard = {"logits": flat(logits), "shape": list(logits.shape), "target": [float(t) for t in target],
            "loss": loss.item(), "grad": flat(logits.grad)}
    logits.grad = None
    probs = torch.tensor([[0.2, 0.5, 0.3], [0.0, 0.0, 1.0], [1 / 3, 1 / 3, 1 / 3],
                          [0.9, 0.05, 0.05], [0.0, 1.0, 0.0]])
    loss = torch.nn.CrossEntropyLoss()(logits, probs)
    loss.backward()
    soft = {"target": flat(probs), "loss": loss.item(), "grad": flat(logits.grad)}
    single = torch.tensor([0.5, -0.25, 1.5, 0.0], requires_grad=True)
    loss = torch.nn.CrossEntropyLoss()(single, torch.tensor(3))
    loss.backward()
    one = {"logits": flat(single), "target": 3.0, "loss": loss.item(), "grad": flat(single.grad)}
    return {"hard": hard, "soft": soft, "single": one}


def main():
    x, y = iris()
    reference = {
        "torch": torch.__version__,
        "optimizers": optimizers(),
        "hardWay": hard_way(x, y),
        "adamWay": easy_way(x, y, lambda p: torch.optim.Adam(p, lr=0.01)),
        "momentumWay": easy_way(x, y, lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9)),
        "linearInit": linear_inits(),
        "sequential": sequential_forward(x),
        "crossEntropy": cross_entropy(),
    }
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
