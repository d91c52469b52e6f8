// Weight-norm reconstruction, done once at load time: w = g · v / ‖v‖ with the norm taken over every
// dimension except `dim` (torch.nn.utils.weight_norm / parametrizations.weight_norm).

/// Reconstructs a weight-normalised parameter.
///
/// Shapes: v any rank R; g has v.shape[dim] values (stored by PyTorch as v's shape with 1 everywhere
/// but `dim`, e.g. (1, 1, K) for wav2vec2's positional conv with dim = 2); result has v's shape.
/// w[..., i, ...] = g[i] · v[..., i, ...] / sqrt(Σ over all other indices of v²), sums in Float64.
/// PyTorch: `torch._weight_norm(v, g, dim)`, i.e. `g * v / norm_except_dim(v, 2, dim)`.
public func weightNorm(g: Weight, v: Weight, dim: Int) -> Weight {
    let shape = v.shape
    precondition(dim >= 0 && dim < shape.count, "weightNorm: dim \(dim) outside rank \(shape.count)")
    let n = shape[dim]
    precondition(g.count == n, "weightNorm: g has \(g.count) values, v.shape[\(dim)] is \(n)")
    // View v as (outer, n, inner): index = (o·n + i)·inner + r.
    let outer = shape[..<dim].reduce(1, *), inner = shape[(dim + 1)...].reduce(1, *)
    var result = [Float](repeating: 0, count: v.count)
    v.withUnsafeBufferPointer { pv in
        g.withUnsafeBufferPointer { pg in
            var squares = [Double](repeating: 0, count: n)
            for o in 0..<outer {
                for i in 0..<n {
                    let start = (o * n + i) * inner
                    for r in 0..<inner { let x = Double(pv[start + r]); squares[i] += x * x }
                }
            }
            let factor = (0..<n).map { Float(Double(pg[$0]) / squares[$0].squareRoot()) }
            for o in 0..<outer {
                for i in 0..<n {
                    let start = (o * n + i) * inner
                    for r in 0..<inner { result[start + r] = pv[start + r] * factor[i] }
                }
            }
        }
    }
    return Weight(shape: shape, values: result)
}
