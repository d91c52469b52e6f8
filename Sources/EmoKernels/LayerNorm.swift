// Layer normalisation: per row over the last dimension (with or without affine), and over all elements
// of a tensor at once (waveform normalisation; SpeechBrain's output norm over T×D). Biased variance,
// eps inside the square root, as PyTorch.

/// Normalises each row of `x` over its last dimension C, in place, then applies `weight`/`bias` if given.
///
/// Shapes: x (..., C); weight, bias: (C) or nil (no affine).
/// y = (x − mean) / sqrt(var + eps) · weight + bias, var biased (÷C).
/// PyTorch: `F.layer_norm(x, (C,), weight, bias, eps)`.
public func applyLayerNorm(_ x: inout Tensor, weight: Weight?, bias: Weight?, eps: Float) {
    let C = x.lastDimension, R = x.rowCount
    precondition(weight == nil || weight!.count == C, "layerNorm: weight does not have \(C) values")
    precondition(bias == nil || bias!.count == C, "layerNorm: bias does not have \(C) values")
    if C == 0 { return }
    x.data.withUnsafeMutableBufferPointer { px in
        withOptionalPointer(weight) { w in
            withOptionalPointer(bias) { b in
                for r in 0..<R {
                    normaliseRow(base(px) + r * C, count: C, weight: w, bias: b, eps: eps)
                }
            }
        }
    }
}

/// `applyLayerNorm` on a copy. PyTorch: `F.layer_norm(x, (C,), weight, bias, eps)`.
public func layerNorm(_ x: Tensor, weight: Weight?, bias: Weight?, eps: Float) -> Tensor {
    var y = x
    applyLayerNorm(&y, weight: weight, bias: bias, eps: eps)
    return y
}

/// Normalises all elements of `x` together, in place, with no affine: one mean and one variance.
///
/// Shapes: x any. Statistics accumulate in Float64 (inputs reach hundreds of thousands of samples).
/// PyTorch: `F.layer_norm(x, x.shape, eps=eps)` (waveform normalisation; SpeechBrain's output norm).
public func applyLayerNormAll(_ x: inout Tensor, eps: Float) {
    let n = x.count
    if n == 0 { return }
    x.data.withUnsafeMutableBufferPointer { px in
        let (mean, rstd) = meanAndInverseStd(UnsafePointer(base(px)), count: n, stride: 1, eps: eps)
        for i in 0..<n { px[i] = (px[i] - mean) * rstd }
    }
}

/// `applyLayerNormAll` on a copy. PyTorch: `F.layer_norm(x, x.shape, eps=eps)`.
public func layerNormAll(_ x: Tensor, eps: Float) -> Tensor {
    var y = x
    applyLayerNormAll(&y, eps: eps)
    return y
}

/// One row: y = (x − mean)·rstd·w + b; statistics in Float32 with eight-lane partial sums (two passes;
/// rows are at most a few thousand values, so this stays within a few ulp of a Float64 computation).
@inline(__always)
private func normaliseRow(_ p: UnsafeMutablePointer<Float>, count C: Int,
                          weight w: UnsafePointer<Float>?, bias b: UnsafePointer<Float>?, eps: Float) {
    let mean = sum8(p, count: C) / Float(C)
    let rstd = 1 / (sumSquaredDeviations8(p, count: C, mean: mean) / Float(C) + eps).squareRoot()
    let raw = UnsafeMutableRawPointer(p)
    var c = 0
    switch (w, b) {
    case let (w?, b?):
        while c + 8 <= C {
            let x = raw.loadUnaligned(fromByteOffset: c * 4, as: Float8.self)
            let wv = UnsafeRawPointer(w + c).loadUnaligned(as: Float8.self)
            let bv = UnsafeRawPointer(b + c).loadUnaligned(as: Float8.self)
            raw.storeBytes(of: (x - mean) * rstd * wv + bv, toByteOffset: c * 4, as: Float8.self)
            c += 8
        }
        while c < C { p[c] = (p[c] - mean) * rstd * w[c] + b[c]; c += 1 }
    default:
        while c + 8 <= C {
            let x = raw.loadUnaligned(fromByteOffset: c * 4, as: Float8.self)
            raw.storeBytes(of: (x - mean) * rstd, toByteOffset: c * 4, as: Float8.self)
            c += 8
        }
        while c < C { p[c] = (p[c] - mean) * rstd; c += 1 }
        if let w { for c in 0..<C { p[c] *= w[c] } }
        if let b { for c in 0..<C { p[c] += b[c] } }
    }
}

/// Mean and 1/sqrt(biased variance + eps) of `count` values `stride` apart, accumulated in Float64.
func meanAndInverseStd(_ p: UnsafePointer<Float>, count n: Int, stride: Int, eps: Float) -> (Float, Float) {
    var sum = 0.0
    for i in 0..<n { sum += Double(p[i * stride]) }
    let mean = sum / Double(n)
    var sq = 0.0
    for i in 0..<n { let d = Double(p[i * stride]) - mean; sq += d * d }
    let variance = sq / Double(n)
    return (Float(mean), Float(1 / (variance + Double(eps)).squareRoot()))
}

/// Calls `body` with the weight's base pointer, or nil when there is no weight.
@inline(__always)
func withOptionalPointer<R>(_ weight: Weight?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let weight else { return body(nil) }
    return weight.withUnsafeBufferPointer { body(base($0)) }
}
