"""Writes the benchmark lab for bench/mlp/run: python3 make_lab.py N H EPOCHS."""
import sys

n, h, epochs = (int(a) for a in sys.argv[1:4])
print(f"""# MLP benchmark

```swift-lab id=data
seed(0)
let X = randn([{n}, 64])
let y = X.matmul(randn([64, 1])).tanh()
let model = Sequential(Linear(64, {h}), ReLU(), Linear({h}, {h}), ReLU(), Linear({h}, 1))
let lossFn = MSELoss()
let optimizer = Adam(model.parameters(), lr: 0.001)
```

```swift-lab id=train
for _ in 1...{epochs} {{
    let loss = lossFn(model(X), y)
    optimizer.zeroGrad()
    loss.backward()
    optimizer.step()
}}
```
""")
