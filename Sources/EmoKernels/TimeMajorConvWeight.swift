// A conv1d weight reordered once, at load time, for time-major convolution: PyTorch (Cout, Cin/G, K)
// becomes kernel-major (Cout, K, Cin/G). One output frame's im2col row is then K contiguous runs of
// Cin/G input values (a single run of K·Cin when G = 1): the im2col is a plain copy, and when the
// windows do not overlap (K ≤ S, G = 1, no padding) there is no im2col at all — sgemm reads x directly.

/// A conv1d weight prepared for `conv1dTimeMajor(out:x:weight:...)`; build it once when loading a model.
///
/// int8 (`precision: .int8`): the kernel-major rows (Cout, K·Cin/G) of each group are quantized per output
/// channel like a linear weight and the Float32 copy is not kept. Ungrouped, unpadded convs (the CNN feature
/// encoders): each output frame's window x[t·S ..< t·S + K] (K·Cin contiguous values) is one activation row,
/// quantized per row, and the conv is one int8 GEMM with no im2col (rows overlap when K > S). Grouped or padded
/// convs (the positional convolutions): per group, the kernel-major im2col rows (zeros where the window leaves
/// x) are quantized per row and multiplied with that group's int8 rows.
public struct TimeMajorConvWeight: Sendable {
    /// The PyTorch shape it was made from: (Cout, Cin/G, K).
    public let shape: [Int]
    /// (Cout, K, Cin/G), row-major; nil when the weight is held in int8 only.
    let kernelMajor: Weight?
    /// The int8 rows (Cout/G, K·Cin/G) of each group when prepared at `.int8`; empty at fp32.
    public let quantizedGroups: [QuantizedWeight]
    /// The int8 rows (Cout, K·Cin) of an ungrouped weight prepared at `.int8`.
    public var quantized: QuantizedWeight? { quantizedGroups.count == 1 ? quantizedGroups[0] : nil }

    /// Reorders a PyTorch-layout weight (Cout, Cin/G, K). Costs one copy of the weight.
    public init(_ weight: Weight) {
        shape = weight.shape
        kernelMajor = Self.reordered(weight)
        quantizedGroups = []
    }

    /// The same at `precision`: `.int8` quantizes the reordered rows of each of the `groups` groups (the conv must
    /// then be called with the same groups). Throws for a NaN or infinity anywhere in the weight or K·Cin/G over
    /// 66 000.
    public init(_ weight: Weight, precision: Precision, groups: Int = 1) throws(QuantizationError) {
        let reordered = Self.reordered(weight)
        shape = weight.shape
        if precision == .int8 {
            let (Cout, CK) = (shape[0], shape[1] * shape[2])
            precondition(groups >= 1 && Cout % groups == 0, "TimeMajorConvWeight: \(Cout) outputs in \(groups) groups")
            let Og = Cout / groups
            var parts: [QuantizedWeight] = []
            for g in 0..<groups {
                let rows = Weight(shape: [Og, CK], values: Array(reordered.values[(g * Og * CK)..<((g + 1) * Og * CK)]))
                parts.append(try QuantizedWeight(rows, outputs: Og, inputs: CK))
            }
            quantizedGroups = parts
            kernelMajor = nil
        } else {
            quantizedGroups = []
            kernelMajor = reordered
        }
    }

    private static func reordered(_ weight: Weight) -> Weight {
        precondition(weight.shape.count == 3, "TimeMajorConvWeight: weight must be (Cout, Cin/G, K), got \(weight.shape)")
        let (Cout, Cg, K) = (weight.shape[0], weight.shape[1], weight.shape[2])
        var values = [Float](repeating: 0, count: weight.count)
        weight.withUnsafeBufferPointer { w in
            for o in 0..<Cout { for ci in 0..<Cg { for k in 0..<K {
                values[(o * K + k) * Cg + ci] = w[(o * Cg + ci) * K + k]
            } } }
        }
        return Weight(shape: [Cout, K, Cg], values: values)
    }

