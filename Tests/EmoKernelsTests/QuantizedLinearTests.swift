// int8 linear: every kernel equals the portable twin bit for bit, the twin equals an independent
// quantize-then-integer-matmul written here, saturation cannot occur, and the int8 result is close to
// the Float32 linear layer.
import CEmoKernels
import Testing
@testable import EmoKernels
import EmoTestSupport

@Suite("int8 linear")
struct QuantizedLinearTests {
    // Odd row counts (tiles of 8 and 4 rows), channel counts off the 16-channel blocks, inputs off the
    // groups of 4; and one model-sized shape.
    static let shapes: [(Int, Int, Int)] = [(1, 1, 1), (3, 5, 7), (9, 17, 16), (8, 64, 32), (13, 33, 47),
                                            (4, 128, 48), (17, 130, 33), (37, 768, 96),
                                            // Two row panels (128 rows each) and two input slices (768 inputs each) of the
                                            // vector kernels' cache blocking, both ending part-way.
                                            (130, 800, 20)]

    /// Independent reference: quantize both operands as documented (weights symmetric 8-bit per channel,
    /// activations asymmetric 7-bit per row), integer dot product in Int64, dequantize with the documented
    /// rounding order.
    static func reference(x: [Float], w: [Float], bias: [Float]?, R: Int, I: Int, O: Int) -> [Float] {
        func quantizeWeight(_ v: ArraySlice<Float>) -> ([Int64], Float) {
            let maxabs = v.reduce(Float(0)) { max($0, abs($1)) }
            let inv: Float = maxabs > 0 ? 127 / maxabs : 0
            return (v.map { Int64(max(-127, min(127, ($0 * inv).rounded(.toNearestOrEven)))) }, maxabs / 127)
        }
        let rows = (0..<R).map { activationReference(x[($0 * I)..<(($0 + 1) * I)]) }
        let cols = (0..<O).map { quantizeWeight(w[($0 * I)..<(($0 + 1) * I)]) }
        var y = [Float](repeating: 0, count: R * O)
        for r in 0..<R {
            for o in 0..<O {
                var acc: Int64 = 0
                for i in 0..<I { acc += (rows[r].q[i] - rows[r].zero) * cols[o].0[i] }
                var v = Float(Int32(acc))
                v = v * rows[r].scale
                v = v * cols[o].1
                y[r * O + o] = v + (bias?[o] ?? 0)
            }
        }
        return y
    }

