// Linear layer: y = x · Wᵀ + b with the weight in PyTorch (out, in) layout, one sgemm.

/// Writes `x · weightᵀ + bias` into `out`.
///
/// Shapes: x (R, I) (any leading dims, flattened to R rows); weight (O, I); bias (O) or nil;
/// out resized to x's leading dims + (O).
/// PyTorch: `F.linear(x, weight, bias)`.
public func linear(out: inout Tensor, x: Tensor, weight: Weight, bias: Weight?) {
    precondition(weight.shape.count == 2, "linear: weight must be (out, in), got \(weight.shape)")
    let O = weight.shape[0], I = weight.shape[1]
    precondition(x.lastDimension == I && !x.shape.isEmpty, "linear: x \(x.shape) does not end in \(I)")
    let R = x.rowCount
    out.resizeForOutput(Array(x.shape.dropLast()) + [O])
    out.data.withUnsafeMutableBufferPointer { po in
        let y = base(po)
        if let bias {
            precondition(bias.count == O, "linear: bias has \(bias.count) values, expected \(O)")
            bias.withUnsafeBufferPointer { pb in
                for r in 0..<R { (y + r * O).update(from: base(pb), count: O) }
            }
        }
        x.data.withUnsafeBufferPointer { px in
            weight.withUnsafeBufferPointer { pw in
                sgemm(m: R, n: O, k: I, a: base(px), lda: I, b: base(pw), ldb: I, transposeB: true,
                      c: y, ldc: O, beta: bias == nil ? 0 : 1)
            }
        }
    }
}

/// `x · weightᵀ + bias` as a new tensor. Shapes as in `linear(out:x:weight:bias:)`.
/// PyTorch: `F.linear(x, weight, bias)`.
public func linear(_ x: Tensor, weight: Weight, bias: Weight?) -> Tensor {
    var out = Tensor(zeros: [0])
    linear(out: &out, x: x, weight: weight, bias: bias)
    return out
}
