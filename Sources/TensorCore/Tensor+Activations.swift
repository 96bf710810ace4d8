import Foundation

/// The activations beyond ReLU, sigmoid and tanh that layers need: leaky ReLU and GELU (exact, with
/// the normal distribution function, as PyTorch's default), and dropout's scaled mask.
extension Tensor {
    /// x where x > 0, else `slope`·x (PyTorch's `leaky_relu`, gradient `slope` at 0).
    public func leakyRelu(slope: Double = 0.01) throws -> Tensor {
        let out = mapValues { $0 > 0 ? $0 : $0 * slope }
        if Tensor.records(TensorContext.current, self) {
            out.attach("LeakyReluBackward0", self, saves: true) { g in
                try g.multiplying(self.detach().mapValues { $0 > 0 ? 1 : slope })
            }
        }
        return out
    }

    /// x·Φ(x), Φ the standard normal distribution function: ½x(1 + erf(x/√2)) (PyTorch's `gelu`).
    public func gelu() throws -> Tensor {
        let out = mapValues { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
        if Tensor.records(TensorContext.current, self) {
            out.attach("GeluBackward0", self, saves: true) { g in
                // d/dx xΦ(x) = Φ(x) + x·φ(x)
                let slope = self.detach().mapValues { x in
                    0.5 * (1 + Foundation.erf(x / 2.0.squareRoot())) + x * Foundation.exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
                }
                return try g.multiplying(slope)
            }
        }
        return out
    }

    /// Elements zeroed with probability `p` and the rest scaled by 1/(1 − p), as training-mode
    /// dropout; the mask comes from the context's generator (one uniform draw per element).
    public func dropout(p: Double) throws -> Tensor {
        guard p >= 0, p <= 1 else { throw TensorError("dropout probability has to be between 0 and 1, but got \(p)") }
        if p == 0 { return self }
        let context = TensorContext.current
        let keep = 1 - p
        let mask = try Tensor.filled(shape, op: "dropout", requiresGrad: false) { m in
            for i in 0..<m.count { m[i] = keep > 0 && context.generator.nextDouble() < keep ? 1 / keep : 0 }
        }
        return try multiplying(mask)
    }
}
