// Exact (erf) GELU, as PyTorch's default `nn.GELU()`; not the tanh approximation.

/// Applies GELU in place: y = 0.5 · x · (1 + erf(x / √2)).
///
/// Shapes: x any. PyTorch: `F.gelu(x)` (approximate='none').
public func applyGelu(_ x: inout Tensor) {
    x.data.withUnsafeMutableBufferPointer { p in
        geluInPlace(base(p), count: p.count)
    }
}

/// GELU of a copy. PyTorch: `F.gelu(x)`.
public func gelu(_ x: Tensor) -> Tensor {
    var y = x
    applyGelu(&y)
    return y
}

/// 0.5·x·(1 + erf(x/√2)) with the vectorised erf of VectorMath.swift (absolute error ≤ 1e-7·|x|).
@inline(__always)
func geluInPlace(_ p: UnsafeMutablePointer<Float>, count n: Int) {
    let invSqrt2: Float = 0.70710678118654752440
    mapInPlace8(p, count: n) { v in 0.5 * v * (1 + erf8(v * invSqrt2)) }
}
