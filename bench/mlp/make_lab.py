"""Writes the benchmark lab for bench/mlp/run and bench/scale/run:
python3 make_lab.py N H EPOCHS [BATCH]. Without BATCH each epoch is one full-batch step; with it,
one pass over a shuffled DataLoader of BATCH rows per step."""
import sys

n, h, epochs = (int(a) for a in sys.argv[1:4])
batch = int(sys.argv[4]) if len(sys.argv) > 4 else 0
if batch:
    loader = f"let loader = DataLoader(x: X, y: y, batchSize: {batch}, shuffle: true)\n"
    step = """    for (xb, yb) in loader {
        let loss = lossFn(model(xb), yb)
        optimizer.zeroGrad()
        loss.backward()
        optimizer.step()
    }"""
else:
    loader = ""
    step = """    let loss = lossFn(model(X), y)
    optimizer.zeroGrad()
    loss.backward()
    optimizer.step()"""
print(f"""# MLP benchmark

```swift-lab id=data
seed(0)
let X = randn([{n}, 64])
let y = X.matmul(randn([64, 1])).tanh()
let model = Sequential(Linear(64, {h}), ReLU(), Linear({h}, {h}), ReLU(), Linear({h}, 1))
let lossFn = MSELoss()
let optimizer = Adam(model.parameters(), lr: 0.001)
{loader}```

```swift-lab id=train
for _ in 1...{epochs} {{
{step}
}}
```
""")
