// Multi-head self-attention core: per head S = (q·kᵀ)/√d + bias, P = softmax(S), O = P·v, heads
// concatenated. Both products are sgemm calls addressing the head's columns in place (no copies); one
// (N, N) score buffer from the Workspace is reused for every head. The input and output projections are
// plain `linear` calls made by the model.
//
// Dimension letters: N tokens, D model width, H heads, d = D/H head width.

/// An additive attention bias per head, added to the scaled scores before the softmax.
public enum AttentionBias: Sendable {
    /// No bias (wav2vec2).
    case none
    /// A full bias, shape (H, N, N): S[h, i, j] += bias[h, i, j].
    case dense(Tensor)
    /// A bias that depends only on the distance between tokens i, j ≥ `offset`, shape (H, M) with
    /// M ≥ N − offset: S[h, i, j] += table[h, |i − j|]; rows and columns before `offset` get 0.
    /// This is emotion2vec's ALiBi (offset = number of extra tokens) in O(H·N) memory instead of O(H·N²).
    case distance(table: Tensor, offset: Int)
    /// A signed relative-position bias scaled per head and query: S[h, i, j] += gate[h, i] · table[h, (N − 1) + j − i],
    /// table (H, 2N − 1), gate (H, N). WavLM's gated relative position bias (`WavLMAttention.forward`:
    /// `gate_output.view(bsz * heads, -1, 1) * position_bias`, passed as the additive `attn_mask`), in O(H·N)
    /// memory instead of the (H, N, N) tensor transformers builds.
    case gatedRelative(table: Tensor, gate: Tensor)
}

/// Self-attention from a fused projection: writes the concatenated head outputs into `out`.
///
/// Shapes: qkv (N, 3D), columns [0, D) = q, [D, 2D) = k, [2D, 3D) = v, head h at columns h·d ..< (h+1)·d
/// inside each; out resized to (N, D). Scores are scaled by 1/√d.
/// PyTorch: `q, k, v = qkv.view(N, 3, H, d).permute(1, 2, 0, 3)`;
/// `F.scaled_dot_product_attention(q, k, v, attn_mask=bias).transpose(0, 1).reshape(N, D)`.
public func attention(out: inout Tensor, qkv: Tensor, heads H: Int, bias: AttentionBias,
                      workspace: inout Workspace) {
    precondition(qkv.shape.count == 2 && qkv.shape[1] % 3 == 0, "attention: qkv must be (N, 3D), got \(qkv.shape)")
    let N = qkv.shape[0], D = qkv.shape[1] / 3
    out.resizeForOutput([N, D])
    qkv.data.withUnsafeBufferPointer { p in
        out.data.withUnsafeMutableBufferPointer { po in
            attentionHeads(out: base(po), q: base(p), k: base(p) + D, v: base(p) + 2 * D, ld: 3 * D,
                           N: N, D: D, H: H, bias: bias, workspace: &workspace)
        }
    }
}

/// Self-attention from separate projections q, k, v, each (N, D); out resized to (N, D).
/// PyTorch: `F.scaled_dot_product_attention(q.view(N,H,d).transpose(0,1), k..., v..., attn_mask=bias)`
/// `.transpose(0, 1).reshape(N, D)` (wav2vec2 / HF `Wav2Vec2Attention` without a mask).
public func attention(out: inout Tensor, q: Tensor, k: Tensor, v: Tensor, heads H: Int, bias: AttentionBias,
                      workspace: inout Workspace) {
    precondition(q.shape.count == 2 && k.shape == q.shape && v.shape == q.shape,
                 "attention: q, k, v must all be (N, D), got \(q.shape), \(k.shape), \(v.shape)")
    let N = q.shape[0], D = q.shape[1]
    out.resizeForOutput([N, D])
    q.data.withUnsafeBufferPointer { pq in
        k.data.withUnsafeBufferPointer { pk in
            v.data.withUnsafeBufferPointer { pv in
                out.data.withUnsafeMutableBufferPointer { po in
                    attentionHeads(out: base(po), q: base(pq), k: base(pk), v: base(pv), ld: D,
                                   N: N, D: D, H: H, bias: bias, workspace: &workspace)
                }
            }
        }
    }
}

/// Value-returning form of the fused attention (allocates its own scratch).
public func attention(qkv: Tensor, heads: Int, bias: AttentionBias) -> Tensor {
    var out = Tensor(zeros: [0]), workspace = Workspace()
    attention(out: &out, qkv: qkv, heads: heads, bias: bias, workspace: &workspace)
    return out
}

