// Small parameter holders shared by the model files: a linear layer and a LayerNorm, each bound to its
// checkpoint names through a WeightScope and applied with the EmoKernels ops.
import EmoKernels

/// `nn.Linear(in, out)`: `weight` (out, in), `bias` (out) or none.
public struct LinearLayer: Sendable {
    public let weight: Weight
    public let bias: Weight?

    /// Reads `<scope>.weight` (outputs, inputs) and, if `bias`, `<scope>.bias` (outputs).
    public init(inputs: Int, outputs: Int, bias: Bool = true, weights: WeightScope) throws {
        weight = try weights.weight("weight", shape: [outputs, inputs])
        self.bias = bias ? try weights.weight("bias", shape: [outputs]) : nil
    }

    public var inputs: Int { weight.shape[1] }
    public var outputs: Int { weight.shape[0] }

    /// out (R, outputs) = x (R, inputs) · weightᵀ + bias.
    public func callAsFunction(_ x: Tensor, into out: inout Tensor) {
        linear(out: &out, x: x, weight: weight, bias: bias)
    }
}

/// `nn.LayerNorm(dim, eps, elementwise_affine)` over the last dimension.
public struct NormLayer: Sendable {
    public let weight: Weight?
    public let bias: Weight?
    public let eps: Float

    /// Reads `<scope>.weight` and `<scope>.bias` (dim) when `affine`.
    public init(dim: Int, eps: Double, affine: Bool = true, weights: WeightScope?) throws {
        if affine, let weights {
            weight = try weights.weight("weight", shape: [dim])
            bias = try weights.weight("bias", shape: [dim])
        } else {
            weight = nil
            bias = nil
        }
        self.eps = Float(eps)
    }

    /// Normalises every row of `x` in place.
    public func callAsFunction(_ x: inout Tensor) {
        applyLayerNorm(&x, weight: weight, bias: bias, eps: eps)
    }
}
