// Mean pooling and weight-norm reconstruction against Float64 twins.
import Testing
import EmoTestSupport
@testable import EmoKernels

@Suite("Pooling and weight norm")
struct ReductionTests {
    @Test("mean over rows", arguments: [[1, 1], [1, 5], [49, 768], [7, 3]])
    func meanRowsParity(shape: [Int]) {
        var rng = SeededRandom(seed: UInt64(shape[0]))
        let x = rng.tensor(shape, -5, 5)
        let y = meanRows(x)
        let (T, D) = (shape[0], shape[1])
        let expected = (0..<D).map { c in Float((0..<T).map { Double(x.data[$0 * D + c]) }.reduce(0, +) / Double(T)) }
        #expect(y.shape == [D])
        #expect(maxAbs(y.data, expected) <= Tolerance.reduction)
    }

    @Test("weight norm over every dimension but dim", arguments: [0, 1, 2])
    func weightNormParity(dim: Int) {
        let shape = [6, 3, 5]
        var rng = SeededRandom(seed: UInt64(dim + 10))
        let v = rng.weight(shape), g = rng.weight([shape[dim]], 0.5, 2)
        let w = weightNorm(g: g, v: v, dim: dim)
        #expect(w.shape == shape)
        #expect(maxAbs(w.values, Reference.weightNorm(g: g.values, v: v.values, shape: shape, dim: dim))
                <= Tolerance.reduction)
    }

    @Test("wav2vec2 positional conv: g (1, 1, K), norm over (out, in) per kernel tap")
    func weightNormDim2() {
        // Each kernel tap k of w has Frobenius norm g[k] over (out, in).
        var rng = SeededRandom(seed: 12)
        let (O, I, K) = (4, 2, 3)
        let v = rng.weight([O, I, K]), g = Weight(shape: [1, 1, K], values: [0.5, 1, 2])
        let w = weightNorm(g: g, v: v, dim: 2).values
        for k in 0..<K {
            var sq: Float = 0
            for o in 0..<O { for i in 0..<I { sq += w[(o * I + i) * K + k] * w[(o * I + i) * K + k] } }
            #expect(abs(sq.squareRoot() - g.values[k]) <= 1e-6)
        }
    }
}