    /// One activation row as documented: the range [min, max] widened to hold 0, s = range / 127,
    /// z = round(−min / s), q = clamp(round(x / s) + z, 0, 127) (finite rows).
    static func activationReference(_ v: ArraySlice<Float>) -> (q: [Int64], scale: Float, zero: Int64) {
        let lo = min(0, v.min() ?? 0), hi = max(0, v.max() ?? 0)
        let range = hi - lo
        let inv: Float = range >= 0x1p-120 ? 127 / range : 0
        let zero = Int64(max(0, min(127, (-lo * inv).rounded(.toNearestOrEven))))
        let q = v.map { Int64(max(0, min(127, ($0 * inv).rounded(.toNearestOrEven) + Float(zero)))) }
        return (q, range / 127, zero)
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
        // Activations at q = 127 (x = 2 on a row whose range is [0, 2]: z = 0) and weights at ±127 with both
        // products of a pair of the same sign: every vpmaddubsw pair is ±2·127² = ±32258, the largest possible.
        let I = 4096, O = 32, R = 9
        var xs = [Float](repeating: 0, count: R * I), ws = [Float](repeating: 0, count: O * I)
        // Even rows on [0, 2] (z = 0: q ∈ {0, 127}); odd rows on [−2, 0] (z = 127: q ∈ {0, 127}, the largest
        // z·Σw correction).
        for r in 0..<R { for i in 0..<I { xs[r * I + i] = (i / 2 + r) % 5 == 0 ? 0 : (r % 2 == 0 ? 2 : -2) } }
        for o in 0..<O { for i in 0..<I { ws[o * I + i] = (i / 2 + o) % 3 == 0 ? -0.5 : 0.5 } }
        for o in 0..<2 { for i in 0..<I { ws[o * I + i] = o == 0 ? 0.5 : -0.5 } }   // all +32258 / all −32258
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
        // Anywhere in a row, not only where it would become the row's maximum: a NaN first in its row (a later
        // finite value used to replace a NaN maximum), in the middle, −inf in a long row behind a larger value.
        for (values, shape) in [([Float.nan, 1, 0, 1], [2, 2]), ([0, 1, 2, 3, 4, 5, 6, 7, .nan, 1, 2, 3], [1, 12]),
                                ([5] + [Float](repeating: 1, count: 40) + [-.infinity] + [Float](repeating: 1, count: 22), [2, 32]),
                                ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, .nan], [4, 3])] {
            #expect(throws: QuantizationError.nonFinite, "\(values)") {
                try QuantizedWeight(Weight(shape: shape, values: values))
            }
        }
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

    // ---- activation quantization: the AVX2 path equals the scalar definition (lrintf per value) ------------

    /// Bytes, scale bit patterns and zero points of emo_q8_quantize_rows and of its scalar definition for m rows of x.
    static func bothQuantizations(_ x: [Float], rows m: Int, inputs k: Int, stride: Int)
        -> (fast: [UInt8], scalar: [UInt8], fastScales: [UInt32], scalarScales: [UInt32], fastZeros: [Int32],
            scalarZeros: [Int32]) {
        let kp = emo_q8_padded_k(k)
        var fast = [UInt8](repeating: 7, count: m * kp), scalar = [UInt8](repeating: 9, count: m * kp)
        var fs = [Float](repeating: 1, count: m), ss = [Float](repeating: 2, count: m)
        var fz = [Int32](repeating: -1, count: m), sz = [Int32](repeating: -2, count: m)
        x.withUnsafeBufferPointer { px in
            emo_q8_quantize_rows(px.baseAddress, m, k, stride, &fast, &fs, &fz)
            emo_q8_quantize_rows_scalar(px.baseAddress, m, k, stride, &scalar, &ss, &sz)
        }
        // The vector level (AVX2, when this CPU runs it) gives the same as the one emo_q8_quantize_rows picks.
        for level in 1...max(1, emo_q8_quantize_level()) {
            var bytes = [UInt8](repeating: 5, count: m * kp), scales = [Float](repeating: 3, count: m)
            var zeros = [Int32](repeating: -3, count: m)
            x.withUnsafeBufferPointer { px in
                emo_q8_quantize_rows_level(level, px.baseAddress, m, k, stride, &bytes, &scales, &zeros)
            }
            #expect(bytes == fast && scales.map(\.bitPattern) == fs.map(\.bitPattern) && zeros == fz,
                    "level \(level) differs from the default level (m \(m), k \(k))")
        }
        return (fast, scalar, fs.map(\.bitPattern), ss.map(\.bitPattern), fz, sz)
    }

    @Test("vector activation quantization is bit-identical to the scalar definition on random rows")
    func quantizeRowsBitIdentical() {
        var rng = SeededRandom(seed: 2020)
        var checked = 0
        for trial in 0..<600 {
            let m = 1 + Int(rng.next() % 5), k = 1 + Int(rng.next() % 1100)
            let kind = trial % 8
            var x = rng.floats(m * k, -1, 1)
            for i in x.indices {
                let r = rng.next() % 1000
                switch kind {
                case 1: x[i] *= 1e30                                  // huge, still finite
                case 2: x[i] *= 1e-38                                  // denormal-sized rows
                // Odd integers on a range [0, 254] or [−254, 0] → inv 0.5: ties (z = 0 or 127).
                case 3: x[i] = Float(2 * Int(rng.next() % 127) + 1) * (trial % 16 < 8 ? 1 : -1)
                case 4: x[i] = Float(Int(rng.next() % 127)) + 0.5      // n + 0.5 on a range [0, 127] → inv 1: ties
                default: break
                }
                if r == 0 { x[i] = 0 }
                if r == 1 { x[i] = -0.0 }
                if kind == 5 && r == 2 { x[i] = .nan }
                if kind == 6 && r == 3 { x[i] = rng.next() % 2 == 0 ? .infinity : -.infinity }
                if kind == 7 && r < 5 { x[i] = rng.next() % 2 == 0 ? .greatestFiniteMagnitude : -.leastNonzeroMagnitude }
            }
            if kind == 3 { for r in 0..<m { x[r * k] = trial % 16 < 8 ? 254 : -254 } }
            if kind == 4 { for r in 0..<m { x[r * k] = 127 } }
            let q = Self.bothQuantizations(x, rows: m, inputs: k, stride: k)
            #expect(q.fast == q.scalar, "trial \(trial): m \(m) k \(k)")
            #expect(q.fastScales == q.scalarScales, "trial \(trial): m \(m) k \(k)")
            #expect(q.fastZeros == q.scalarZeros, "trial \(trial): m \(m) k \(k)")
            #expect(q.fast.allSatisfy { $0 <= 127 } && q.fastZeros.allSatisfy { (0...127).contains($0) })
            if kind == 0 {   // finite rows: the documented definition, written independently
                for r in 0..<m {
                    let ref = Self.activationReference(x[(r * k)..<(r * k + k)])
                    let kp = emo_q8_padded_k(k)
                    #expect(q.fast[(r * kp)..<(r * kp + k)].map { Int64($0) } == ref.q, "trial \(trial) row \(r)")
                    #expect(Int64(q.fastZeros[r]) == ref.zero && q.fastScales[r] == ref.scale.bitPattern)
                    #expect(q.fast[(r * kp + k)..<(r * kp + kp)].allSatisfy { Int32($0) == q.fastZeros[r] }, "padding = z")
                }
            }
            checked += 1
        }
        #expect(checked == 600)
        // Ties round to even, like lrintf: 2.5 → 2, 3.5 → 4, 0.5 → 0 (range [0, 127]: s = 1, z = 0) and
        // −2.5 → −2, −3.5 → −4, −0.5 → −0 (range [−127, 0]: s = 1, z = 127).
        // 70 values: the ties also pass through the 32-wide AVX2 loop, not only the tail.
        let ties: [Float] = [127, 2.5, 3.5, 0.5, 1.5, 0] + [Float](repeating: 126.5, count: 64)
        let q = Self.bothQuantizations(ties, rows: 1, inputs: ties.count, stride: ties.count)
        #expect(Array(q.fast.prefix(6)) == [127, 2, 4, 0, 2, 0] && q.fastZeros == [0])
        #expect(q.fast[6..<70].allSatisfy { $0 == 126 })
        #expect(q.fast == q.scalar)
        let negativeTies: [Float] = [-127, -2.5, -3.5, -0.5, -1.5, 0] + [Float](repeating: -2.5, count: 64)
        let n = Self.bothQuantizations(negativeTies, rows: 1, inputs: negativeTies.count, stride: negativeTies.count)
        #expect(Array(n.fast.prefix(6)) == [0, 125, 123, 127, 125, 127] && n.fastZeros == [127])
        #expect(n.fast[6..<70].allSatisfy { $0 == 125 })
        #expect(n.fast == n.scalar)
        // A finite row whose range overflows (2e38 − (−2e38)) keeps a finite scale (FLT_MAX / 127) and a zero point
        // in range, on every path. (Its dot products still overflow in the Float32 epilogue, acc · s ≈ 1e41.)
        let wide: [Float] = [2e38, -2e38, 1e38, 0] + [Float](repeating: 3e37, count: 36)
        let h = Self.bothQuantizations(wide, rows: 1, inputs: wide.count, stride: wide.count)
        #expect(Float(bitPattern: h.fastScales[0]) == .greatestFiniteMagnitude / 127)
        #expect(h.fast == h.scalar && h.fastZeros == h.scalarZeros && h.fastZeros == [75])
    }

    @Test("overlapping rows (a conv's im2col rows read with a smaller stride) quantize like copied rows")
    func quantizeOverlappingRows() {
        var rng = SeededRandom(seed: 7)
        let frames = 40, channels = 24, kernel = 3, stride = 2
        let x = rng.floats(frames * channels, -4, 4)
        let rows = (frames - kernel) / stride + 1, k = kernel * channels
        var copied: [Float] = []
        for t in 0..<rows { copied += x[(t * stride * channels)..<(t * stride * channels + k)] }
        let overlapping = Self.bothQuantizations(x, rows: rows, inputs: k, stride: stride * channels)
        let plain = Self.bothQuantizations(copied, rows: rows, inputs: k, stride: k)
        #expect(overlapping.fast == plain.fast && overlapping.fastScales == plain.fastScales
                && overlapping.fastZeros == plain.fastZeros)
        #expect(overlapping.fast == overlapping.scalar)
    }

    @Test("a row whose range is below 2^-120 quantizes to zeros (127 / range would overflow)")
    func tinyRows() throws {
        let tiny: [Float] = [1e-38, -2e-39, 0, 3e-40, 5e-39]
        let q = Self.bothQuantizations(tiny, rows: 1, inputs: 5, stride: 5)
        #expect(q.fast.allSatisfy { $0 == 0 } && q.fastZeros == [0] && q.fast == q.scalar)
        // As a weight: zeros, so the output is the bias; the other row is unaffected.
        let w = try QuantizedWeight(Weight(shape: [2, 5], values: tiny + [1, -1, 0.5, 0, 2]))
        var y = Tensor(zeros: [0])
        linearInt8(out: &y, x: Tensor(shape: [1, 5], data: [1, 2, 3, 4, 5]), weight: w, bias: Weight(shape: [2], values: [0.25, 0]))
        #expect(y.data[0] == 0.25)
        #expect(abs(y.data[1] - 10.5) < 0.1)
    }

    @Test("a workspace is reused: same results, and no growth after the largest call")
    func workspaceReuse() throws {
        var rng = SeededRandom(seed: 99)
        let w = try QuantizedWeight(rng.weight([40, 96], -0.3, 0.3)), b = rng.weight([40])
        var workspace = Workspace()
        var y = Tensor(zeros: [0]), fresh = Tensor(zeros: [0])
        let big = rng.tensor([33, 96]), small = rng.tensor([5, 96])
        linearInt8(out: &y, x: big, weight: w, bias: b, workspace: &workspace)
        linearInt8(out: &fresh, x: big, weight: w, bias: b)
        #expect(y.data == fresh.data)
        let held = workspace.byteCount
        #expect(held >= 33 * 96 + 33 * 4)
        linearInt8(out: &y, x: small, weight: w, bias: b, workspace: &workspace)
        linearInt8(out: &fresh, x: small, weight: w, bias: b)
        #expect(y.data == fresh.data)
        #expect(workspace.byteCount == held)
    }
}

