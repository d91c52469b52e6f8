// 1-D convolution on time-major activations (L, C): the layout transformer models keep between layers,
// so no transposes are needed around the CNN encoder or the positional convolution. Same im2col + sgemm
// scheme as Conv1d.swift, with the columns transposed so that the weight is used as a Linear weight.
// With a `TimeMajorConvWeight` (kernel-major weight, made once at load time) the im2col rows are plain
// copies, or, when windows do not overlap, no copy at all (TimeMajorConvWeight.swift).

/// Writes the 1-D convolution of time-major `x` into time-major `out`.
///
/// Shapes: x (L, Cin); weight (Cout, Cin/G, K) in PyTorch layout; bias (Cout) or nil; out resized to
/// (Lout, Cout) with Lout = ⌊(L + 2P − K)/S⌋ + 1. Zero padding P on both sides.
/// PyTorch: `F.conv1d(x.T[None], weight, bias, stride=S, padding=P, groups=G)[0].T`.
public func conv1dTimeMajor(out: inout Tensor, x: Tensor, weight: Weight, bias: Weight?,
                            stride S: Int = 1, padding P: Int = 0, groups G: Int = 1,
                            workspace: inout Workspace) {
    precondition(x.shape.count == 2, "conv1dTimeMajor: x must be (L, Cin), got \(x.shape)")
    let geo = ConvGeometry(inChannels: x.shape[1], length: x.shape[0], weightShape: weight.shape, stride: S, padding: P, groups: G)
    weight.withUnsafeBufferPointer { pw in
        convTimeMajorChunks(out: &out, x: x, weight: base(pw), geo: geo, bias: bias, workspace: &workspace,
                            im2col: im2colTimeMajor)
    }
}

/// The time-major convolution as a new tensor. Shapes as in `conv1dTimeMajor(out:...)`.
/// PyTorch: `F.conv1d(x.T[None], weight, bias, stride=S, padding=P, groups=G)[0].T`.
public func conv1dTimeMajor(_ x: Tensor, weight: Weight, bias: Weight?,
                            stride: Int = 1, padding: Int = 0, groups: Int = 1) -> Tensor {
    var out = Tensor(zeros: [0]), workspace = Workspace()
    conv1dTimeMajor(out: &out, x: x, weight: weight, bias: bias, stride: stride, padding: padding,
                    groups: groups, workspace: &workspace)
    return out
}

/// Fills cols (n, CK) for group g and output positions t0 ..< t0 + n.
typealias Im2col = (_ cols: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ geo: ConvGeometry,
                    _ group: Int, _ t0: Int, _ n: Int) -> Void

/// Shared chunk loop: per chunk of output positions and per group, im2col then
/// out[t0 ..< t0+n, g·Og ..< (g+1)·Og] (+)= cols (n, CK) · W_g (Og, CK)ᵀ, the weight rows in the
/// column order `im2col` produces.
func convTimeMajorChunks(out: inout Tensor, x: Tensor, weight w: UnsafePointer<Float>, geo: ConvGeometry,
                         bias: Weight?, workspace: inout Workspace, im2col: Im2col) {
    out.resizeForOutput([geo.Lout, geo.Cout])
    if geo.Lout == 0 { return }
    let chunk = geo.chunk
    workspace.reserveColumns(geo.CK * chunk)
    out.data.withUnsafeMutableBufferPointer { po in
        let y = base(po)
        fillRowsWithBiasVector(y, rows: geo.Lout, bias: bias, width: geo.Cout)
        x.data.withUnsafeBufferPointer { px in
            workspace.columns.withUnsafeMutableBufferPointer { pc in
                var t0 = 0
                while t0 < geo.Lout {
                    let n = min(chunk, geo.Lout - t0)
                    for g in 0..<geo.G {
                        im2col(base(pc), base(px), geo, g, t0, n)
                        sgemm(m: n, n: geo.Og, k: geo.CK, a: base(pc), lda: geo.CK,
                              b: w + g * geo.Og * geo.CK, ldb: geo.CK, transposeB: true,
                              c: y + t0 * geo.Cout + g * geo.Og, ldc: geo.Cout, beta: bias == nil ? 0 : 1)
                    }
                    t0 += n
                }
            }
        }
    }
}

/// Sets every row of y (rows, width) to the bias vector (nothing without bias: sgemm then uses beta = 0).
func fillRowsWithBiasVector(_ y: UnsafeMutablePointer<Float>, rows: Int, bias: Weight?, width: Int) {
    guard let bias else { return }
    precondition(bias.count == width, "conv1d: bias has \(bias.count) values, expected \(width)")
    bias.withUnsafeBufferPointer { pb in
        for t in 0..<rows { (y + t * width).update(from: base(pb), count: width) }
    }
}

/// PyTorch column order, cols (n, CK): cols[j·CK + ci·K + k] = x[(t0 + j)·S + k − P, g·Cg + ci], 0 outside [0, L).
private func im2colTimeMajor(_ cols: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>,
                             geo: ConvGeometry, group g: Int, from t0: Int, count n: Int) {
    let (K, S, P, L, Cin, Cg, CK) = (geo.K, geo.S, geo.P, geo.L, geo.Cin, geo.Cg, geo.CK)
    for j in 0..<n {
        let row = cols + j * CK
        for k in 0..<K {
            let s = (t0 + j) * S + k - P
            if s < 0 || s >= L {
                for ci in 0..<Cg { row[ci * K + k] = 0 }
            } else {
                let src = x + s * Cin + g * Cg
                for ci in 0..<Cg { row[ci * K + k] = src[ci] }
            }
        }
    }
}
