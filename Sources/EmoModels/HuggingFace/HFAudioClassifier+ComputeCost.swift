// The matrix products of one Hugging Face classifier forward pass, for `bench`: the shared wav2vec2 encoder's,
// WavLM's gate projections, and the head.

extension HFAudioClassifier: ComputeCost {
    public var computeCost: (any ComputeCost)? { self }

    /// The encoder's products (`Wav2Vec2Config.gemmShapes`), per WavLM layer the gate projection
    /// (T·H, 8, d), then the head: projector (T, P, D) and classifier (1, K, P), or dense (1, D, D) and
    /// out_proj (1, K, D).
    public func gemmShapes(samples: Int) -> [GemmShape] {
        let encoder = config.encoder
        var shapes = encoder.gemmShapes(samples: samples, classes: 0)
        let T = encoder.frameCount(samples: samples), D = encoder.hiddenSize
        if encoder.relativePositionBuckets != nil {
            shapes.append(GemmShape(m: T * encoder.numAttentionHeads, n: 8, k: encoder.headDim, transposeB: true,
                                    count: encoder.numHiddenLayers))
        }
        switch head {
        case let .sequenceClassification(projector, classifier, _):
            shapes.append(GemmShape(m: T, n: projector.outputs, k: D, transposeB: true))
            shapes.append(GemmShape(m: 1, n: classifier.outputs, k: classifier.inputs, transposeB: true))
        case let .denseTanh(dense, outProjection):
            shapes.append(GemmShape(m: 1, n: dense.outputs, k: D, transposeB: true))
            shapes.append(GemmShape(m: 1, n: outProjection.outputs, k: D, transposeB: true))
        }
        return shapes
    }
}
