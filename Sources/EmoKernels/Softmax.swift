// Numerically stable softmax over the last dimension; −inf entries (masked classes) get probability 0.

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

/// One row: max, then e^(x − max) with the vectorised exp (≈ 2 ulp), then a scale by 1/sum; all three
/// passes eight lanes at a time.
@inline(__always)
func softmaxRow(_ p: UnsafeMutablePointer<Float>, count C: Int) {
    let raw = UnsafeMutableRawPointer(p)
    let maximum = max8(p, count: C)
    if maximum == -.infinity {   // every entry masked: 0/0 in PyTorch
        p.update(repeating: .nan, count: C)
        return
    }
    var sums = Float8(repeating: 0)
    var i = 0
    while i + 8 <= C {
        let e = exp8(raw.loadUnaligned(fromByteOffset: i * 4, as: Float8.self) - maximum)
        raw.storeBytes(of: e, toByteOffset: i * 4, as: Float8.self)
        sums += e
        i += 8
    }
    var sum = sums.sum()
    if i < C {
        var v = Float8(repeating: -Float.infinity)
        for j in 0..<(C - i) { v[j] = p[i + j] }
        let e = exp8(v - maximum)
        for j in 0..<(C - i) { p[i + j] = e[j]; sum += e[j] }
    }
    let inv = 1 / sum
    i = 0
    while i + 8 <= C {
        raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: i * 4, as: Float8.self) * inv,
                       toByteOffset: i * 4, as: Float8.self)
        i += 8
    }
    while i < C { p[i] *= inv; i += 1 }
}

/// Largest of `n` ≥ 1 floats (NaN entries are ignored, as a comparison with NaN is false).
@inline(__always)
func max8(_ p: UnsafePointer<Float>, count n: Int) -> Float {
    var best = Float8(repeating: -.infinity)
    var i = 0
    while i + 8 <= n {
        let v = UnsafeRawPointer(p + i).loadUnaligned(as: Float8.self)
        best.replace(with: v, where: v .> best)
        i += 8
    }
    var m = best.max()
    while i < n { m = max(m, p[i]); i += 1 }
    return m
}