    /// The weight back in PyTorch layout (for tests and inspection; Float32 weights only).
    public var pytorchLayout: Weight {
        let (Cout, Cg, K) = (shape[0], shape[1], shape[2])
        guard let kernelMajor else { preconditionFailure("TimeMajorConvWeight: an int8 weight has no Float32 values") }
        let v = kernelMajor.values
        var values = [Float](repeating: 0, count: v.count)
        for o in 0..<Cout { for ci in 0..<Cg { for k in 0..<K { values[(o * Cg + ci) * K + k] = v[(o * K + k) * Cg + ci] } } }
        return Weight(shape: shape, values: values)
    }
}

/// Writes the 1-D convolution of time-major `x` into time-major `out`, with a prepared weight.
///
/// Shapes: x (L, Cin); weight made from a PyTorch (Cout, Cin/G, K) weight; bias (Cout) or nil; out resized
/// to (Lout, Cout), Lout = ⌊(L + 2P − K)/S⌋ + 1. Same result as the `Weight` overload (up to float32
/// summation order), faster: no strided gather.
/// PyTorch: `F.conv1d(x.T[None], weight, bias, stride=S, padding=P, groups=G)[0].T`.
public func conv1dTimeMajor(out: inout Tensor, x: Tensor, weight: TimeMajorConvWeight, bias: Weight?,
                            stride S: Int = 1, padding P: Int = 0, groups G: Int = 1,
                            workspace: inout Workspace) {
    precondition(x.shape.count == 2, "conv1dTimeMajor: x must be (L, Cin), got \(x.shape)")
    let geo = ConvGeometry(inChannels: x.shape[1], length: x.shape[0], weightShape: weight.shape,
                           stride: S, padding: P, groups: G)
    if !weight.quantizedGroups.isEmpty {
        precondition(weight.quantizedGroups.count == G, "conv1dTimeMajor: int8 weight prepared for \(weight.quantizedGroups.count) groups, called with \(G)")
        if G == 1 && P == 0 {
            conv1dTimeMajorInt8(out: &out, x: x, weight: weight.quantizedGroups[0], geo: geo, bias: bias, workspace: &workspace)
        } else {
            conv1dTimeMajorInt8Im2col(out: &out, x: x, groups: weight.quantizedGroups, geo: geo, bias: bias,
                                      workspace: &workspace)
        }
        return
    }
    guard let kernelMajor = weight.kernelMajor else { preconditionFailure("TimeMajorConvWeight: no weight") }
    kernelMajor.withUnsafeBufferPointer { pw in
        if G == 1 && P == 0 && geo.K <= S {
            // Non-overlapping windows: row t of the im2col matrix is x[t·S ..< t·S + K] flattened, i.e. x
            // itself read with a row stride of S·Cin ≥ K·Cin. One sgemm, no copy.
            out.resizeForOutput([geo.Lout, geo.Cout])
            if geo.Lout == 0 { return }
            out.data.withUnsafeMutableBufferPointer { po in
                fillRowsWithBiasVector(base(po), rows: geo.Lout, bias: bias, width: geo.Cout)
                x.data.withUnsafeBufferPointer { px in
                    sgemm(m: geo.Lout, n: geo.Cout, k: geo.CK, a: base(px), lda: S * geo.Cin,
                          b: base(pw), ldb: geo.CK, transposeB: true,
                          c: base(po), ldc: geo.Cout, beta: bias == nil ? 0 : 1)
                }
            }
        } else {
            convTimeMajorChunks(out: &out, x: x, weight: base(pw), geo: geo, bias: bias, workspace: &workspace,
                                im2col: im2colKernelMajor)
        }
    }
}

/// Output frames per int8 GEMM: ~256 KB of int8 activation rows (they stay in L2 while the kernel walks the
/// output channels), at least `conv1dMinimumChunk`.
let conv1dInt8ChunkBytes = 1 << 18

extension ConvGeometry {
    /// Output frames per int8 GEMM (`conv1dInt8ChunkBytes` of activation rows), as `chunk` is for sgemm.
    var int8Chunk: Int { max(1, min(Lout, max(conv1dMinimumChunk, conv1dInt8ChunkBytes / max(CK, 1)))) }
}

