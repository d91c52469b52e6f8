// The arithmetic a model performs, as the list of its matrix products: the FLOP count `bench` divides by
// and the shapes on which it measures the sgemm rate (the "sgemm-bound floor").

/// One matrix product `C (m, n) = A (m, k) · op(B)`, performed `count` times per utterance.
public struct GemmShape: Sendable, Hashable, CustomStringConvertible {
    public var m: Int
    public var n: Int
    public var k: Int
    /// B is stored (n, k) and used transposed (Linear weights, im2col convolutions, q·kᵀ).
    public var transposeB: Bool
    /// How many times the product runs per utterance (e.g. once per head and block).
    public var count: Int

    public init(m: Int, n: Int, k: Int, transposeB: Bool, count: Int = 1) {
        self.m = m
        self.n = n
        self.k = k
        self.transposeB = transposeB
        self.count = count
    }

    /// 2·m·n·k·count (a multiply-add is two FLOPs).
    public var flops: Double { 2 * Double(m) * Double(n) * Double(k) * Double(count) }

    public var description: String { "\(m)×\(n)×\(k)\(transposeB ? "ᵀ" : "")×\(count)" }
}

/// A model that can state its own arithmetic cost.
public protocol ComputeCost {
    /// Every matrix product of one utterance of `samples` samples at the model's rate. Element-wise work
    /// (LayerNorm, GELU, softmax; < 1 %) is not counted.
    func gemmShapes(samples: Int) -> [GemmShape]
}

extension ComputeCost {
    /// FLOPs of one utterance: the sum over `gemmShapes` (spec: emotion2vec base ≈ 15.4 GFLOP for 1 s).
    public func flopCount(samples: Int) -> Double {
        gemmShapes(samples: samples).reduce(0) { $0 + $1.flops }
    }
}

extension Emotion2Vec: ComputeCost {
    public func gemmShapes(samples: Int) -> [GemmShape] {
        config.gemmShapes(samples: samples, classes: head?.outputs ?? 0)
    }
}

extension Emotion2VecConfig {
    /// The products of spec §7 for `samples` input samples: CNN convs as im2col GEMMs, the projection, the
    /// grouped positional convs, per block qkv / q·kᵀ / P·v / out / fc1 / fc2, and a head of `classes` rows.
    /// Assumes a validated config (a malformed `feature_encoder_spec` counts no CNN work).
    public func gemmShapes(samples: Int, classes: Int) -> [GemmShape] {
        let convs = (try? convLayers()) ?? []
        var shapes = convs.gemmShapes(samples: samples)
        let T = convs.frameCount(samples: samples), inputs = convs.last?.channels ?? 1
        let D = embedDim, F = ffnDim, H = numHeads, N = T + audio.numExtraTokens, d = headDim
        shapes.append(GemmShape(m: T, n: D, k: inputs, transposeB: true))
        let G = audio.convPosGroups, K = audio.convPosKernel
        shapes.append(GemmShape(m: T, n: D / G, k: D / G * K, transposeB: true, count: G * audio.convPosDepth))
        let B = depth + audio.prenetDepth
        shapes.append(GemmShape(m: N, n: 3 * D, k: D, transposeB: true, count: B))
        shapes.append(GemmShape(m: N, n: N, k: d, transposeB: true, count: B * H))
        shapes.append(GemmShape(m: N, n: d, k: N, transposeB: false, count: B * H))
        shapes.append(GemmShape(m: N, n: D, k: D, transposeB: true, count: B))
        shapes.append(GemmShape(m: N, n: F, k: D, transposeB: true, count: B))
        shapes.append(GemmShape(m: N, n: D, k: F, transposeB: true, count: B))
        if classes > 0 { shapes.append(GemmShape(m: 1, n: classes, k: D, transposeB: true)) }
        return shapes
    }
}