@Suite("int8 conv1d (CNN feature encoders)")
struct QuantizedConvTests {
    /// (Cin, L, Cout, K, S): overlapping windows (K > S), K = S, K < S (gaps), and one run long enough for two
    /// chunks (CK = 1536: 170 frames per chunk).
    static let cases: [(Int, Int, Int, Int, Int)] = [(8, 41, 20, 3, 2), (16, 30, 33, 2, 2), (5, 50, 16, 2, 3),
                                                     (512, 401, 24, 3, 2), (3, 7, 17, 7, 1)]

    @Test("int8 conv = int8 linear layer on explicitly copied kernel-major windows, bit for bit; close to fp32",
          arguments: cases)
    func matchesLinearOnWindows(c: (Int, Int, Int, Int, Int)) throws {
        let (Cin, L, Cout, K, S) = c
        var rng = SeededRandom(seed: UInt64(Cin * 131 + L * 7 + K))
        let x = rng.tensor([L, Cin], -2, 2), w = rng.weight([Cout, Cin, K], -0.3, 0.3), b = rng.weight([Cout])
        let prepared = try TimeMajorConvWeight(w, precision: .int8)
        #expect(prepared.quantized != nil)
        #expect(try TimeMajorConvWeight(w, precision: .fp32).quantized == nil)
        // Independent: kernel-major rows of the weight, windows copied out of x, the int8 linear layer.
        var rows = [Float](repeating: 0, count: Cout * K * Cin)
        for o in 0..<Cout { for ci in 0..<Cin { for k in 0..<K { rows[(o * K + k) * Cin + ci] = w.values[(o * Cin + ci) * K + k] } } }
        let Lout = (L - K) / S + 1
        var windows: [Float] = []
        for t in 0..<Lout { windows += x.data[(t * S * Cin)..<(t * S * Cin + K * Cin)] }
        let linearWeight = try QuantizedWeight(Weight(shape: [Cout, K * Cin], values: rows))
        for bias in [b, nil] {
            var y = rng.tensor([3, 3]), workspace = Workspace()
            conv1dTimeMajor(out: &y, x: x, weight: prepared, bias: bias, stride: S, workspace: &workspace)
            var expected = Tensor(zeros: [0])
            linearInt8(out: &expected, x: Tensor(shape: [Lout, K * Cin], data: windows), weight: linearWeight, bias: bias)
            #expect(y.shape == [Lout, Cout])
            #expect(y.data == expected.data)
            let exact = conv1dTimeMajor(x, weight: w, bias: bias, stride: S)
            var num: Float = 0, den: Float = 0
            for i in 0..<exact.count { num += (y.data[i] - exact.data[i]) * (y.data[i] - exact.data[i]); den += exact.data[i] * exact.data[i] }
            #expect((num / den).squareRoot() < 0.02, "relative error \((num / den).squareRoot())")
        }
    }