/// The int8 conv: out[t] = dequantize(int8(x[t·S ..< t·S + K] flattened) · int8 rows) + bias, chunk by chunk.
/// Window t is K·Cin contiguous values starting at x + t·S·Cin (kernel-major weight rows match that order),
/// so the rows are read in place with a stride of S·Cin.
private func conv1dTimeMajorInt8(out: inout Tensor, x: Tensor, weight: QuantizedWeight, geo: ConvGeometry,
                                 bias: Weight?, workspace: inout Workspace) {
    precondition(geo.G == 1 && geo.P == 0, "conv1dTimeMajor: int8 weights are for ungrouped, unpadded convs")
    precondition(weight.inputs == geo.CK && weight.outputs == geo.Cout, "conv1dTimeMajor: int8 weight mismatch")
    if let bias { precondition(bias.count == geo.Cout, "conv1d: bias has \(bias.count) values, expected \(geo.Cout)") }
    out.resizeForOutput([geo.Lout, geo.Cout])
    if geo.Lout == 0 { return }
    let chunk = geo.int8Chunk
    let rowStride = geo.S * geo.Cin
    x.data.withUnsafeBufferPointer { px in
        out.data.withUnsafeMutableBufferPointer { po in
            var t0 = 0
            while t0 < geo.Lout {
                let n = min(chunk, geo.Lout - t0)
                int8GEMM(rows: n, x: base(px) + t0 * rowStride, rowStride: rowStride, weight: weight, bias: bias,
                         kernel: .active, y: base(po) + t0 * geo.Cout, ldy: geo.Cout, workspace: &workspace)
                t0 += n
            }
        }
    }
}

/// The int8 conv of a grouped or padded weight: per chunk of output frames and group g, the kernel-major im2col
/// rows (n, K·Cg) are built (zeros outside x), quantized per row, and multiplied with group g's int8 rows into
/// out[t0 ..< t0 + n, g·Og ..< (g + 1)·Og].
private func conv1dTimeMajorInt8Im2col(out: inout Tensor, x: Tensor, groups: [QuantizedWeight], geo: ConvGeometry,
                                       bias: Weight?, workspace: inout Workspace) {
    for part in groups {
        precondition(part.inputs == geo.CK && part.outputs == geo.Og, "conv1dTimeMajor: int8 weight mismatch")
    }
    if let bias { precondition(bias.count == geo.Cout, "conv1d: bias has \(bias.count) values, expected \(geo.Cout)") }
    out.resizeForOutput([geo.Lout, geo.Cout])
    if geo.Lout == 0 { return }
    let chunk = geo.int8Chunk
    // The columns leave the workspace while int8GEMM uses its quantization buffers, and come back after.
    workspace.reserveColumns(chunk * geo.CK)
    var columns: [Float] = []
    swap(&columns, &workspace.columns)
    defer { swap(&columns, &workspace.columns) }
    x.data.withUnsafeBufferPointer { px in
        out.data.withUnsafeMutableBufferPointer { po in
            columns.withUnsafeMutableBufferPointer { pc in
                var t0 = 0
                while t0 < geo.Lout {
                    let n = min(chunk, geo.Lout - t0)
                    for g in 0..<geo.G {
                        im2colKernelMajor(base(pc), x: base(px), geo: geo, group: g, from: t0, count: n)
                        int8GEMM(rows: n, x: base(pc), rowStride: geo.CK, weight: groups[g], bias: bias,
                                 biasOffset: g * geo.Og, kernel: .active, y: base(po) + t0 * geo.Cout + g * geo.Og,
                                 ldy: geo.Cout, workspace: &workspace)
                    }
                    t0 += n
                }
            }
        }
    }
}

/// Kernel-major column order, cols (n, CK): cols[j·CK + k·Cg + ci] = x[(t0 + j)·S + k − P, g·Cg + ci].
private func im2colKernelMajor(_ cols: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>,
                               geo: ConvGeometry, group g: Int, from t0: Int, count n: Int) {
    let (K, S, P, L, Cin, Cg, CK) = (geo.K, geo.S, geo.P, geo.L, geo.Cin, geo.Cg, geo.CK)
    for j in 0..<n {
        let row = cols + j * CK
        let first = (t0 + j) * S - P
        if geo.G == 1 && first >= 0 && first + K <= L {
            row.update(from: x + first * Cin, count: CK)   // the whole window is one contiguous run
            continue
        }
        for k in 0..<K {
            let s = first + k
            if s < 0 || s >= L {
                (row + k * Cg).update(repeating: 0, count: Cg)
            } else {
                (row + k * Cg).update(from: x + s * Cin + g * Cg, count: Cg)
            }
        }
    }
}
