// Eight-lane reductions for the normalisation kernels (layer norm). The transcendental element-wise
// kernels (exp in softmax, erf in GELU) live in the C target CEmoKernels, which can use AVX2+FMA at run
// time; Swift code here is built for the baseline target (SSE2), where those are about 2× slower.

typealias Float8 = SIMD8<Float>

/// Sum of `n` floats, eight lanes at a time (Float32 lanes; rows here are at most a few thousand long).
@inline(__always)
func sum8(_ p: UnsafePointer<Float>, count n: Int) -> Float {
    var acc = Float8(repeating: 0)
    var i = 0
    while i + 8 <= n {
        acc += UnsafeRawPointer(p + i).loadUnaligned(as: Float8.self)
        i += 8
    }
    var s = acc.sum()
    while i < n { s += p[i]; i += 1 }
    return s
}

/// Σ (p[i] − mean)² over `n` floats, eight lanes at a time.
@inline(__always)
func sumSquaredDeviations8(_ p: UnsafePointer<Float>, count n: Int, mean: Float) -> Float {
    var acc = Float8(repeating: 0)
    var i = 0
    while i + 8 <= n {
        let d = UnsafeRawPointer(p + i).loadUnaligned(as: Float8.self) - mean
        acc += d * d
        i += 8
    }
    var s = acc.sum()
    while i < n { let d = p[i] - mean; s += d * d; i += 1 }
    return s
}