    /// (Cin, L, Cout, K, S, P, G): the positional convs' shape (grouped, "same" padding, even and odd K), a padded
    /// ungrouped conv, a grouped unpadded one, and one long enough for two chunks.
    static let groupedCases: [(Int, Int, Int, Int, Int, Int, Int)] = [
        (48, 37, 48, 19, 1, 9, 16), (32, 20, 32, 8, 1, 4, 4), (12, 15, 20, 3, 1, 1, 1), (24, 30, 12, 3, 2, 0, 3),
        // CK = 64·65 = 4160: chunks of 64 frames, so 100 frames take two chunks, the second one partial.
        (128, 100, 32, 65, 1, 32, 2)]

    @Test("grouped and padded int8 conv = per-group int8 linear layers on zero-padded windows, bit for bit; close to fp32",
          arguments: groupedCases)
    func groupedPadded(c: (Int, Int, Int, Int, Int, Int, Int)) throws {
        let (Cin, L, Cout, K, S, P, G) = c
        let Cg = Cin / G, Og = Cout / G
        var rng = SeededRandom(seed: UInt64(Cin * 31 + L * 7 + K * 3 + G))
        let x = rng.tensor([L, Cin], -2, 2), w = rng.weight([Cout, Cg, K], -0.3, 0.3), b = rng.weight([Cout])
        let prepared = try TimeMajorConvWeight(w, precision: .int8, groups: G)
        #expect(prepared.quantizedGroups.count == G && (G == 1) == (prepared.quantized != nil))
        let Lout = (L + 2 * P - K) / S + 1
        var expected = [Float](repeating: .nan, count: Lout * Cout)
        for g in 0..<G {
            // Independent: group g's kernel-major rows and its zero-padded windows, through the int8 linear layer.
            var rows = [Float](repeating: 0, count: Og * K * Cg)
            for o in 0..<Og { for ci in 0..<Cg { for k in 0..<K {
                rows[(o * K + k) * Cg + ci] = w.values[((g * Og + o) * Cg + ci) * K + k]
            } } }
            var windows = [Float](repeating: 0, count: Lout * K * Cg)
            for t in 0..<Lout { for k in 0..<K {
                let s = t * S + k - P
                guard s >= 0 && s < L else { continue }
                for ci in 0..<Cg { windows[(t * K + k) * Cg + ci] = x.data[s * Cin + g * Cg + ci] }
            } }
            var y = Tensor(zeros: [0])
            linearInt8(out: &y, x: Tensor(shape: [Lout, K * Cg], data: windows),
                       weight: try QuantizedWeight(Weight(shape: [Og, K * Cg], values: rows)),
                       bias: Weight(shape: [Og], values: Array(b.values[(g * Og)..<((g + 1) * Og)])))
            for t in 0..<Lout { for o in 0..<Og { expected[t * Cout + g * Og + o] = y.data[t * Og + o] } }
        }
        var out = rng.tensor([2, 2]), workspace = Workspace()
        conv1dTimeMajor(out: &out, x: x, weight: prepared, bias: b, stride: S, padding: P, groups: G, workspace: &workspace)
        #expect(out.shape == [Lout, Cout])
        #expect(out.data == expected)
        let exact = conv1dTimeMajor(x, weight: w, bias: b, stride: S, padding: P, groups: G)
        var num: Float = 0, den: Float = 0
        for i in 0..<exact.count { num += (out.data[i] - exact.data[i]) * (out.data[i] - exact.data[i]); den += exact.data[i] * exact.data[i] }
        #expect((num / den).squareRoot() < 0.02, "relative error \((num / den).squareRoot())")
    }

