// Parity of both conv1d layouts against a direct-sum convolution, over strides, padding, groups and
// odd / size-1 shapes, including lengths long enough to need several im2col chunks.
import Testing
import EmoTestSupport
@testable import EmoKernels

@Suite("conv1d")
struct Conv1dTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let Cin, Cout, L, K, S, P, G: Int
        var testDescription: String { "Cin \(Cin) Cout \(Cout) L \(L) K \(K) S \(S) P \(P) G \(G)" }
    }

    static let cases: [Case] = [
        Case(Cin: 1, Cout: 1, L: 1, K: 1, S: 1, P: 0, G: 1),
        Case(Cin: 1, Cout: 8, L: 37, K: 10, S: 5, P: 0, G: 1),      // wav2vec2 / emotion2vec layer 0 shape
        Case(Cin: 6, Cout: 5, L: 23, K: 3, S: 2, P: 0, G: 1),
        Case(Cin: 8, Cout: 8, L: 17, K: 19, S: 1, P: 9, G: 4),      // emotion2vec positional conv shape
        Case(Cin: 6, Cout: 6, L: 9, K: 4, S: 1, P: 2, G: 3),        // even kernel: output L + 1 (wav2vec2 pos conv)
        Case(Cin: 3, Cout: 6, L: 5, K: 7, S: 3, P: 3, G: 3),        // kernel longer than input, padded
        Case(Cin: 4, Cout: 2, L: 4, K: 5, S: 1, P: 0, G: 1),        // kernel does not fit: Lout = 0
        Case(Cin: 6, Cout: 5, L: 21, K: 2, S: 2, P: 0, G: 1),       // non-overlapping windows (CNN layers 5, 6)
        Case(Cin: 3, Cout: 2, L: 11, K: 2, S: 3, P: 0, G: 1),       // gaps between windows
        Case(Cin: 2, Cout: 3, L: 700, K: 2, S: 2, P: 1, G: 1),      // long input, one chunk
        Case(Cin: 1024, Cout: 4, L: 250, K: 20, S: 1, P: 1, G: 2),  // Cg·K = 10240: three im2col chunks
        Case(Cin: 3, Cout: 4, L: 1000, K: 3, S: 1, P: 1, G: 1),
    ]

    @Test("channels-first conv1d matches the direct sum", arguments: cases)
    func channelsFirst(c: Case) {
        var rng = SeededRandom(seed: UInt64(c.Cin * 1000 + c.L * 10 + c.K))
        let x = rng.tensor([c.Cin, c.L]), w = rng.weight([c.Cout, c.Cin / c.G, c.K]), b = rng.weight([c.Cout])
        for bias in [b, nil] {
            let y = conv1d(x, weight: w, bias: bias, stride: c.S, padding: c.P, groups: c.G)
            let ref = Reference.conv1d(x.data, w.values, bias?.values, Cin: c.Cin, L: c.L, Cout: c.Cout, K: c.K,
                                       S: c.S, P: c.P, G: c.G)
            #expect(y.shape == [c.Cout, ref.Lout])
            #expect(maxAbs(y.data, ref.values) <= Tolerance.gemm)
        }
    }

    @Test("time-major conv1d is the transposed channels-first conv1d", arguments: cases)
    func timeMajor(c: Case) {
        var rng = SeededRandom(seed: UInt64(c.Cout * 1000 + c.L * 10 + c.S))
        let x = rng.tensor([c.Cin, c.L]), w = rng.weight([c.Cout, c.Cin / c.G, c.K]), b = rng.weight([c.Cout])
        for bias in [b, nil] {
            let y = conv1dTimeMajor(transpose(x), weight: w, bias: bias, stride: c.S, padding: c.P, groups: c.G)
            let ref = Reference.conv1d(x.data, w.values, bias?.values, Cin: c.Cin, L: c.L, Cout: c.Cout, K: c.K,
                                       S: c.S, P: c.P, G: c.G)
            #expect(y.shape == [ref.Lout, c.Cout])
            let expected = transpose(Tensor(shape: [c.Cout, ref.Lout], data: ref.values))
            #expect(maxAbs(y.data, expected.data) <= Tolerance.gemm)
        }
    }

    @Test("time-major conv1d with a prepared kernel-major weight", arguments: cases)
    func preparedWeight(c: Case) {
        var rng = SeededRandom(seed: UInt64(c.Cout * 777 + c.L * 3 + c.P))
        let x = rng.tensor([c.Cin, c.L]), w = rng.weight([c.Cout, c.Cin / c.G, c.K]), b = rng.weight([c.Cout])
        let prepared = TimeMajorConvWeight(w)
        #expect(prepared.pytorchLayout.values == w.values)
        var workspace = Workspace(), y = rng.tensor([2, 2])
        for bias in [b, nil] {
            conv1dTimeMajor(out: &y, x: transpose(x), weight: prepared, bias: bias, stride: c.S, padding: c.P,
                            groups: c.G, workspace: &workspace)
            let ref = Reference.conv1d(x.data, w.values, bias?.values, Cin: c.Cin, L: c.L, Cout: c.Cout, K: c.K,
                                       S: c.S, P: c.P, G: c.G)
            #expect(y.shape == [ref.Lout, c.Cout])
            let expected = transpose(Tensor(shape: [c.Cout, ref.Lout], data: ref.values))
            #expect(maxAbs(y.data, expected.data) <= Tolerance.gemm)
        }
    }

    @Test("a reused workspace and output buffer give the same result as fresh ones")
    func workspaceReuse() {
        var rng = SeededRandom(seed: 11)
        var workspace = Workspace(), out = Tensor(zeros: [0])
        // Large case first, then a smaller one: stale data in the buffers must not leak into the result.
        for (Cin, L, K, S, P, G) in [(16, 900, 5, 2, 2, 4), (4, 31, 3, 1, 1, 2)] {
            let x = rng.tensor([L, Cin]), w = rng.weight([8, Cin / G, K]), b = rng.weight([8])
            conv1dTimeMajor(out: &out, x: x, weight: w, bias: b, stride: S, padding: P, groups: G, workspace: &workspace)
            let fresh = conv1dTimeMajor(x, weight: w, bias: b, stride: S, padding: P, groups: G)
            #expect(out == fresh)
        }
        #expect(workspace.byteCount > 0)
    }

    @Test("output length formula")
    func outputLength() {
        // emotion2vec / wav2vec2 CNN on 16000 samples: 3199, 1599, 799, 399, 199, 99, 49 frames.
        var L = 16000
        var lengths: [Int] = []
        for (K, S) in [(10, 5), (3, 2), (3, 2), (3, 2), (3, 2), (2, 2), (2, 2)] {
            L = conv1dOutputLength(inputLength: L, kernel: K, stride: S)
            lengths.append(L)
        }
        #expect(lengths == [3199, 1599, 799, 399, 199, 99, 49])
        #expect(conv1dOutputLength(inputLength: 399, kernel: 400, stride: 320) == 0)
        #expect(conv1dOutputLength(inputLength: 49, kernel: 128, padding: 64) == 50)
    }
}
