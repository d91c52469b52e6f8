// Numerically stable softmax over the last dimension; −inf entries (masked classes) get probability 0.
import CEmoKernels

/// Replaces each row of `x` (over its last dimension) by its softmax, in place.
///
/// Shapes: x (..., C). Subtracts the row maximum first, so large logits do not overflow. An entry of
/// −inf becomes 0; a row that is entirely −inf becomes NaN, as in PyTorch.
/// PyTorch: `torch.softmax(x, dim=-1)`.
public func applySoftmax(_ x: inout Tensor) {
    let C = x.lastDimension, R = x.rowCount
    if C == 0 { return }
    x.data.withUnsafeMutableBufferPointer { p in
        for r in 0..<R { softmaxRow(base(p) + r * C, count: C) }
    }
}

/// Softmax of a copy over the last dimension. PyTorch: `torch.softmax(x, dim=-1)`.
public func softmax(_ x: Tensor) -> Tensor {
    var y = x
    applySoftmax(&y)
    return y
}

/// One row, vectorised in C (CEmoKernels): max, e^(x − max) (≈ 2 ulp), scale by 1/sum.
@inline(__always)
func softmaxRow(_ p: UnsafeMutablePointer<Float>, count C: Int) {
    emo_softmax(p, C)
}
