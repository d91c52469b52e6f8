// The matrix products of one wav2vec2 classifier forward pass, for `bench` (FLOP count and the sgemm-bound
// floor measured on these shapes). docs/specs/wav2vec2-iemocap.md §6: ≈ 13.8 GFLOP for 1 s of audio at wav2vec2-base size.

extension Wav2Vec2Classifier: ComputeCost {
    public func gemmShapes(samples: Int) -> [GemmShape] {
        config.gemmShapes(samples: samples, classes: head.outputs)
    }
}

extension Wav2Vec2Config {
    /// The products for `samples` input samples, in the order the forward pass runs them: CNN convs as im2col
    /// GEMMs, the feature projection, the grouped positional conv (T + 1 outputs before SamePad), per layer
    /// q/k/v/out, q·kᵀ and P·v per head, the two FFN products, and the head (`classes` rows).
    public func gemmShapes(samples: Int, classes: Int) -> [GemmShape] {
        var shapes = convLayers.gemmShapes(samples: samples)
        let T = frameCount(samples: samples), inputs = convLayers.last?.channels ?? 1
        let D = hiddenSize, F = intermediateSize, H = numAttentionHeads, d = headDim, L = numHiddenLayers
        let G = numConvPosEmbeddingGroups, K = numConvPosEmbeddings
        shapes.append(GemmShape(m: T, n: D, k: inputs, transposeB: true))
        shapes.append(GemmShape(m: T + 1 - K % 2, n: D / G, k: D / G * K, transposeB: true, count: G))
        shapes.append(GemmShape(m: T, n: D, k: D, transposeB: true, count: 4 * L))
        shapes.append(GemmShape(m: T, n: T, k: d, transposeB: true, count: L * H))
        shapes.append(GemmShape(m: T, n: d, k: T, transposeB: false, count: L * H))
        shapes.append(GemmShape(m: T, n: F, k: D, transposeB: true, count: L))
        shapes.append(GemmShape(m: T, n: D, k: F, transposeB: true, count: L))
        if classes > 0 { shapes.append(GemmShape(m: 1, n: classes, k: D, transposeB: true)) }
        return shapes
    }
}
