// Naive Float64 twins of every kernel: plain index loops written straight from the PyTorch definitions,
// no BLAS, no chunking, no im2col. Parity tests compare the fast kernels against these.
import Foundation

enum Reference {
    /// y[r, o] = b[o] + Σ_i x[r, i]·w[o, i]. x (R, I), w (O, I).
    static func linear(_ x: [Float], _ w: [Float], _ b: [Float]?, R: Int, I: Int, O: Int) -> [Float] {
        var y = [Float](repeating: 0, count: R * O)
        for r in 0..<R {
            for o in 0..<O {
                var s = Double(b?[o] ?? 0)
                for i in 0..<I { s += Double(x[r * I + i]) * Double(w[o * I + i]) }
                y[r * O + o] = Float(s)
            }
        }
        return y
    }

    /// Plain matmul c = op(a)·op(b); a (M, K) or (K, M), b (K, N) or (N, K).
    static func matmul(_ a: [Float], _ b: [Float], M: Int, K: Int, N: Int, transposeA: Bool, transposeB: Bool) -> [Float] {
        var c = [Float](repeating: 0, count: M * N)
        for m in 0..<M {
            for n in 0..<N {
                var s = 0.0
                for k in 0..<K {
                    let av = transposeA ? a[k * M + m] : a[m * K + k]
                    let bv = transposeB ? b[n * K + k] : b[k * N + n]
                    s += Double(av) * Double(bv)
                }
                c[m * N + n] = Float(s)
            }
        }
        return c
    }

    /// Channels-first conv: x (Cin, L), w (Cout, Cin/G, K) → (Cout, Lout).
    static func conv1d(_ x: [Float], _ w: [Float], _ b: [Float]?, Cin: Int, L: Int, Cout: Int, K: Int,
                       S: Int, P: Int, G: Int) -> (values: [Float], Lout: Int) {
        let Lout = L + 2 * P - K < 0 ? 0 : (L + 2 * P - K) / S + 1
        let Cg = Cin / G, Og = Cout / G
        var y = [Float](repeating: 0, count: Cout * Lout)
        for o in 0..<Cout {
            let g = o / Og
            for t in 0..<Lout {
                var s = Double(b?[o] ?? 0)
                for ci in 0..<Cg {
                    for k in 0..<K {
                        let pos = t * S + k - P
                        if pos < 0 || pos >= L { continue }
                        s += Double(w[(o * Cg + ci) * K + k]) * Double(x[(g * Cg + ci) * L + pos])
                    }
                }
                y[o * Lout + t] = Float(s)
            }
        }
        return (y, Lout)
    }

    /// LayerNorm of each row of length C.
    static func layerNorm(_ x: [Float], C: Int, weight: [Float]?, bias: [Float]?, eps: Float) -> [Float] {
        var y = x
        for r in 0..<(C == 0 ? 0 : x.count / C) {
            let row = x[(r * C)..<((r + 1) * C)].map(Double.init)
            let mean = row.reduce(0, +) / Double(C)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(C)
            for c in 0..<C {
                let n = (row[c] - mean) / (variance + Double(eps)).squareRoot()
                y[r * C + c] = Float(n * Double(weight?[c] ?? 1) + Double(bias?[c] ?? 0))
            }
        }
        return y
    }

    /// GroupNorm of x (C, L) channels-first.
    static func groupNorm(_ x: [Float], C: Int, L: Int, G: Int, weight: [Float]?, bias: [Float]?, eps: Float) -> [Float] {
        var y = x
        let Cg = C / G
        for g in 0..<G {
            let values = x[(g * Cg * L)..<((g + 1) * Cg * L)].map(Double.init)
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            for c in (g * Cg)..<((g + 1) * Cg) {
                for t in 0..<L {
                    let n = (Double(x[c * L + t]) - mean) / (variance + Double(eps)).squareRoot()
                    y[c * L + t] = Float(n * Double(weight?[c] ?? 1) + Double(bias?[c] ?? 0))
                }
            }
        }
        return y
    }

    static func gelu(_ x: [Float]) -> [Float] {
        x.map { v in Float(0.5 * Double(v) * (1 + erf(Double(v) / 2.0.squareRoot()))) }
    }

    static func softmax(_ x: [Float], C: Int) -> [Float] {
        var y = x
        for r in 0..<(x.count / C) {
            let row = x[(r * C)..<((r + 1) * C)].map(Double.init)
            let m = row.max()!
            let e = row.map { exp($0 - m) }
            let s = e.reduce(0, +)
            for c in 0..<C { y[r * C + c] = Float(e[c] / s) }
        }
        return y
    }

    /// Attention from q, k, v (N, D) with H heads and bias(h, i, j) added to the scaled scores.
    static func attention(q: [Float], k: [Float], v: [Float], N: Int, D: Int, H: Int,
                          bias: (Int, Int, Int) -> Double) -> [Float] {
        let d = D / H
        var out = [Float](repeating: 0, count: N * D)
        for h in 0..<H {
            for i in 0..<N {
                var scores = [Double](repeating: 0, count: N)
                for j in 0..<N {
                    var s = 0.0
                    for c in 0..<d { s += Double(q[i * D + h * d + c]) * Double(k[j * D + h * d + c]) }
                    scores[j] = s / Double(d).squareRoot() + bias(h, i, j)
                }
                let m = scores.max()!
                let e = scores.map { exp($0 - m) }
                let total = e.reduce(0, +)
                for c in 0..<d {
                    var o = 0.0
                    for j in 0..<N { o += e[j] / total * Double(v[j * D + h * d + c]) }
                    out[i * D + h * d + c] = Float(o)
                }
            }
        }
        return out
    }

    /// w = g·v/‖v‖ with the norm over every index but `dim` (direct multi-index loop).
    static func weightNorm(g: [Float], v: [Float], shape: [Int], dim: Int) -> [Float] {
        func index(of flat: Int) -> [Int] {
            var rest = flat, idx = [Int](repeating: 0, count: shape.count)
            for a in stride(from: shape.count - 1, through: 0, by: -1) { idx[a] = rest % shape[a]; rest /= shape[a] }
            return idx
        }
        var norms = [Double](repeating: 0, count: shape[dim])
        for f in 0..<v.count { norms[index(of: f)[dim]] += Double(v[f]) * Double(v[f]) }
        return (0..<v.count).map { f in
            let i = index(of: f)[dim]
            return Float(Double(g[i]) * Double(v[f]) / norms[i].squareRoot())
        }
    }
}
