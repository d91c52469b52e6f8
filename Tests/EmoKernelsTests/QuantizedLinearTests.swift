// int8 linear: every kernel equals the portable twin bit for bit, the twin equals an independent
// quantize-then-integer-matmul written here, saturation cannot occur, and the int8 result is close to
// the Float32 linear layer.
import Testing
@testable import EmoKernels
import EmoTestSupport

@Suite("int8 linear")
struct QuantizedLinearTests {
    // Odd row counts (tiles of 8 and 4 rows), channel counts off the 16-channel blocks, inputs off the
    // groups of 4; and one model-sized shape.
    static let shapes: [(Int, Int, Int)] = [(1, 1, 1), (3, 5, 7), (9, 17, 16), (8, 64, 32), (13, 33, 47),
                                            (4, 128, 48), (17, 130, 33), (37, 768, 96)]

    /// Independent reference: quantize both operands as documented, integer dot product in Int64,
    /// dequantize with the documented rounding order.
    static func reference(x: [Float], w: [Float], bias: [Float]?, R: Int, I: Int, O: Int) -> [Float] {
        func quantize(_ v: ArraySlice<Float>) -> ([Int64], Float) {
            let maxabs = v.reduce(Float(0)) { max($0, abs($1)) }
            let inv: Float = maxabs > 0 ? 127 / maxabs : 0
            return (v.map { Int64(max(-127, min(127, ($0 * inv).rounded(.toNearestOrEven)))) }, maxabs / 127)
        }
        let rows = (0..<R).map { quantize(x[($0 * I)..<(($0 + 1) * I)]) }
        let cols = (0..<O).map { quantize(w[($0 * I)..<(($0 + 1) * I)]) }
        var y = [Float](repeating: 0, count: R * O)
        for r in 0..<R {
            for o in 0..<O {
                var acc: Int64 = 0
                for i in 0..<I { acc += rows[r].0[i] * cols[o].0[i] }
                var v = Float(Int32(acc))
                v = v * rows[r].1
                v = v * cols[o].1
                y[r * O + o] = v + (bias?[o] ?? 0)
            }
        }
        return y
    }

    @Test("every kernel equals the independent reference exactly", arguments: shapes)
    func kernelsExact(shape: (Int, Int, Int)) throws {
        let (R, I, O) = shape
        var rng = SeededRandom(seed: UInt64(R * 7919 + I * 31 + O))
        let x = rng.tensor([R, I], -3, 3), w = rng.weight([O, I], -0.2, 0.2), b = rng.weight([O])
        let q = try QuantizedWeight(w)
        let expected = Self.reference(x: x.data, w: w.values, bias: b.values, R: R, I: I, O: O)
        for kernel in Int8Kernel.allCases where kernel.rawValue <= Int8Kernel.best.rawValue {
            var y = rng.tensor([2, 2])   // dirty, wrong-shaped buffer
            linearInt8(out: &y, x: x, weight: q, bias: b, kernel: kernel)
            #expect(y.shape == [R, O])
            #expect(y.data == expected, "kernel \(kernel)")
            linearInt8(out: &y, x: x, weight: q, bias: nil, kernel: kernel)
            #expect(y.data == Self.reference(x: x.data, w: w.values, bias: nil, R: R, I: I, O: O), "kernel \(kernel), no bias")
        }
    }

    @Test("extreme values cannot saturate: all ±max operands give the exact integer sums")
    func noSaturation() throws {
        // |a| = |w| = 127 everywhere with agreeing signs: every vpmaddubsw pair is 2·127² = 32258, the
        // largest possible; with the +128 shift of the VNNI path the unsigned operand reaches 255.
        let I = 4096, O = 32, R = 9
        var xs = [Float](repeating: 0, count: R * I), ws = [Float](repeating: 0, count: O * I)
        for r in 0..<R { for i in 0..<I { xs[r * I + i] = (i + r) % 3 == 0 ? -2 : 2 } }
        for o in 0..<O { for i in 0..<I { ws[o * I + i] = (i + o) % 2 == 0 ? 0.5 : -0.5 } }
        for r in 0..<R { xs[r * I] = -2 }   // include the most negative activation
        let x = Tensor(shape: [R, I], data: xs), w = Weight(shape: [O, I], values: ws)
        let q = try QuantizedWeight(w)
        let expected = Self.reference(x: xs, w: ws, bias: nil, R: R, I: I, O: O)
        for kernel in Int8Kernel.allCases where kernel.rawValue <= Int8Kernel.best.rawValue {
            var y = Tensor(zeros: [0])
            linearInt8(out: &y, x: x, weight: q, bias: nil, kernel: kernel)
            #expect(y.data == expected, "kernel \(kernel)")
        }
        // And the sums are the true products (the quantization of ±2 and ±0.5 is exact): x·w = ±1 per term.
        let exact = linear(x, weight: w, bias: nil)
        #expect(maxAbs(expected, exact.data) <= 1e-3)
    }

    @Test("int8 stays close to the Float32 layer on model-like data")
    func closeToFloat() throws {
        var rng = SeededRandom(seed: 42)
        let R = 50, I = 768, O = 256
        let x = rng.tensor([R, I], -2, 2), w = rng.weight([O, I], -0.05, 0.05), b = rng.weight([O], -0.1, 0.1)
        var y = Tensor(zeros: [0])
        linearInt8(out: &y, x: x, weight: try QuantizedWeight(w), bias: b)
        let exact = linear(x, weight: w, bias: b)
        // Errors: two half-steps of 1/127 relative per product, averaged over 768 products.
        var num: Float = 0, den: Float = 0
        for i in 0..<y.count { num += (y.data[i] - exact.data[i]) * (y.data[i] - exact.data[i]); den += exact.data[i] * exact.data[i] }
        #expect((num / den).squareRoot() < 0.02)
        #expect(maxAbs(y.data, exact.data) < 0.05)
    }

    @Test("a zero row and a zero weight give exactly the bias")
    func zeros() throws {
        let x = Tensor(shape: [2, 5], data: [0, 0, 0, 0, 0, 1, 2, 3, 4, 5])
        let w = Weight(shape: [2, 5], values: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        var y = Tensor(zeros: [0])
        linearInt8(out: &y, x: x, weight: try QuantizedWeight(w), bias: Weight(shape: [2], values: [0.5, -1]))
        #expect(y.data[0] == 0.5 && y.data[1] == -1 && y.data[2] == 0.5)
        #expect(abs(y.data[3] - 14) < 0.2)
    }

    @Test("non-finite weights and over-wide inputs are refused")
    func refusals() {
        #expect(throws: QuantizationError.nonFinite) { try QuantizedWeight(Weight(shape: [2, 2], values: [1, .nan, 0, 1])) }
        #expect(throws: QuantizationError.nonFinite) { try QuantizedWeight(Weight(shape: [2, 2], values: [1, 0, .infinity, 1])) }
        #expect(throws: QuantizationError.tooManyInputs(70_000)) {
            try QuantizedWeight(Weight(shape: [1, 70_000], values: [Float](repeating: 1, count: 70_000)))
        }
    }

    @Test("the int8 weight takes about a quarter of the Float32 bytes")
    func size() throws {
        let q = try QuantizedWeight(Weight(shape: [768, 3072], values: [Float](repeating: 0.1, count: 768 * 3072)))
        #expect(q.byteCount < 768 * 3072 * 4 / 3)
        #expect(["avx512-vnni", "avx2", "portable"].contains(int8KernelName))
    }
}
