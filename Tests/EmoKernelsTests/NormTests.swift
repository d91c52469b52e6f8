// Parity of layer norm (per row, over all elements) and group norm (both layouts) against Float64 twins.
import Testing
import EmoTestSupport
@testable import EmoKernels

@Suite("Normalisation")
struct NormTests {
    static let rowShapes: [[Int]] = [[1, 1], [1, 7], [5, 1], [3, 768], [17, 33], [2, 3, 5]]

    @Test("layer norm over the last dimension, with and without affine", arguments: rowShapes)
    func layerNormParity(shape: [Int]) {
        var rng = SeededRandom(seed: UInt64(shape.reduce(1, *)))
        let C = shape.last!
        // Offset and scale the inputs: real activations are not centred at 0.
        let x = rng.tensor(shape, -3, 5), w = rng.weight([C]), b = rng.weight([C])
        let affine = layerNorm(x, weight: w, bias: b, eps: 1e-5)
        #expect(affine.shape == shape)
        #expect(maxAbs(affine.data, Reference.layerNorm(x.data, C: C, weight: w.values, bias: b.values, eps: 1e-5))
                <= Tolerance.norm)
        let plain = layerNorm(x, weight: nil, bias: nil, eps: 1e-5)
        #expect(maxAbs(plain.data, Reference.layerNorm(x.data, C: C, weight: nil, bias: nil, eps: 1e-5))
                <= Tolerance.norm)
    }

    @Test("layer norm over all elements uses one mean and variance", arguments: [[1], [400], [7, 5], [3, 768]])
    func layerNormAllParity(shape: [Int]) {
        var rng = SeededRandom(seed: 99)
        let x = rng.tensor(shape, 0.2, 0.3)   // large DC offset relative to the spread, like a waveform
        let y = layerNormAll(x, eps: 1e-5)
        #expect(y.shape == shape)
        #expect(maxAbs(y.data, Reference.layerNorm(x.data, C: x.count, weight: nil, bias: nil, eps: 1e-5))
                <= Tolerance.norm)
    }

    @Test("layer norm over all elements differs from per-row layer norm")
    func allIsNotPerRow() {
        let x = Tensor(shape: [2, 2], data: [0, 1, 10, 20])
        #expect(maxAbs(layerNormAll(x, eps: 1e-5).data, layerNorm(x, weight: nil, bias: nil, eps: 1e-5).data) > 0.5)
    }

    // (16, 600, 16) and (9, 300, 3) span several 256-row accumulation blocks; C = 9 leaves a lane tail.
    static let groupCases: [(C: Int, L: Int, G: Int)] = [(1, 1, 1), (4, 1, 4), (6, 13, 3), (8, 50, 8), (5, 9, 1),
                                                         (16, 600, 16), (9, 300, 3)]

    @Test("group norm, channels-first and time-major", arguments: groupCases)
    func groupNormParity(c: (C: Int, L: Int, G: Int)) {
        var rng = SeededRandom(seed: UInt64(c.C * 100 + c.L))
        let x = rng.tensor([c.C, c.L], -2, 4), w = rng.weight([c.C]), b = rng.weight([c.C])
        for (weight, bias) in [(w, b), (nil, nil)] as [(Weight?, Weight?)] {
            let ref = Reference.groupNorm(x.data, C: c.C, L: c.L, G: c.G, weight: weight?.values,
                                          bias: bias?.values, eps: 1e-5)
            var y = x
            applyGroupNorm(&y, groups: c.G, weight: weight, bias: bias, eps: 1e-5)
            #expect(maxAbs(y.data, ref) <= Tolerance.norm)
            var yt = transpose(x)
            applyGroupNormTimeMajor(&yt, groups: c.G, weight: weight, bias: bias, eps: 1e-5)
            #expect(maxAbs(transpose(yt).data, ref) <= Tolerance.norm)
        }
    }
}
