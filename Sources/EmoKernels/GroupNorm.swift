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
/// Per-channel sums run across the contiguous channels of each row (eight lanes at a time), in Float32
/// over blocks of `groupNormBlockRows` rows and in Float64 across blocks, so long inputs keep ~1e-7
/// relative accuracy. PyTorch: `F.group_norm(x.T[None], G, weight, bias, eps)[0].T`.
public func applyGroupNormTimeMajor(_ x: inout Tensor, groups G: Int, weight: Weight?, bias: Weight?, eps: Float) {
    precondition(x.shape.count == 2, "groupNormTimeMajor: x must be (L, C), got \(x.shape)")
    let L = x.shape[0], C = x.shape[1]
    checkGroupNorm(C: C, G: G, weight: weight, bias: bias)
    if L == 0 || C == 0 { return }
    let Cg = C / G
    var mean = [Float](repeating: 0, count: C), scale = mean, shift = mean
    x.data.withUnsafeMutableBufferPointer { px in
        let p = base(px)
        let sum = channelSums(p, rows: L, channels: C, center: nil)
        var groupMean = [Float](repeating: 0, count: G)
        for g in 0..<G { groupMean[g] = Float(sum[(g * Cg)..<((g + 1) * Cg)].reduce(0, +) / Double(Cg * L)) }
        for c in 0..<C { mean[c] = groupMean[c / Cg] }
        let squares = channelSums(p, rows: L, channels: C, center: mean)
        withOptionalPointer(weight) { w in
            withOptionalPointer(bias) { b in
                for g in 0..<G {
                    let variance = squares[(g * Cg)..<((g + 1) * Cg)].reduce(0, +) / Double(Cg * L)
                    let rstd = Float(1 / (variance + Double(eps)).squareRoot())
                    for c in (g * Cg)..<((g + 1) * Cg) { scale[c] = rstd * (w?[c] ?? 1); shift[c] = b?[c] ?? 0 }
                }
            }
        }
        // y = (x − mean)·scale + shift, row by row, eight channels at a time.
        mean.withUnsafeBufferPointer { m in scale.withUnsafeBufferPointer { sc in shift.withUnsafeBufferPointer { sh in
            for t in 0..<L {
                let row = p + t * C
                var c = 0
                while c + 8 <= C {
                    let v = UnsafeRawPointer(row + c).loadUnaligned(as: Float8.self)
                    let y = (v - UnsafeRawPointer(m.baseAddress! + c).loadUnaligned(as: Float8.self))
                        * UnsafeRawPointer(sc.baseAddress! + c).loadUnaligned(as: Float8.self)
                        + UnsafeRawPointer(sh.baseAddress! + c).loadUnaligned(as: Float8.self)
                    UnsafeMutableRawPointer(row + c).storeBytes(of: y, as: Float8.self)
                    c += 8
                }
                while c < C { row[c] = (row[c] - m[c]) * sc[c] + sh[c]; c += 1 }
            }
        } } }
    }
}

/// Rows summed within a block in Float32 before the block total moves to Float64.
let groupNormBlockRows = 256

/// Per-channel Σ_t x[t, c] (or Σ_t (x[t, c] − center[c])² with `center`) over x (rows, channels).
private func channelSums(_ p: UnsafePointer<Float>, rows L: Int, channels C: Int, center: [Float]?) -> [Double] {
    var total = [Double](repeating: 0, count: C)
    var block = [Float](repeating: 0, count: C)
    let zero = [Float](repeating: 0, count: C)
    (center ?? zero).withUnsafeBufferPointer { m in
        block.withUnsafeMutableBufferPointer { acc in
            let a = acc.baseAddress!, mu = m.baseAddress!
            var t0 = 0
            while t0 < L {
                a.update(repeating: 0, count: C)
                for t in t0..<min(t0 + groupNormBlockRows, L) {
                    let row = p + t * C
                    var c = 0
                    while c + 8 <= C {
                        var v = UnsafeRawPointer(row + c).loadUnaligned(as: Float8.self)
                        if center != nil { v -= UnsafeRawPointer(mu + c).loadUnaligned(as: Float8.self); v *= v }
                        let s = UnsafeRawPointer(a + c).loadUnaligned(as: Float8.self) + v
                        UnsafeMutableRawPointer(a + c).storeBytes(of: s, as: Float8.self)
                        c += 8
                    }
                    while c < C {
                        let d = center != nil ? (row[c] - mu[c]) * (row[c] - mu[c]) : row[c]
                        a[c] += d
                        c += 1
                    }
                }
                for c in 0..<C { total[c] += Double(a[c]) }
                t0 += groupNormBlockRows
            }
        }
    }
    return total
}

private func checkGroupNorm(C: Int, G: Int, weight: Weight?, bias: Weight?) {
    precondition(G >= 1 && C % G == 0, "groupNorm: \(C) channels do not split into \(G) groups")
    precondition(weight == nil || weight!.count == C, "groupNorm: weight does not have \(C) values")
    precondition(bias == nil || bias!.count == C, "groupNorm: bias does not have \(C) values")
}
