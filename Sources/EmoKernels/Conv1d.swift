// 1-D convolution as im2col + one sgemm per group and chunk of output positions, channels-first (C, L)
// as PyTorch. The time-major variant (L, C), which transformer models prefer, is in Conv1d+TimeMajor.swift.
//
// Dimension letters: Cin/Cout channels, L input length, Lout output length, K kernel, S stride, P padding,
// G groups, Cg = Cin/G input channels per group, Og = Cout/G output channels per group, CK = Cg·K.

/// Output length of a 1-D convolution: `⌊(L + 2P − K) / S⌋ + 1` (0 when the kernel does not fit).
public func conv1dOutputLength(inputLength L: Int, kernel K: Int, stride S: Int = 1, padding P: Int = 0) -> Int {
    let span = L + 2 * P - K
    return span < 0 ? 0 : span / S + 1
}

/// Validated sizes of one conv1d call.
struct ConvGeometry {
    let Cin, Cout, L, Lout, K, S, P, G, Cg, Og, CK: Int

    /// `weightShape`: the PyTorch weight shape (Cout, Cin/G, K).
    init(inChannels Cin: Int, length L: Int, weightShape: [Int], stride S: Int, padding P: Int, groups G: Int) {
        precondition(weightShape.count == 3, "conv1d: weight must be (Cout, Cin/groups, K), got \(weightShape)")
        precondition(S >= 1 && P >= 0 && G >= 1, "conv1d: stride \(S), padding \(P), groups \(G)")
        let Cout = weightShape[0], Cg = weightShape[1], K = weightShape[2]
        precondition(Cin % G == 0 && Cout % G == 0 && Cg == Cin / G,
                     "conv1d: \(Cin) input / \(Cout) output channels, groups \(G), weight \(weightShape)")
        (self.Cin, self.Cout, self.L, self.K, self.S, self.P, self.G) = (Cin, Cout, L, K, S, P, G)
        (self.Cg, self.Og, self.CK) = (Cg, Cout / G, Cg * K)
        self.Lout = conv1dOutputLength(inputLength: L, kernel: K, stride: S, padding: P)
    }

    /// Output positions per im2col chunk: bounds the column buffer near `conv1dChunkFloats` floats
    /// (memory stays flat for long utterances) while leaving sgemm a tall matrix, so the weight (repacked
    /// by OpenBLAS on every call) is packed only a few times per layer.
    var chunk: Int { max(1, min(Lout, max(conv1dMinimumChunk, conv1dChunkFloats / max(CK, 1)))) }
}

/// Target size of one im2col chunk, in floats (16 MB). Measured on emotion2vec's conv 1 (10 s of audio):
/// 4 MB chunks reach ~92% of the plain-sgemm rate, 16 MB ~95% (fewer weight repacks); more gains nothing.
let conv1dChunkFloats = 1 << 22
/// Smallest chunk in output positions, so sgemm never runs on very thin matrices.
let conv1dMinimumChunk = 64

/// Writes the 1-D convolution of `x` into `out`, channels-first.
///
/// Shapes: x (Cin, L); weight (Cout, Cin/G, K); bias (Cout) or nil; out resized to (Cout, Lout) with
/// Lout = ⌊(L + 2P − K)/S⌋ + 1. Zero padding P on both sides.
/// PyTorch: `F.conv1d(x[None], weight, bias, stride=S, padding=P, groups=G)[0]`.
public func conv1d(out: inout Tensor, x: Tensor, weight: Weight, bias: Weight?,
                   stride S: Int = 1, padding P: Int = 0, groups G: Int = 1, workspace: inout Workspace) {
    precondition(x.shape.count == 2, "conv1d: x must be (Cin, L), got \(x.shape)")
    let geo = ConvGeometry(inChannels: x.shape[0], length: x.shape[1], weightShape: weight.shape, stride: S, padding: P, groups: G)
    out.resizeForOutput([geo.Cout, geo.Lout])
    if geo.Lout == 0 { return }
    let chunk = geo.chunk
    workspace.reserveColumns(geo.CK * chunk)
    out.data.withUnsafeMutableBufferPointer { po in
        let y = base(po)
        fillRowsWithBias(y, rows: geo.Cout, length: geo.Lout, bias: bias)
        x.data.withUnsafeBufferPointer { px in
            weight.withUnsafeBufferPointer { pw in
                workspace.columns.withUnsafeMutableBufferPointer { pc in
                    var t0 = 0
                    while t0 < geo.Lout {
                        let n = min(chunk, geo.Lout - t0)
                        for g in 0..<G {
                            im2colChannelsFirst(base(pc), x: base(px), geo: geo, group: g, from: t0, count: n)
                            // out[g·Og ..< (g+1)·Og, t0 ..< t0+n] (+)= W_g (Og, CK) · cols (CK, n)
                            sgemm(m: geo.Og, n: n, k: geo.CK,
                                  a: base(pw) + g * geo.Og * geo.CK, lda: geo.CK,
                                  b: base(pc), ldb: n, transposeB: false,
                                  c: y + g * geo.Og * geo.Lout + t0, ldc: geo.Lout, beta: bias == nil ? 0 : 1)
                        }
                        t0 += n
                    }
                }
            }
        }
    }
}

/// The convolution as a new tensor (allocates its own scratch). Shapes as in `conv1d(out:...)`.
/// PyTorch: `F.conv1d(x[None], weight, bias, stride=S, padding=P, groups=G)[0]`.
public func conv1d(_ x: Tensor, weight: Weight, bias: Weight?,
                   stride: Int = 1, padding: Int = 0, groups: Int = 1) -> Tensor {
    var out = Tensor(zeros: [0]), workspace = Workspace()
    conv1d(out: &out, x: x, weight: weight, bias: bias, stride: stride, padding: padding, groups: groups,
           workspace: &workspace)
    return out
}

/// cols (CK, n): cols[(ci·K + k)·n + j] = x[g·Cg + ci, (t0 + j)·S + k − P], 0 outside [0, L).
@inline(__always)
private func im2colChannelsFirst(_ cols: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>,
                                 geo: ConvGeometry, group g: Int, from t0: Int, count n: Int) {
    let (K, S, P, L) = (geo.K, geo.S, geo.P, geo.L)
    for ci in 0..<geo.Cg {
        let src = x + (g * geo.Cg + ci) * L
        for k in 0..<K {
            let dst = cols + (ci * K + k) * n
            // Input index of output j is s(j) = (t0 + j)·S + k − P; valid for 0 ≤ s(j) < L.
            let first = t0 * S + k - P
            for j in 0..<n {
                let s = first + j * S
                dst[j] = (s >= 0 && s < L) ? src[s] : 0
            }
        }
    }
}

/// Initialises `rows` rows of `length` values to bias[row] (or leaves them for a beta = 0 sgemm).
@inline(__always)
func fillRowsWithBias(_ y: UnsafeMutablePointer<Float>, rows: Int, length: Int, bias: Weight?) {
    guard let bias else { return }
    precondition(bias.count == rows, "conv1d: bias has \(bias.count) values, expected \(rows)")
    bias.withUnsafeBufferPointer { pb in
        for r in 0..<rows { (y + r * length).update(repeating: pb[r], count: length) }
    }
}