/// q, k, v: (N, ·) with row stride `ld`, head h at column offset h·d; out (N, D) with row stride D.
private func attentionHeads(out: UnsafeMutablePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                            v: UnsafePointer<Float>, ld: Int, N: Int, D: Int, H: Int, bias: AttentionBias,
                            workspace: inout Workspace) {
    precondition(H >= 1 && D % H == 0, "attention: width \(D) does not split into \(H) heads")
    checkBias(bias, N: N, H: H)
    if N == 0 { return }
    let d = D / H
    let scale = 1 / Float(d).squareRoot()
    workspace.reserveScores(N * N)
    let unfolded = unfoldDistanceBias(bias, N: N, H: H, into: &workspace.biasRows)
    workspace.scores.withUnsafeMutableBufferPointer { ps in
        workspace.biasRows.withUnsafeBufferPointer { pb in
            let s = base(ps)
            for h in 0..<H {
                // S (N, N) = scale · q_h (N, d) · k_h (N, d)ᵀ
                sgemm(m: N, n: N, k: d, a: q + h * d, lda: ld, b: k + h * d, ldb: ld, transposeB: true,
                      c: s, ldc: N, alpha: scale)
                switch bias {
                case .none: break
                case let .dense(t):
                    t.data.withUnsafeBufferPointer { pt in addInPlace8(s, base(pt) + h * N * N, count: N * N) }
                case let .distance(_, offset):
                    // Row i ≥ offset gets mirror[(L − 1) + (j − i)] for j in offset ..< N: one contiguous slice.
                    let L = unfolded, mirror = base(pb) + h * (2 * L - 1)
                    for i in offset..<max(offset, N) {
                        addInPlace8(s + i * N + offset, mirror + (L - 1) + offset - i, count: L)
                    }
                case let .gatedRelative(table, gate):
                    // Row i adds gate[h, i] · table[h, (N − 1 − i) ..< (2N − 1 − i)]: one contiguous slice.
                    table.data.withUnsafeBufferPointer { pt in
                        gate.data.withUnsafeBufferPointer { pg in
                            let row = base(pt) + h * (2 * N - 1)
                            for i in 0..<N { addScaledInPlace8(s + i * N, row + (N - 1 - i), scale: pg[h * N + i], count: N) }
                        }
                    }
                }
                for i in 0..<N { softmaxRow(s + i * N, count: N) }
                // O_h (N, d) = P (N, N) · v_h (N, d), written into out's columns h·d ..< (h+1)·d
                sgemm(m: N, n: d, k: N, a: s, lda: N, b: v + h * d, ldb: ld, transposeB: false,
                      c: out + h * d, ldc: D)
            }
        }
    }
}

/// For a distance bias over L = N − offset tokens, writes per head mirror[(L − 1) + δ] = table[|δ|],
/// δ in −(L − 1) ... L − 1, into `rows` (H, 2L − 1); returns L (0 for other biases).
private func unfoldDistanceBias(_ bias: AttentionBias, N: Int, H: Int, into rows: inout [Float]) -> Int {
    guard case let .distance(table, offset) = bias, N > offset else { return 0 }
    let L = N - offset, M = table.shape[1], width = 2 * L - 1
    if rows.count < H * width { rows = [Float](repeating: 0, count: H * width) }
    for h in 0..<H {
        for delta in -(L - 1)...(L - 1) { rows[h * width + (L - 1) + delta] = table.data[h * M + abs(delta)] }
    }
    return L
}

private func checkBias(_ bias: AttentionBias, N: Int, H: Int) {
    switch bias {
    case .none: break
    case let .dense(t):
        precondition(t.shape == [H, N, N], "attention: dense bias must be (\(H), \(N), \(N)), got \(t.shape)")
    case let .distance(table, offset):
        precondition(table.shape.count == 2 && table.shape[0] == H && offset >= 0
                     && table.shape[1] >= N - offset,
                     "attention: distance table must be (\(H), ≥\(N - offset)), got \(table.shape)")
    case let .gatedRelative(table, gate):
        precondition(table.shape == [H, 2 * N - 1] && gate.shape == [H, N],
                     "attention: relative table must be (\(H), \(2 * N - 1)) and gate (\(H), \(N)), "
                        + "got \(table.shape), \(gate.shape)")
    }
}

/// y[i] += scale · x[i] for `n` floats, eight at a time (the product rounded, then added, as torch's
/// `gate * bias` followed by the attention's `attn_mask` addition).
@inline(__always)
private func addScaledInPlace8(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, scale: Float, count n: Int) {
    var i = 0
    let factor = Float8(repeating: scale)
    while i + 8 <= n {
        let product = UnsafeRawPointer(x + i).loadUnaligned(as: Float8.self) * factor
        let sum = UnsafeRawPointer(y + i).loadUnaligned(as: Float8.self) + product
        UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: Float8.self)
        i += 8
    }
    while i < n { let product = scale * x[i]; y[i] += product; i += 1 }
}

/// y[i] += x[i] for `n` floats, eight at a time.
@inline(__always)
private func addInPlace8(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count n: Int) {
    var i = 0
    while i + 8 <= n {
        let sum = UnsafeRawPointer(y + i).loadUnaligned(as: Float8.self) + UnsafeRawPointer(x + i).loadUnaligned(as: Float8.self)
        UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: Float8.self)
        i += 8
    }
    while i < n { y[i] += x[i]; i += 1 }
}
