// emotion2vec / emotion2vec+ (all four released variants), declared from config.yaml and run on OpenBLAS.
// Ports funasr/models/emotion2vec/model.py `Emotion2vec.inference` / `extract_features` and base.py
// `ModalitySpecificEncoder.contextualized_features` (FunASR 1.4.16); the whole pipeline is docs/specs/emotion2vec.md §4.13.
import EmoKernels

/// A loaded emotion2vec model. Immutable and `Sendable`: many workers may call `infer` at once; each
/// call borrows its own scratch buffers from a pool, so a worker reuses them across utterances.
public struct Emotion2Vec: EmotionModel {
    /// Family, variant, directory and labels, with an empty `checkpointSHA256` (no hashing; see `hashedIdentity()`).
    public let identity: ModelIdentity
    /// The identity with the checkpoint's sha256 (hashed on the first call, then cached).
    public func hashedIdentity() throws -> ModelIdentity {
        var identity = self.identity
        identity.checkpointSHA256 = try checkpointHash.sha256()
        return identity
    }
    let checkpointHash: CheckpointHash
    public let config: Emotion2VecConfig
    /// The label file (`tokens.txt`); nil for emotion2vec_base, which has no classifier head.
    public let labelList: Emotion2VecLabelList?

    let featureEncoder: Emotion2VecFeatureEncoder
    let positionalEncoder: Emotion2VecPositionalEncoder
    let extraTokens: Weight?       // modality_encoders.AUDIO.extra_tokens (1, E, D)
    let contextNorm: NormLayer     // modality_encoders.AUDIO.context_encoder.norm (D)
    let alibi: AlibiBias           // modality_encoders.AUDIO.alibi_scale (1, 1, H, 1, 1)
    /// Prenet blocks (`context_encoder.blocks.*`) followed by the main blocks (`blocks.*`).
    let blocks: [Emotion2VecBlock]
    let head: LinearLayer?         // proj (classes, D)
    /// `.int8`: the blocks' attention and MLP projections, the CNN convs after the first and the positional
    /// convolutions compute in int8 (the rest stays Float32).
    public let precision: Precision
    private let scratchPool = ScratchPool(Emotion2VecScratch.init)

    public var sampleRate: Int { 16_000 }
    public var computeCost: (any ComputeCost)? { self }
    public var embeddingDim: Int { config.embedDim }
    /// The CNN's receptive field (400 samples = 25 ms for every release).
    public var minimumSamples: Int { featureEncoder.receptiveField }

    /// Frames T the model produces for `samples` input samples (⌊(N − 400)/320⌋ + 1 for the releases).
    public func frameCount(samples: Int) -> Int { featureEncoder.frameCount(samples: samples) }

    /// Builds the layers from `weights` (the unwrapped state dict) after `crossCheck` has passed.
    init(identity: ModelIdentity, checkpointHash: CheckpointHash, config: Emotion2VecConfig, labelList: Emotion2VecLabelList?,
         weights: WeightScope) throws {
        let audio = weights.scope("modality_encoders.AUDIO")
        let D = config.embedDim, E = config.audio.numExtraTokens
        self.identity = identity
        self.checkpointHash = checkpointHash
        self.config = config
        self.labelList = labelList
        precision = weights.precision
        featureEncoder = try Emotion2VecFeatureEncoder(layers: try config.convLayers(), embedDim: D, weights: audio)
        positionalEncoder = try Emotion2VecPositionalEncoder(config: config, weights: audio)
        extraTokens = E > 0 ? try audio.weight("extra_tokens", shape: [1, E, D]) : nil
        contextNorm = try NormLayer(dim: D, eps: config.normEps, affine: config.normAffine,
                                    weights: audio.scope("context_encoder.norm"))
        alibi = try AlibiBias(heads: config.numHeads, alibiHeads: config.audio.numAlibiHeads, weights: audio)
        let prenet = try (0..<config.audio.prenetDepth).map {
            try Emotion2VecBlock(config, weights: audio.scope("context_encoder.blocks.\($0)"))
        }
        let main = try (0..<config.depth).map { try Emotion2VecBlock(config, weights: weights.scope("blocks.\($0)")) }
        blocks = prenet + main
        if let labelList {
            head = try LinearLayer(inputs: D, outputs: labelList.rows.count, weights: weights.scope("proj"))
        } else {
            head = nil
        }
    }

    /// Runs one utterance (mono, 16 kHz, any gain): scores in `identity.labels` order, the utterance
    /// embedding (mean of the frames) and, if asked, the frames (T, D).
    public func infer(_ samples: [Float], includeFrames: Bool) throws -> ModelOutput {
        try checkModelInput(samples, minimumSamples: minimumSamples)
        return scratchPool.withScratch { forward(samples, includeFrames: includeFrames, scratch: $0) }
    }

    private func forward(_ samples: [Float], includeFrames: Bool, scratch s: Emotion2VecScratch) -> ModelOutput {
        let D = config.embedDim, E = config.audio.numExtraTokens
        // Waveform, normalised over the whole utterance (F.layer_norm(source, source.shape)).
        s.cnnA.resizeForOutput([samples.count])
        s.cnnA.data.withUnsafeMutableBufferPointer { p in _ = p.initialize(from: samples) }
        if config.normalize { applyLayerNormAll(&s.cnnA, eps: 1e-5) }
        s.waveform.removeAll(keepingCapacity: true)
        s.waveform.append(contentsOf: s.cnnA.data)

        featureEncoder(s)                       // x (T, D) in s.features
        positionalEncoder(s)                    // x + pos(x)
        let T = s.features.shape[0]

        // z = [extra tokens; x] → context_encoder.norm → blocks, with ALiBi on the audio frames only.
        s.tokens.resizeForOutput([E + T, D])
        s.tokens.data.withUnsafeMutableBufferPointer { z in
            if let extraTokens {
                extraTokens.withUnsafeBufferPointer { e in
                    z.baseAddress!.update(from: e.baseAddress!, count: E * D)
                }
            }
            s.features.data.withUnsafeBufferPointer { x in
                (z.baseAddress! + E * D).update(from: x.baseAddress!, count: T * D)
            }
        }
        contextNorm(&s.tokens)
        let bias = alibi.table(frames: T, offset: E, into: &s.alibiTable)
        for block in blocks { block(s, bias: bias) }

        // feats = z without the extra tokens; utterance embedding = their mean.
        let frames = Tensor(shape: [T, D], data: Array(s.tokens.data[(E * D)..<((E + T) * D)]))
        let embedding = meanRows(frames)
        return ModelOutput(scores: classify(embedding), embedding: embedding.data,
                           frames: includeFrames ? frames : nil)
    }

    /// Head: softmax(proj(embedding)) with `unuse*` rows masked to −inf first, masked rows dropped.
    private func classify(_ embedding: Tensor) -> [Float] {
        guard let head, let labelList else { return [] }
        var logits = Tensor(zeros: [0])
        head(Tensor(shape: [1, embedding.count], data: embedding.data), into: &logits)
        for row in labelList.rows.indices where Emotion2VecLabelList.isMasked(labelList.rows[row]) {
            logits.data[row] = -.infinity
        }
        applySoftmax(&logits)
        return labelList.outputRows.map { logits.data[$0] }
    }
}
