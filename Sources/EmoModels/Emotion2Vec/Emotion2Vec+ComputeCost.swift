// The matrix products of one emotion2vec forward pass, for `bench` (FLOP count and the sgemm-bound floor
// measured on these shapes).

extension Emotion2Vec: ComputeCost {
    public func gemmShapes(samples: Int) -> [GemmShape] {
        config.gemmShapes(samples: samples, classes: head?.outputs ?? 0)
    }
}

extension Emotion2VecConfig {
    /// The products of docs/specs/emotion2vec.md §7 for `samples` input samples: CNN convs as im2col GEMMs, the projection, the
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
