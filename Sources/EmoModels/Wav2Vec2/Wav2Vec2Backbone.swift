// The wav2vec2 stack both wav2vec2-based families run (SpeechBrain's classifier and the Hugging Face wav2vec2 /
// HuBERT / WavLM classifiers): CNN feature encoder → feature projection → positional conv and transformer
// encoder, bound from one weight scope, with the pool of scratch buffers its utterances borrow. Each family adds
// its own waveform normalisation before it and its own head after it.
import EmoKernels

/// The shared wav2vec2 encoder stack of one loaded model. Immutable and `Sendable`: concurrent `infer` calls each
/// borrow their own scratch.
struct Wav2Vec2Backbone: Sendable {
    let config: Wav2Vec2Config
    /// `feature_extractor.*`: the CNN.
    let featureEncoder: Wav2Vec2FeatureEncoder
    /// `feature_projection.*`: LayerNorm (HuBERT: optional) + Linear to the model width.
    let featureProjection: Wav2Vec2FeatureProjection
    /// `encoder.*`: positional conv, layers, encoder LayerNorm (post-LN or stable).
    let encoder: Wav2Vec2Encoder
    private let scratchPool = ScratchPool(Wav2Vec2Scratch.init)

    /// Binds the three stages from `weights`, the scope holding `feature_extractor.*`, `feature_projection.*` and
    /// `encoder.*` (a SpeechBrain lobe, or a Hugging Face model's `wav2vec2.` / `hubert.` / `wavlm.` scope).
    init(config: Wav2Vec2Config, weights: WeightScope) throws {
        self.config = config
        featureEncoder = try Wav2Vec2FeatureEncoder(config: config, weights: weights.scope("feature_extractor"))
        featureProjection = try Wav2Vec2FeatureProjection(config: config, weights: weights.scope("feature_projection"))
        encoder = try Wav2Vec2Encoder(config: config, weights: weights)
    }

    /// Runs `body` with scratch buffers borrowed from the pool (and reused by later calls).
    func withScratch<R>(_ body: (inout Wav2Vec2Scratch) throws -> R) rethrows -> R {
        try scratchPool.withScratch(body)
    }

    /// The steps before the encoder: checks `samples` (at least `config.minimumSamples`, all finite; throws
    /// `ModelError.inputTooShort` / `.nonFiniteInput`), sizes the scratch for them, applies the family's
    /// `normalise` to the waveform (N, 1), then runs the CNN and the feature projection. The projected features
    /// (T, D), the encoder's input, are left in `s.hidden`.
    func projectFeatures(_ samples: [Float], scratch s: inout Wav2Vec2Scratch,
                         normalise: (inout Tensor) -> Void) throws {
        try checkModelInput(samples, minimumSamples: config.minimumSamples)
        s.reserve(samples: samples.count, config: config)
        var waveform = Tensor(shape: [samples.count, 1], data: samples)
        normalise(&waveform)
        featureEncoder(waveform, into: &s.cnn, spare: &s.cnnSpare, chunk: &s.cnnChunk, chunkOut: &s.cnnChunkOut,
                       workspace: &s.workspace)
        featureProjection(&s.cnn, into: &s.hidden)
    }
}
