// Exact (erf) GELU, as PyTorch's default `nn.GELU()`; not the tanh approximation.
import CEmoKernels

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

/// 0.5·x·(1 + erf(x/√2)), vectorised in C (CEmoKernels: AVX2+FMA when the CPU has it; rational erf
/// with absolute error ≤ 4e-7, so the GELU error is ≤ 2e-7·|x|).
@inline(__always)
func geluInPlace(_ p: UnsafeMutablePointer<Float>, count n: Int) {
    emo_gelu(p, n)
}
