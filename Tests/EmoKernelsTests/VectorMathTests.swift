// The vectorised C kernels behind GELU and softmax (CEmoKernels): both the dispatched variant (AVX2+FMA on
// CPUs that have it) and the portable baseline twin, against Float64 libm.
import Testing
import Foundation
import CEmoKernels
import EmoTestSupport
@testable import EmoKernels

@Suite("Vector math (CEmoKernels)")
struct VectorMathTests {
    /// GELU through the rational erf (≤ 4e-7 absolute, measured 3.9e-7 in float32, FMA or not):
    /// the GELU error is ≤ 0.5·|x|·4e-7 plus one rounding of the result.
    static func geluTolerance(_ x: Float) -> Double { 2.5e-7 * Double(abs(x)) + 1.2e-7 * Double(abs(x)) }
    /// Softmax probabilities: exp is within a few ulp near 0 but its range reduction loses ~|x|·ulp for
    /// large negative arguments (probabilities ≲ 1e-20), so: relative 2e-6 plus an absolute 1e-12 floor.
    static let softmaxRelative: Double = 2e-6
    static let softmaxAbsolute: Double = 1e-12

    typealias Kernel = @Sendable (UnsafeMutablePointer<Float>?, Int) -> Void
    static let variants: [(String, Kernel, Kernel)] = [
        ("dispatched", { emo_gelu($0, $1) }, { emo_softmax($0, $1) }),
        ("portable", { emo_gelu_portable($0, $1) }, { emo_softmax_portable($0, $1) }),
    ]

    @Test("GELU matches 0.5·x·(1 + erf(x/√2)) over [−9, 9], every tail length", arguments: [0, 1])
    func gelu(variant: Int) {
        let (name, gelu, _) = Self.variants[variant]
        for n in [0, 1, 7, 8, 9, 36_001] {
            var values = (0..<n).map { -9 + 18 * Float($0) / Float(max(n - 1, 1)) }
            let inputs = values
            values.withUnsafeMutableBufferPointer { gelu($0.baseAddress, n) }
            for i in 0..<n {
                let x = Double(inputs[i])
                let ref = 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot()))
                #expect(abs(Double(values[i]) - ref) <= Self.geluTolerance(inputs[i]), "\(name) x = \(x)")
            }
        }
    }

    @Test("GELU near 0 is relatively accurate (erf relative error)", arguments: [0, 1])
    func geluSmall(variant: Int) {
        let (name, gelu, _) = Self.variants[variant]
        var values = (1...1000).map { Float($0) * 1e-3 - 0.5 }
        let inputs = values
        values.withUnsafeMutableBufferPointer { gelu($0.baseAddress, $0.count) }
        for i in 0..<inputs.count where inputs[i] != 0 {
            let x = Double(inputs[i])
            let ref = 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot()))
            #expect(abs(Double(values[i]) / ref - 1) <= 1e-6, "\(name) x = \(x)")
        }
    }

    @Test("softmax rows of every tail length, masking and overflow", arguments: [0, 1])
    func softmax(variant: Int) {
        let (name, _, softmax) = Self.variants[variant]
        var rng = SeededRandom(seed: 21)
        for n in [1, 3, 8, 13, 509] {
            var row = rng.floats(n, -30, 30)
            if n > 3 { row[2] = -.infinity }
            let inputs = row
            row.withUnsafeMutableBufferPointer { softmax($0.baseAddress, n) }
            let m = Double(inputs.max()!)
            let e = inputs.map { Foundation.exp(Double($0) - m) }
            let total = e.reduce(0, +)
            for i in 0..<n {
                let ref = e[i] / total
                #expect(abs(Double(row[i]) - ref) <= Self.softmaxRelative * ref + Self.softmaxAbsolute, "\(name) n \(n) i \(i)")
            }
        }
        var big: [Float] = [1000, 999, -.infinity]
        big.withUnsafeMutableBufferPointer { softmax($0.baseAddress, 3) }
        #expect(abs(Double(big[0]) - 1 / (1 + Foundation.exp(-1.0))) <= 1e-6 && big[2] == 0)
        var masked: [Float] = [-.infinity, -.infinity]
        masked.withUnsafeMutableBufferPointer { softmax($0.baseAddress, 2) }
        #expect(masked.allSatisfy { $0.isNaN })
    }

    @Test("the dispatched and portable variants agree to a few ulp")
    func variantsAgree() {
        var rng = SeededRandom(seed: 5)
        let inputs = rng.floats(4099, -6, 6)
        var a = inputs, b = inputs
        a.withUnsafeMutableBufferPointer { emo_gelu($0.baseAddress, $0.count) }
        b.withUnsafeMutableBufferPointer { emo_gelu_portable($0.baseAddress, $0.count) }
        #expect(maxAbs(a, b) <= 2e-6)   // |GELU| ≤ 6 here: FMA vs separate rounding, a few ulp of 6
    }
}
