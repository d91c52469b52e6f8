// Parity of exact GELU and softmax (including −inf masking) against Float64 twins.
import Testing
import Foundation
import EmoTestSupport
@testable import EmoKernels

@Suite("GELU and softmax")
struct ActivationTests {
    @Test("GELU is the exact erf form")
    func geluParity() {
        var rng = SeededRandom(seed: 5)
        let x = Tensor(shape: [1001], data: rng.floats(1000, -8, 8) + [0])
        let y = gelu(x)
        #expect(maxAbs(y.data, Reference.gelu(x.data)) <= Tolerance.elementwise * 8)   // |y| ≤ 8: scale ulps
        // The tanh approximation differs by ~1e-4 near x = ±2; exact erf must not.
        let tanhApprox: (Float) -> Float = { v in
            0.5 * v * (1 + tanh(0.7978845608 * (v + 0.044715 * v * v * v)))
        }
        let at2 = gelu(Tensor(shape: [1], data: [2])).data[0]
        #expect(abs(at2 - 1.9544997) <= 1e-6)
        #expect(abs(at2 - tanhApprox(2)) > 1e-5)
    }

    @Test("softmax over the last dimension", arguments: [[1, 1], [1, 9], [4, 1], [7, 33]])
    func softmaxParity(shape: [Int]) {
        var rng = SeededRandom(seed: UInt64(shape[1]))
        let x = rng.tensor(shape, -20, 20)
        let y = softmax(x)
        #expect(maxAbs(y.data, Reference.softmax(x.data, C: shape[1])) <= Tolerance.elementwise)
    }

    @Test("softmax is stable for large logits and gives −inf entries probability 0")
    func softmaxMasking() {
        let y = softmax(Tensor(shape: [1, 4], data: [1000, -Float.infinity, 999, -Float.infinity]))
        let e = Float(exp(-1.0))
        #expect(maxAbs(y.data, [1 / (1 + e), 0, e / (1 + e), 0]) <= Tolerance.elementwise)
        let allMasked = softmax(Tensor(shape: [2], data: [-Float.infinity, -Float.infinity]))
        #expect(allMasked.data.allSatisfy { $0.isNaN })   // as torch.softmax
    }
}
