// The single call site of `cblas_sgemm`: a named-argument wrapper, with the layout convention stated once.
import COpenBLAS

// Convention (read this once): every matrix is ROW-MAJOR. `a` is (M, K) and `b` is (K, N), unless
// `transposeA` / `transposeB` say that the stored matrix is (K, M) / (N, K) and is used transposed.
// A PyTorch `nn.Linear` weight is stored (out, in), so `y = x · Wᵀ` is `transposeB: true` with
// M = rows of x, K = in, N = out. Leading dimensions are the row strides of the STORED matrices
// (in elements), which lets a kernel address a column block such as one attention head inside a
// fused (N, 3D) qkv matrix without copying. The call computes `c = alpha · op(a) · op(b) + beta · c`.

/// `c (m, n) = alpha · op(a) · op(b) + beta · c`, row-major, on raw pointers (kernel-internal).
@inline(__always)
func sgemm(m: Int, n: Int, k: Int,
           a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
           b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
           c: UnsafeMutablePointer<Float>, ldc: Int,
           alpha: Float = 1, beta: Float = 0) {
    precondition(m >= 0 && n >= 0 && k >= 0, "sgemm: negative dimension")
    if m == 0 || n == 0 { return }
    precondition(lda >= (transposeA ? m : k) && ldb >= (transposeB ? k : n) && ldc >= n,
                 "sgemm: leading dimension smaller than a row")
    if k == 0 {
        // BLAS would read nothing from a and b; make the result explicit: c = beta · c.
        for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
        return
    }
    cblas_sgemm(CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k),
                alpha, a, Int32(max(lda, 1)), b, Int32(max(ldb, 1)),
                beta, c, Int32(max(ldc, 1)))
}

/// Matrix product of 2-D tensors: `c = alpha · op(a) · op(b) + beta · c`.
///
/// - Parameters:
///   - a: (M, K), or (K, M) with `transposeA`.
///   - b: (K, N), or (N, K) with `transposeB` (PyTorch `Linear` weight layout).
///   - c: resized to (M, N) unless `beta != 0`, in which case it must already be (M, N).
/// PyTorch: `c = alpha * (a @ b) + beta * c` (with `.T` on the transposed operands).
public func gemm(a: Tensor, transposeA: Bool = false, b: Tensor, transposeB: Bool = false,
                 into c: inout Tensor, alpha: Float = 1, beta: Float = 0) {
    precondition(a.shape.count == 2 && b.shape.count == 2, "gemm: operands must be 2-D")
    let m = transposeA ? a.shape[1] : a.shape[0], k = transposeA ? a.shape[0] : a.shape[1]
    let kb = transposeB ? b.shape[1] : b.shape[0], n = transposeB ? b.shape[0] : b.shape[1]
    precondition(k == kb, "gemm: inner dimensions differ (\(a.shape) vs \(b.shape))")
    if beta == 0 { c.resizeForOutput([m, n]) } else { precondition(c.shape == [m, n], "gemm: c is \(c.shape)") }
    a.data.withUnsafeBufferPointer { pa in
        b.data.withUnsafeBufferPointer { pb in
            c.data.withUnsafeMutableBufferPointer { pc in
                sgemm(m: m, n: n, k: k, a: base(pa), lda: a.shape[1], transposeA: transposeA,
                      b: base(pb), ldb: b.shape[1], transposeB: transposeB,
                      c: base(pc), ldc: n, alpha: alpha, beta: beta)
            }
        }
    }
}