    @Test("every int8 kernel gives the same conv output")
    func kernelsAgree() throws {
        var rng = SeededRandom(seed: 5)
        let x = rng.tensor([120, 32]), w = try TimeMajorConvWeight(rng.weight([48, 32, 3]), precision: .int8)
        let q = try #require(w.quantized)
        var reference: [Float]?
        for kernel in Int8Kernel.allCases where kernel.isSupported {
            var y = [Float](repeating: 0, count: 59 * 48), workspace = Workspace()
            x.data.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    int8GEMM(rows: 59, x: px.baseAddress!, rowStride: 64, weight: q, bias: nil, kernel: kernel,
                             y: py.baseAddress!, ldy: 48, workspace: &workspace)
                }
            }
            if let reference { #expect(y == reference, "kernel \(kernel)") } else { reference = y }
            var viaConv = Tensor(zeros: [0])
            conv1dTimeMajor(out: &viaConv, x: x, weight: w, bias: nil, stride: 2, workspace: &workspace)
            #expect(viaConv.data == y)
        }
    }

    @Test("a NaN or infinity anywhere in a conv weight is refused")
    func nonFinite() {
        var values = [Float](repeating: 0.5, count: 4 * 3 * 2)
        values[1] = .nan
        #expect(throws: QuantizationError.nonFinite) { try TimeMajorConvWeight(Weight(shape: [4, 3, 2], values: values), precision: .int8) }
        values[1] = 0.5
        values[13] = -.infinity
        #expect(throws: QuantizationError.nonFinite) { try TimeMajorConvWeight(Weight(shape: [4, 3, 2], values: values), precision: .int8) }
    }
}
