import TensorCore

/// Trains `model` on (x, y) for `epochs` full-batch epochs and returns the loss history.
///
/// Each epoch runs the forward pass, `loss(model(x), y)`, `backward()`, `optimizer.step()` and
/// `optimizer.zeroGrad()` (gradients are also cleared once before the first epoch). At epochs
/// `every`, 2·`every`, … the history gets a row (`epoch`, `loss`) holding the loss computed in that
/// epoch, before its update, and `progress(epoch)` is called after the update. An optimizer without
/// parameters is given the model's. The session's cancellation flag is checked every epoch (a
/// cancellation `TensorError`), so a time limit stops a long run.
@discardableResult
public func train(
    model: any Module, x: Tensor, y: Tensor, loss: (Tensor, Tensor) throws -> Tensor,
    optimizer: any Optimizer, epochs: Int, every: Int = 1, progress: ((Int) -> Void)? = nil
) throws -> History {
    guard epochs >= 0 else { throw TensorError("train: epochs must not be negative, got \(epochs)") }
    guard every >= 1 else { throw TensorError("train: every must be at least 1, got \(every)") }
    if optimizer.parameters.isEmpty {
        let parameters = model.parameters()
        guard !parameters.isEmpty else {
            throw TensorError("train: the model \(model.name) has no parameters to optimize")
        }
        try optimizer.setParameters(parameters)
    }
    let context = TensorContext.current
    let history = History()
    optimizer.zeroGrad()
    for epoch in stride(from: 1, through: epochs, by: 1) {
        if context.isCancelled {
            throw TensorError("training was cancelled at epoch \(epoch) of \(epochs) (time limit)", isCancellation: true)
        }
        let value = try loss(model(x), y)
        try value.backward()
        try optimizer.step()
        optimizer.zeroGrad()
        if epoch % every == 0 {
            try history.record([("epoch", Double(epoch)), ("loss", value.item)])
            progress?(epoch)
        }
    }
    return history
}

/// `train` with a loss object: `train(model: m, x: X, y: y, loss: BCEWithLogitsLoss(), ...)`.
@discardableResult
public func train(
    model: any Module, x: Tensor, y: Tensor, loss: some Loss,
    optimizer: any Optimizer, epochs: Int, every: Int = 1, progress: ((Int) -> Void)? = nil
) throws -> History {
    try train(model: model, x: x, y: y, loss: { try loss($0, $1) }, optimizer: optimizer,
              epochs: epochs, every: every, progress: progress)
}
