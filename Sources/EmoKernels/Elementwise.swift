// Small element-wise and layout helpers the models need around the main ops (residuals, transposes).

/// Adds `residual` to `x` element by element, in place. Shapes: x and residual identical.
/// PyTorch: `x += residual`.
public func addResidual(_ x: inout Tensor, _ residual: Tensor) {
    precondition(x.shape == residual.shape, "addResidual: \(x.shape) vs \(residual.shape)")
    residual.data.withUnsafeBufferPointer { r in
        x.data.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] += r[i] }
        }
    }
}

/// Adds `vector` to every row of `x`, in place. Shapes: x (..., C); vector (C).
/// PyTorch: `x += vector`.
public func addRowVector(_ x: inout Tensor, _ vector: Weight) {
    let C = x.lastDimension, R = x.rowCount
    precondition(vector.count == C, "addRowVector: \(vector.count) values for rows of \(C)")
    vector.withUnsafeBufferPointer { v in
        x.data.withUnsafeMutableBufferPointer { p in
            for r in 0..<R { for c in 0..<C { p[r * C + c] += v[c] } }
        }
    }
}

/// Writes the transpose of 2-D `x` into `out`. Shapes: x (A, B); out resized to (B, A).
/// PyTorch: `x.T.contiguous()`.
public func transpose(out: inout Tensor, x: Tensor) {
    precondition(x.shape.count == 2, "transpose: x must be 2-D, got \(x.shape)")
    let A = x.shape[0], B = x.shape[1]
    out.resizeForOutput([B, A])
    let block = 32   // tile so that both the reads and the writes stay in cache
    x.data.withUnsafeBufferPointer { px in
        out.data.withUnsafeMutableBufferPointer { po in
            for a0 in stride(from: 0, to: A, by: block) {
                for b0 in stride(from: 0, to: B, by: block) {
                    for a in a0..<min(a0 + block, A) {
                        for b in b0..<min(b0 + block, B) { po[b * A + a] = px[a * B + b] }
                    }
                }
            }
        }
    }
}

/// The transpose of 2-D `x` as a new tensor. PyTorch: `x.T.contiguous()`.
public func transpose(_ x: Tensor) -> Tensor {
    var out = Tensor(zeros: [0])
    transpose(out: &out, x: x)
    return out
}

/// Rows `range` of `x` (first dimension) as a new tensor. Shapes: x (R, ...); result (range.count, ...).
/// PyTorch: `x[range.lowerBound:range.upperBound].clone()`.
public func rows(_ x: Tensor, _ range: Range<Int>) -> Tensor {
    precondition(!x.shape.isEmpty && range.lowerBound >= 0 && range.upperBound <= x.shape[0],
                 "rows: \(range) outside \(x.shape)")
    let width = x.shape.dropFirst().reduce(1, *)
    return Tensor(shape: [range.count] + x.shape.dropFirst(),
                  data: Array(x.data[(range.lowerBound * width)..<(range.upperBound * width)]))
}

/// `a` followed by `b` along the first dimension. Shapes: a (Ra, ...), b (Rb, ...) with equal trailing
/// dims; result (Ra + Rb, ...). PyTorch: `torch.cat([a, b], dim=0)`.
public func concatenateRows(_ a: Tensor, _ b: Tensor) -> Tensor {
    precondition(a.shape.count >= 1 && a.shape.dropFirst() == b.shape.dropFirst(),
                 "concatenateRows: \(a.shape) and \(b.shape)")
    return Tensor(shape: [a.shape[0] + b.shape[0]] + a.shape.dropFirst(), data: a.data + b.data)
}
