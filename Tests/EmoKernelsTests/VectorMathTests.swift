// The vectorised exp and erf behind softmax and GELU, against Float64 libm over their whole useful range.
import Testing
import Foundation
@testable import EmoKernels

@Suite("Vector math")
struct VectorMathTests {
    /// exp8: Cephes-style range reduction + degree-7 polynomial; a few ulp of relative error.
    static let expRelative: Double = 4e-7
    /// erf8: Abramowitz & Stegun 7.1.26 is accurate to 1.5e-7 absolute in exact arithmetic; evaluated
    /// in float32 (polynomial, exp8, and 1 − small) the measured worst case is 3.9e-7.
    static let erfAbsolute: Double = 5e-7

    @Test("exp8 matches exp over [−87, 88] and gives 0 for −inf")
    func exp() {
        var worst = 0.0
        for i in 0..<20_000 {
            let x = -87 + 175 * Float(i) / 20_000
            let y = exp8(Float8(repeating: x))[0]
            let ref = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(y) - ref) / ref)
        }
        #expect(worst <= Self.expRelative)
        #expect(exp8(Float8(repeating: -.infinity))[0] == 0)
        #expect(exp8(Float8(repeating: 0))[0] == 1)
    }

    @Test("erf8 matches erf over [−6, 6] and is odd")
    func erf() {
        var worst = 0.0
        for i in 0...24_000 {
            let x = -6 + 12 * Float(i) / 24_000
            let y = erf8(Float8(repeating: x))[0]
            worst = max(worst, abs(Double(y) - Foundation.erf(Double(x))))
            #expect(y == -erf8(Float8(repeating: -x))[0])
        }
        #expect(worst <= Self.erfAbsolute)
    }

    @Test("mapInPlace8 handles tails shorter than a vector", arguments: [0, 1, 7, 8, 9, 17])
    func tails(n: Int) {
        var values = (0..<n).map(Float.init)
        values.withUnsafeMutableBufferPointer { p in
            if let b = p.baseAddress { mapInPlace8(b, count: n) { $0 * 2 + 1 } }
        }
        #expect(values == (0..<n).map { Float($0) * 2 + 1 })
    }
}

extension VectorMathTests {
    @Test("exp8 saturates: +inf above 88.7, NaN stays NaN")
    func expLimits() {
        #expect(exp8(Float8(repeating: 100))[0] == .infinity)
        #expect(exp8(Float8(repeating: .nan))[0].isNaN)
    }
}
