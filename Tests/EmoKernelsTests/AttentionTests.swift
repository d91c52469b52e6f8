// Parity of multi-head attention (fused and separate projections; no, dense and distance bias) against a
// Float64 twin that loops over heads, queries and keys.
import Testing
import EmoTestSupport
@testable import EmoKernels

@Suite("Attention")
struct AttentionTests {
    static let shapes: [(N: Int, D: Int, H: Int)] = [(1, 1, 1), (1, 8, 2), (5, 4, 1), (13, 12, 3), (31, 64, 4)]

    @Test("fused qkv without bias matches separate q, k, v and the reference", arguments: shapes)
    func noBias(s: (N: Int, D: Int, H: Int)) {
        var rng = SeededRandom(seed: UInt64(s.N * 100 + s.D))
        let q = rng.tensor([s.N, s.D], -2, 2), k = rng.tensor([s.N, s.D], -2, 2), v = rng.tensor([s.N, s.D])
        let ref = Reference.attention(q: q.data, k: k.data, v: v.data, N: s.N, D: s.D, H: s.H) { _, _, _ in 0 }
        var workspace = Workspace(), separate = Tensor(zeros: [0])
        attention(out: &separate, q: q, k: k, v: v, heads: s.H, bias: .none, workspace: &workspace)
        #expect(separate.shape == [s.N, s.D])
        #expect(maxAbs(separate.data, ref) <= Tolerance.gemm)
        let fused = attention(qkv: fuse(q, k, v), heads: s.H, bias: .none)
        #expect(maxAbs(fused.data, ref) <= Tolerance.gemm)
    }

    @Test("dense per-head bias", arguments: shapes)
    func denseBias(s: (N: Int, D: Int, H: Int)) {
        var rng = SeededRandom(seed: UInt64(s.N * 7 + s.H))
        let q = rng.tensor([s.N, s.D]), k = rng.tensor([s.N, s.D]), v = rng.tensor([s.N, s.D])
        let bias = rng.tensor([s.H, s.N, s.N], -3, 3)
        let ref = Reference.attention(q: q.data, k: k.data, v: v.data, N: s.N, D: s.D, H: s.H) { h, i, j in
            Double(bias.data[(h * s.N + i) * s.N + j])
        }
        let y = attention(qkv: fuse(q, k, v), heads: s.H, bias: .dense(bias))
        #expect(maxAbs(y.data, ref) <= Tolerance.gemm)
    }

    @Test("distance bias equals the dense ALiBi-style bias it stands for", arguments: [0, 1, 3, 40])
    func distanceBias(offset: Int) {
        let (N, D, H) = (11, 8, 2)
        var rng = SeededRandom(seed: UInt64(offset + 1))
        let q = rng.tensor([N, D]), k = rng.tensor([N, D]), v = rng.tensor([N, D])
        let M = max(N - offset, 0) + 2   // a longer table than needed is allowed
        var tableValues: [Float] = []
        for h in 0..<H { for distance in 0..<M { tableValues.append(-0.5 * Float(distance) * Float(1 + h)) } }
        let table = Tensor(shape: [H, M], data: tableValues)
        var dense = Tensor(zeros: [H, N, N])
        for h in 0..<H { for i in offset..<max(offset, N) { for j in offset..<N {
            dense.data[(h * N + i) * N + j] = table.data[h * M + abs(i - j)]
        } } }
        let viaTable = attention(qkv: fuse(q, k, v), heads: H, bias: .distance(table: table, offset: offset))
        let viaDense = attention(qkv: fuse(q, k, v), heads: H, bias: .dense(dense))
        #expect(maxAbs(viaTable.data, viaDense.data) == 0)
        let ref = Reference.attention(q: q.data, k: k.data, v: v.data, N: N, D: D, H: H) { h, i, j in
            Double(dense.data[(h * N + i) * N + j])
        }
        #expect(maxAbs(viaTable.data, ref) <= Tolerance.gemm)
    }

    @Test("gated relative bias equals the dense bias gate[h, i] · table[h, N − 1 + j − i]", arguments: [1, 2, 9, 17])
    func gatedRelativeBias(N: Int) {
        let (D, H) = (12, 3)
        var rng = SeededRandom(seed: UInt64(N + 50))
        let q = rng.tensor([N, D]), k = rng.tensor([N, D]), v = rng.tensor([N, D])
        let table = rng.tensor([H, 2 * N - 1], -2, 2), gate = rng.tensor([H, N], 0, 3)
        var dense = Tensor(zeros: [H, N, N])
        for h in 0..<H { for i in 0..<N { for j in 0..<N {
            dense.data[(h * N + i) * N + j] = gate.data[h * N + i] * table.data[h * (2 * N - 1) + (N - 1) + j - i]
        } } }
        var workspace = Workspace(), gated = Tensor(zeros: [0])
        attention(out: &gated, q: q, k: k, v: v, heads: H, bias: .gatedRelative(table: table, gate: gate),
                  workspace: &workspace)
        let viaDense = attention(qkv: fuse(q, k, v), heads: H, bias: .dense(dense))
        #expect(maxAbs(gated.data, viaDense.data) == 0)
        let ref = Reference.attention(q: q.data, k: k.data, v: v.data, N: N, D: D, H: H) { h, i, j in
            Double(dense.data[(h * N + i) * N + j])
        }
        #expect(maxAbs(gated.data, ref) <= Tolerance.gemm)
    }

    /// (N, 3D) = [q | k | v] per row, the layout of a fused qkv projection.
    private func fuse(_ q: Tensor, _ k: Tensor, _ v: Tensor) -> Tensor {
        let N = q.shape[0], D = q.shape[1]
        var data: [Float] = []
        for i in 0..<N {
            let row = (i * D)..<((i + 1) * D)
            data.append(contentsOf: q.data[row])
            data.append(contentsOf: k.data[row])
            data.append(contentsOf: v.data[row])
        }
        return Tensor(shape: [N, 3 * D], data: data)
    }
}
