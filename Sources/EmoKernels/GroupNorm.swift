// Group normalisation over channels-first (C, L) or time-major (L, C) activations. wav2vec2's first conv
// layer uses GroupNorm(num_groups = C, C): every channel is normalised over time on its own.

/// Normalises each group of C/G channels over all its values (channels × time), in place, then applies
/// the per-channel affine if given.
///
/// Shapes: x (C, L) channels-first; weight, bias: (C) or nil. Statistics in Float64 (L can be ~10⁵).
/// PyTorch: `F.group_norm(x[None], G, weight, bias, eps)[0]`.
public func applyGroupNorm(_ x: inout Tensor, groups G: Int, weight: Weight?, bias: Weight?, eps: Float) {
    precondition(x.shape.count == 2, "groupNorm: x must be (C, L), got \(x.shape)")
    let C = x.shape[0], L = x.shape[1]
    checkGroupNorm(C: C, G: G, weight: weight, bias: bias)
    if L == 0 || C == 0 { return }
    let Cg = C / G
    x.data.withUnsafeMutableBufferPointer { px in
        withOptionalPointer(weight) { w in
            withOptionalPointer(bias) { b in
                for g in 0..<G {
                    let p = base(px) + g * Cg * L   // the group's channels are contiguous rows
                    let (mean, rstd) = meanAndInverseStd(UnsafePointer(p), count: Cg * L, stride: 1, eps: eps)
                    for ci in 0..<Cg {
                        let c = g * Cg + ci
                        let scale = rstd * (w?[c] ?? 1), shift = b?[c] ?? 0
                        let row = p + ci * L
                        for t in 0..<L { row[t] = (row[t] - mean) * scale + shift }
                    }
                }
            }
        }
    }
}

/// Group norm on time-major activations, in place. Shapes: x (L, C); weight, bias: (C) or nil.
/// PyTorch: `F.group_norm(x.T[None], G, weight, bias, eps)[0].T`.
public func applyGroupNormTimeMajor(_ x: inout Tensor, groups G: Int, weight: Weight?, bias: Weight?, eps: Float) {
    precondition(x.shape.count == 2, "groupNormTimeMajor: x must be (L, C), got \(x.shape)")
    let L = x.shape[0], C = x.shape[1]
    checkGroupNorm(C: C, G: G, weight: weight, bias: bias)
    if L == 0 || C == 0 { return }
    let Cg = C / G
    var mean = [Float](repeating: 0, count: C), scale = mean, shift = mean
    x.data.withUnsafeMutableBufferPointer { px in
        // Per-channel sums in one row-wise pass (cache friendly), combined per group in Float64.
        var sum = [Double](repeating: 0, count: C)
        for t in 0..<L { let row = px.baseAddress! + t * C; for c in 0..<C { sum[c] += Double(row[c]) } }
        var groupMean = [Double](repeating: 0, count: G)
        for g in 0..<G { groupMean[g] = sum[(g * Cg)..<((g + 1) * Cg)].reduce(0, +) / Double(Cg * L) }
        var sq = [Double](repeating: 0, count: C)
        for t in 0..<L {
            let row = px.baseAddress! + t * C
            for c in 0..<C { let d = Double(row[c]) - groupMean[c / Cg]; sq[c] += d * d }
        }
        withOptionalPointer(weight) { w in
            withOptionalPointer(bias) { b in
                for g in 0..<G {
                    let variance = sq[(g * Cg)..<((g + 1) * Cg)].reduce(0, +) / Double(Cg * L)
                    let rstd = Float(1 / (variance + Double(eps)).squareRoot())
                    for c in (g * Cg)..<((g + 1) * Cg) {
                        mean[c] = Float(groupMean[g]); scale[c] = rstd * (w?[c] ?? 1); shift[c] = b?[c] ?? 0
                    }
                }
            }
        }
        for t in 0..<L {
            let row = px.baseAddress! + t * C
            for c in 0..<C { row[c] = (row[c] - mean[c]) * scale[c] + shift[c] }
        }
    }
}

private func checkGroupNorm(C: Int, G: Int, weight: Weight?, bias: Weight?) {
    precondition(G >= 1 && C % G == 0, "groupNorm: \(C) channels do not split into \(G) groups")
    precondition(weight == nil || weight!.count == C, "groupNorm: weight does not have \(C) values")
    precondition(bias == nil || bias!.count == C, "groupNorm: bias does not have \(C) values")
}
