"""PyTorch's numbers for the tensor operations added for the course labs (issue 15): joining,
index lists and masks, where, statistics, linear algebra, losses with class indices, and the
whole-number random draws. LibraryOpsTests compares against library_reference.json; the losses with class indices, the layers and the optimizers go to
../../NeuralNetTests/Reference/library_reference.json for ClassLossTests.

Run from this folder: python3 make_library_reference.py (float64 throughout).
"""
import json
import torch

torch.set_default_dtype(torch.float64)
ref = {"torch_version": torch.__version__}


def leaf(values):
    return torch.tensor(values, requires_grad=True)


def flat(t):
    return t.detach().flatten().tolist()


# Weights for a weighted sum of the outputs, so every output element gets its own gradient.
def weights(shape):
    n = 1
    for d in shape:
        n *= d
    return torch.tensor([0.5 + 0.25 * i for i in range(n)]).reshape(shape)


M = [[1.0, -2.0, 0.5], [3.0, 0.25, -1.5], [2.0, 4.0, -0.75], [-1.0, 1.5, 2.5]]

def record(name, inputs, out):
    (out * weights(list(out.shape))).sum().backward()
    ref[name] = {"value": flat(out), "shape": list(out.shape),
                 "grads": [flat(x.grad) for x in inputs]}

a, b = leaf(M[:2]), leaf(M[2:])
record("cat0", [a, b], torch.cat([a, b], dim=0))
a, b = leaf(M[:2]), leaf(M[2:])
record("cat1", [a, b], torch.cat([a, b, a], dim=1))
a, b = leaf(M[0]), leaf(M[1])
record("stack1", [a, b], torch.stack([a, b], dim=1))
x = leaf(M)
record("index_rows", [x], x[[3, 0, 3]])
x = leaf(M)
record("index_columns", [x], x[:, [2, 0]])
x = leaf(M)
record("mask", [x], x[x > 0.4])
x = leaf(M)
record("where", [x], torch.where(x > 0, x * x, -x))
x = leaf(M)
record("std_all", [x], x.std())
x = leaf(M)
record("std_dim0", [x], x.std(dim=0))
x = leaf(M)
record("var_dim1", [x], x.var(dim=1, keepdim=True))
x = leaf(M)
record("var_biased", [x], x.var(correction=0))
x = leaf(M)
record("norm", [x], torch.linalg.norm(x))
a, b = leaf(M[0]), leaf(M[1])
record("dot", [a, b], torch.dot(a, b))

A = [[4.0, 1.0, -2.0], [1.0, 3.0, 0.5], [-1.0, 2.0, 5.0]]
B = [[1.0, 2.0], [-1.0, 0.5], [3.0, -2.0]]
a, b = leaf(A), leaf(B)
record("solve_matrix", [a, b], torch.linalg.solve(a, b))
a, b = leaf(A), leaf([1.0, -2.0, 0.5])
record("solve_vector", [a, b], torch.linalg.solve(a, b))
a = leaf(A)
record("inverse", [a], torch.linalg.inv(a))
a = leaf(A)
record("det", [a], torch.linalg.det(a))

logits = [[1.0, -0.5, 2.0], [0.3, 0.2, -1.0], [-2.0, 1.5, 0.0], [0.5, 0.5, 0.5]]
classes = [2, 0, 1, 1]
w = torch.tensor([1.0, 2.0, 0.5])
for name, kwargs in [("ce_mean", {}), ("ce_sum", {"reduction": "sum"}), ("ce_none", {"reduction": "none"}),
                     ("ce_weight", {"weight": w}), ("ce_weight_none", {"weight": w, "reduction": "none"})]:
    x = leaf(logits)
    record(name, [x], torch.nn.functional.cross_entropy(x, torch.tensor(classes), **kwargs))
for name, kwargs in [("nll_mean", {}), ("nll_weight", {"weight": w})]:
    x = leaf(logits)
    record(name, [x], torch.nn.functional.nll_loss(x, torch.tensor(classes), **kwargs))
x = leaf(M)
record("l1", [x], torch.nn.functional.l1_loss(x, torch.tensor(M[::-1])))

torch.manual_seed(0)
ref["randperm_0_10"] = torch.randperm(10).tolist()
ref["randperm_0_100"] = torch.randperm(100).tolist()
torch.manual_seed(7)
ref["randperm_7_150"] = torch.randperm(150).tolist()
torch.manual_seed(1)
ref["randint_1"] = torch.randint(-5, 17, (20,)).tolist()

ref["print_long"] = str(torch.tensor([[0, 12], [-3, 4]]))
ref["print_bool"] = str(torch.tensor([True, False, True]))
ref["print_long_scalar"] = str(torch.tensor(7))

# Layers and optimizers (NeuralNetTests/LayerOptimizerTests).
x = leaf(M)
record("gelu", [x], torch.nn.functional.gelu(x))
x = leaf(M)
record("leaky_relu", [x], torch.nn.functional.leaky_relu(x, 0.1))
x = leaf(M)
bn = torch.nn.BatchNorm1d(3)
record("batchnorm_train", [x], bn(x))
ref["batchnorm_running"] = {"mean": bn.running_mean.tolist(), "var": bn.running_var.tolist(),
                            "weight_grad": bn.weight.grad.tolist(), "bias_grad": bn.bias.grad.tolist()}
bn.eval()
ref["batchnorm_eval"] = flat(bn(torch.tensor(M)))


def run_optimizer(make, steps=5):
    w = leaf(M[0])
    opt = make([w])
    for _ in range(steps):
        opt.zero_grad()
        ((w * w * torch.tensor([1.0, 2.0, 3.0])).sum() + w.sum() ** 2).backward()
        opt.step()
    return w.detach().tolist()


ref["optim_rmsprop"] = run_optimizer(lambda p: torch.optim.RMSprop(p, lr=0.01))
ref["optim_rmsprop_decay"] = run_optimizer(lambda p: torch.optim.RMSprop(p, lr=0.05, alpha=0.9, weight_decay=0.1))
ref["optim_adamw"] = run_optimizer(lambda p: torch.optim.AdamW(p, lr=0.1))
ref["optim_adamw_decay"] = run_optimizer(lambda p: torch.optim.AdamW(p, lr=0.05, weight_decay=0.5))
w = leaf(M[1])
(w * w).sum().backward()
norm = torch.nn.utils.clip_grad_norm_([w], max_norm=1.0)
ref["clip_grad_norm"] = {"norm": norm.item(), "grad": w.grad.tolist()}

losses = {k: ref.pop(k) for k in list(ref) if k.split("_")[0] in ("ce", "nll", "l1", "gelu", "leaky", "batchnorm", "optim", "clip")}
losses["torch_version"] = torch.__version__
with open("library_reference.json", "w") as fh:
    json.dump(ref, fh, indent=1)
with open("../../NeuralNetTests/Reference/library_reference.json", "w") as fh:
    json.dump(losses, fh, indent=1)
print("torch", torch.__version__)
