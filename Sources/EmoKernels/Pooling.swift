// Mean pooling over rows (frames): the utterance embedding of both model families.

/// Writes the mean over the rows of `x` into `out`.
///
/// Shapes: x (T, D) with T ≥ 1; out resized to (D). Sums accumulate in Float64.
/// PyTorch: `x.mean(dim=0)` (FunASR: `np.mean(feats, axis=0)`; SpeechBrain StatisticsPooling without noise).
public func meanRows(out: inout Tensor, x: Tensor) {
    precondition(x.shape.count == 2 && x.shape[0] >= 1, "meanRows: x must be (T ≥ 1, D), got \(x.shape)")
    let T = x.shape[0], D = x.shape[1]
    out.resizeForOutput([D])
    var sum = [Double](repeating: 0, count: D)
    x.data.withUnsafeBufferPointer { p in
        for t in 0..<T {
            let row = base(p) + t * D
            for c in 0..<D { sum[c] += Double(row[c]) }
        }
    }
    for c in 0..<D { out.data[c] = Float(sum[c] / Double(T)) }
}

/// The mean over rows as a new (D) tensor. PyTorch: `x.mean(dim=0)`.
public func meanRows(_ x: Tensor) -> Tensor {
    var out = Tensor(zeros: [0])
    meanRows(out: &out, x: x)
    return out
}
