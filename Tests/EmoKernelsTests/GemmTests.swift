// Parity of the gemm wrapper and linear against naive Float64 matmuls, over odd and size-1 shapes.
import Testing
import EmoTestSupport
@testable import EmoKernels

@Suite("Gemm and linear")
struct GemmTests {
    static let shapes: [(Int, Int, Int)] = [(1, 1, 1), (1, 7, 1), (3, 1, 5), (5, 17, 3), (33, 64, 31), (2, 129, 65)]

    @Test("gemm matches a naive matmul for every transposition", arguments: shapes)
    func gemmParity(shape: (Int, Int, Int)) {
        let (M, K, N) = shape
        var rng = SeededRandom(seed: UInt64(M * 10_000 + K * 100 + N))
        for (ta, tb) in [(false, false), (false, true), (true, false), (true, true)] {
            let a = rng.tensor(ta ? [K, M] : [M, K]), b = rng.tensor(tb ? [N, K] : [K, N])
            var c = Tensor(zeros: [0])
            gemm(a: a, transposeA: ta, b: b, transposeB: tb, into: &c)
            let expected = Reference.matmul(a.data, b.data, M: M, K: K, N: N, transposeA: ta, transposeB: tb)
            #expect(c.shape == [M, N])
            #expect(maxAbs(c.data, expected) <= Tolerance.gemm, "transposeA \(ta) transposeB \(tb)")
        }
    }

    @Test("gemm with beta accumulates into c")
    func gemmAccumulates() {
        var rng = SeededRandom(seed: 7)
        let a = rng.tensor([4, 3]), b = rng.tensor([3, 5])
        let c0 = rng.tensor([4, 5])
        var c = c0
        gemm(a: a, b: b, into: &c, alpha: 0.5, beta: 2)
        let ab = Reference.matmul(a.data, b.data, M: 4, K: 3, N: 5, transposeA: false, transposeB: false)
        let expected = (0..<20).map { 0.5 * ab[$0] + 2 * c0.data[$0] }
        #expect(maxAbs(c.data, expected) <= Tolerance.gemm)
    }

    @Test("linear matches x·Wᵀ + b with and without bias", arguments: shapes)
    func linearParity(shape: (Int, Int, Int)) {
        let (R, I, O) = shape
        var rng = SeededRandom(seed: UInt64(R + 31 * I + 977 * O))
        let x = rng.tensor([R, I]), w = rng.weight([O, I]), b = rng.weight([O])
        let y = linear(x, weight: w, bias: b)
        #expect(y.shape == [R, O])
        #expect(maxAbs(y.data, Reference.linear(x.data, w.values, b.values, R: R, I: I, O: O)) <= Tolerance.gemm)
        var reused = rng.tensor([3, 3])   // a dirty buffer of the wrong shape must be fully overwritten
        linear(out: &reused, x: x, weight: w, bias: nil)
        #expect(reused.shape == [R, O])
        #expect(maxAbs(reused.data, Reference.linear(x.data, w.values, nil, R: R, I: I, O: O)) <= Tolerance.gemm)
    }

    @Test("linear keeps leading dimensions")
    func linearLeadingDims() {
        var rng = SeededRandom(seed: 3)
        let x = rng.tensor([2, 3, 4]), w = rng.weight([5, 4])
        let y = linear(x, weight: w, bias: nil)
        #expect(y.shape == [2, 3, 5])
        #expect(maxAbs(y.data, Reference.linear(x.data, w.values, nil, R: 6, I: 4, O: 5)) <= Tolerance.gemm)
    }

    @Test("linear reads a weight from external memory")
    func linearExternalWeight() {
        var rng = SeededRandom(seed: 4)
        let values = rng.floats(6 * 5)
        let owner = OwnedFloats(values)
        let w = Weight(shape: [6, 5], base: owner.pointer, owner: owner)
        #expect(w.isExternal && w.values == values)
        let x = rng.tensor([3, 5])
        let y = linear(x, weight: w, bias: nil)
        #expect(maxAbs(y.data, Reference.linear(x.data, values, nil, R: 3, I: 5, O: 6)) <= Tolerance.gemm)
    }
}
