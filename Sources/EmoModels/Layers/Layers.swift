// Small parameter holders shared by the model files: a linear layer and a LayerNorm, each bound to its
// checkpoint names through a WeightScope and applied with the EmoKernels ops.
import EmoKernels

/// `nn.Linear(in, out)`: `weight` (out, in), `bias` (out) or none.
public struct LinearLayer: Sendable {
    public let weight: Weight
    public let bias: Weight?
    /// The int8 copy of `weight` when this layer is quantizable and loaded at `.int8` precision; the layer
    /// then computes with it and the Float32 weight's mapped pages are released.
    public let quantized: QuantizedWeight?

    /// Reads `<scope>.weight` (outputs, inputs) and, if `bias`, `<scope>.bias` (outputs). A `quantizable`
    /// layer (attention and feed-forward projections) is quantized to int8 when the scope's precision is
    /// `.int8`; heads and front-end projections stay Float32.
    public init(inputs: Int, outputs: Int, bias: Bool = true, weights: WeightScope, quantizable: Bool = false) throws {
        weight = try weights.weight("weight", shape: [outputs, inputs])
        self.bias = bias ? try weights.weight("bias", shape: [outputs]) : nil
        if quantizable && weights.precision == .int8 {
            quantized = try quantize(weight, name: "weight", in: weights) { (w) throws(QuantizationError) in try QuantizedWeight(w) }
            weight.releaseMappedPages()
        } else {
            quantized = nil
        }
    }

    public var inputs: Int { weight.shape[1] }
    public var outputs: Int { weight.shape[0] }

    /// out (R, outputs) = x (R, inputs) · weightᵀ + bias (int8 arithmetic when `quantized`; its activation
    /// buffer is then allocated per call — the forward passes use the `workspace` overload).
    public func callAsFunction(_ x: Tensor, into out: inout Tensor) {
        var workspace = Workspace()
        callAsFunction(x, into: &out, workspace: &workspace)
    }

    /// The same, with int8 activations quantized into `workspace` (no allocation once it has grown).
    public func callAsFunction(_ x: Tensor, into out: inout Tensor, workspace: inout Workspace) {
        if let quantized {
            linearInt8(out: &out, x: x, weight: quantized, bias: bias, workspace: &workspace)
        } else {
            linear(out: &out, x: x, weight: weight, bias: bias)
        }
    }
}

/// A CNN feature-encoder conv weight `<scope>.<name>` (Cout, Cin, K), prepared time-major. At `.int8` (the
/// scope's precision) a conv with more than one input channel is quantized per output channel and its mapped
/// Float32 pages are released; the first conv (one input channel, K ≈ 10 values per frame, under 1 % of the
/// CNN's multiply-adds; measured: no faster in int8) stays Float32. The positional convolutions use
/// `positionalConvWeight`.
func featureEncoderConvWeight(_ scope: WeightScope, _ name: String, shape: [Int]) throws -> TimeMajorConvWeight {
    let weight = try scope.weight(name, shape: shape)
    guard scope.precision == .int8 && shape[1] > 1 else { return TimeMajorConvWeight(weight) }
    let prepared = try quantize(weight, name: name, in: scope) { (w) throws(QuantizationError) in
        try TimeMajorConvWeight(w, precision: .int8)
    }
    weight.releaseMappedPages()
    return prepared
}

/// A positional (grouped, padded) conv weight (Cout, Cin/G, K), prepared time-major; at `.int8` (the scope's
/// precision) quantized per output channel within each of its `groups` groups. `name` names the tensor in errors.
func positionalConvWeight(_ weight: Weight, groups: Int, name: String, in scope: WeightScope) throws -> TimeMajorConvWeight {
    guard scope.precision == .int8 else { return TimeMajorConvWeight(weight) }
    let prepared = try quantize(weight, name: name, in: scope) { (w) throws(QuantizationError) in
        try TimeMajorConvWeight(w, precision: .int8, groups: groups)
    }
    weight.releaseMappedPages()
    return prepared
}

/// Quantizes the weight `<scope>.<name>` with `make`; a weight that cannot be quantized (a NaN or infinity
/// anywhere in it, too many inputs) is a load error naming the tensor and the file.
func quantize<Q>(_ weight: Weight, name: String, in scope: WeightScope,
                 _ make: (Weight) throws(QuantizationError) -> Q) throws -> Q {
    do {
        return try make(weight)
    } catch {
        let problem = switch error {
        case .nonFinite: "cannot quantize to int8: it holds a NaN or infinity"
        case let .tooManyInputs(k): "cannot quantize to int8: \(k) inputs (at most 66000)"
        case .outOfMemory: "cannot quantize to int8: out of memory"
        }
        throw ModelError.unreadableTensor(file: scope.file, name: scope.key(name), problem: problem)
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
