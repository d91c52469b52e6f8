// Hugging Face wav2vec2 / HuBERT / WavLM audio classifiers run natively: Wav2Vec2FeatureExtractor normalisation →
// the shared wav2vec2 CNN, feature projection and encoder → the head. Heads: `…ForSequenceClassification`
// (optional weighted layer sum → projector → mean over frames → classifier) and audEERING's `EmotionModel`
// (mean over frames → dense → tanh → out_proj). Ports transformers (v5.23) `Wav2Vec2ForSequenceClassification.forward`
// (HuBERT / WavLM identical) and audEERING's `EmotionModel.forward` (Tests/Fixtures/README.md §9.4 items 10–12).
// Loading is in HFAudioClassifier+Loading.swift.
import EmoKernels
import Foundation

/// A Hugging Face wav2vec2-family audio classifier or regressor.
public struct HFAudioClassifier: EmotionModel {
    /// The classifier on top of the encoder, as recognised from the weights.
    public enum Head: Sendable {
        /// `…ForSequenceClassification`: `projector` (P, D) on every frame (of the weighted layer sum when
        /// `layerWeights` is set), mean over frames, `classifier` (K, P).
        case sequenceClassification(projector: LinearLayer, classifier: LinearLayer, layerWeights: [Float]?)
        /// audEERING `EmotionModel` / community `Wav2Vec2ForSpeechClassification`: mean of the last hidden state,
        /// `classifier.dense` (D, D) → tanh → `classifier.out_proj` (K, D).
        case denseTanh(dense: LinearLayer, outProjection: LinearLayer)
    }

    /// How logits become the stored scores (`AudioClassificationPipeline.postprocess`).
    public enum OutputFunction: String, Sendable {
        /// Class probabilities (single-label classification).
        case softmax
        /// Independent probabilities (`problem_type` multi_label_classification).
        case sigmoid
        /// Raw outputs (`problem_type` regression, e.g. arousal / dominance / valence).
        case none
    }

    /// Family, variant, directory and labels, with an empty `checkpointSHA256` (no hashing; see `hashedIdentity()`).
    public let identity: ModelIdentity
    /// The identity with the weights' sha256 (hashed on the first call, then cached).
    public func hashedIdentity() throws -> ModelIdentity {
        var identity = self.identity
        identity.checkpointSHA256 = try weightsHash.sha256()
        return identity
    }
    let weightsHash: CheckpointHash
    public let config: HFModelConfig
    public let preprocessor: HFPreprocessorConfig
    public let head: Head
    public let outputFunction: OutputFunction
    /// Defaults this model was loaded with because a file did not say (e.g. a missing preprocessor_config.json):
    /// one line each, for the user to see.
    public let assumptions: [String]
    public var sampleRate: Int { 16_000 }
    public var minimumSamples: Int { config.encoder.minimumSamples }
    /// Width of the pooled vector (the classifier's input): P for sequence classification, D for the dense head.
    public var embeddingDim: Int {
        switch head {
        case let .sequenceClassification(projector, _, _): return projector.outputs
        case .denseTanh: return config.encoder.hiddenSize
        }
    }

    /// CNN, feature projection and encoder (shared with SpeechBrain's wav2vec2 classifier), and the scratch pool.
    let backbone: Wav2Vec2Backbone
    /// `.int8`: the encoder's attention and feed-forward projections, the CNN convs after the first and the
    /// positional convolution compute in int8.
    public let precision: Precision

    /// Runs one utterance with scratch buffers borrowed from the model's pool. See `infer(_:includeFrames:scratch:)`.
    public func infer(_ samples: [Float], includeFrames: Bool) throws -> ModelOutput {
        try backbone.withScratch { try infer(samples, includeFrames: includeFrames, scratch: &$0) }
    }

    /// Runs one utterance: mono 16 kHz samples (at least `minimumSamples`) → scores (probabilities, or raw values
    /// for regression) in `identity.labels` order, the pooled vector (the classifier's input) and, if asked, the
    /// last hidden state (T, D). Throws `ModelError.inputTooShort` / `.nonFiniteInput`.
    public func infer(_ samples: [Float], includeFrames: Bool, scratch s: inout Wav2Vec2Scratch) throws -> ModelOutput {
        try backbone.projectFeatures(samples, scratch: &s) { waveform in
            if preprocessor.doNormalize { HFPreprocessorConfig.normalise(&waveform.data) }
        }
        var hidden = Tensor(zeros: [0]), layerSum = Tensor(zeros: [0])
        swap(&hidden, &s.hidden)
        swap(&layerSum, &s.layerSum)
        defer {  // the buffers go back to the scratch for the next utterance
            swap(&hidden, &s.hidden)
            swap(&layerSum, &s.layerSum)
        }

        var pooled = Tensor(zeros: [0]), logits = Tensor(zeros: [0])
        switch head {
        case let .sequenceClassification(projector, classifier, layerWeights):
            if let layerWeights {
                // Σ_i w_i · h_i over the hidden states [layer-0 input, each layer's output]. For stable-layer-norm
                // models the last state is taken after the final encoder LayerNorm, as transformers 4.x did (4.57.3,
                // under which SUPERB and most community fine-tunes were trained and evaluated); transformers 5.x
                // leaves that norm out of the last entry, which moves the scores of such models by up to 0.08.
                // Decided in issue #14; post-LN models and models without the weighted sum are the same in both.
                backbone.encoder(&hidden, scratch: &s) { index, state in
                    accumulate(&layerSum, state, weight: layerWeights[index], first: index == 0)
                }
                projector(layerSum, into: &s.projected)
            } else {
                backbone.encoder(&hidden, scratch: &s)
                projector(hidden, into: &s.projected)
            }
            meanRows(out: &pooled, x: s.projected)
            classifier(Tensor(shape: [1, pooled.count], data: pooled.data), into: &logits)
        case let .denseTanh(dense, outProjection):
            backbone.encoder(&hidden, scratch: &s)
            meanRows(out: &pooled, x: hidden)
            var features = Tensor(zeros: [0])
            dense(Tensor(shape: [1, pooled.count], data: pooled.data), into: &features)
            for i in features.data.indices { features.data[i] = tanhf(features.data[i]) }
            outProjection(features, into: &logits)
        }
        switch outputFunction {
        case .softmax: applySoftmax(&logits)
        case .sigmoid: for i in logits.data.indices { logits.data[i] = 1 / (1 + expf(-logits.data[i])) }
        case .none: break
        }
        return ModelOutput(scores: logits.data, embedding: pooled.data, frames: includeFrames ? hidden : nil)
    }
}

/// sum (T, D) = (first ? 0 : sum) + weight · state: one term of the weighted layer sum (each product rounded in
/// Float32, then added, as `(stacked * weights.view(-1, 1, 1)).sum(dim=1)`).
private func accumulate(_ sum: inout Tensor, _ state: Tensor, weight: Float, first: Bool) {
    if first { sum.resizeForOutput(state.shape) }
    sum.data.withUnsafeMutableBufferPointer { ps in
        state.data.withUnsafeBufferPointer { px in
            if first {
                for i in 0..<px.count { ps[i] = weight * px[i] }
            } else {
                for i in 0..<px.count { ps[i] += weight * px[i] }
            }
        }
    }
}
