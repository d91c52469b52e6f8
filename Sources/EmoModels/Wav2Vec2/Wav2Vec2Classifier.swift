// speechbrain/emotion-recognition-wav2vec2-IEMOCAP run natively: waveform layer norm → wav2vec2 (group-norm
// CNN, feature projection, positional conv, post-LN transformer) → SpeechBrain's output norm over all T×D
// values → mean over all frames → Linear without bias → softmax. What the released `custom_interface.py`
// `classify_file` computes for one utterance (docs/specs/wav2vec2-iemocap.md §3); loading is in
// Wav2Vec2Classifier+Loading.swift.
import EmoKernels
import Foundation

/// The SpeechBrain wav2vec2 emotion classifier (IEMOCAP release layout).
public struct Wav2Vec2Classifier: EmotionModel {
    /// Family, variant, directory and labels, with an empty `checkpointSHA256` (no hashing; see `hashedIdentity()`).
    public let identity: ModelIdentity
    /// The identity with wav2vec2.ckpt's sha256 (hashed on the first call, then cached).
    public func hashedIdentity() throws -> ModelIdentity {
        var identity = self.identity
        identity.checkpointSHA256 = try encoderHash.sha256()
        return identity
    }
    let encoderHash: CheckpointHash
    /// Architecture (config.json or facebook/wav2vec2-base).
    public let config: Wav2Vec2Config
    /// What hyperparams.yaml says about output norm, head bias and log-softmax.
    public let hyperparams: SpeechBrainHyperparams
    public var sampleRate: Int { 16_000 }
    public var minimumSamples: Int { config.minimumSamples }
    public var embeddingDim: Int { config.hiddenSize }

    /// CNN, feature projection and encoder (shared with the Hugging Face families), and the scratch pool.
    let backbone: Wav2Vec2Backbone
    /// `model.ckpt` `0.w.weight` (classes, D) [+ `0.w.bias` when hyperparams say bias: True].
    let head: LinearLayer
    /// `.int8`: the encoder's attention and feed-forward projections, the CNN convs after the first and the
    /// positional convolution compute in int8.
    public let precision: Precision

    /// eps of the two parameter-free layer norms SpeechBrain applies with `F.layer_norm`'s default
    /// (waveform normalisation and output norm); not the model's layer_norm_eps, nor HF's 1e-7.
    static let speechBrainNormEps: Float = 1e-5

    /// Runs one utterance with scratch buffers borrowed from the model's pool (reused by later calls).
    /// See `infer(_:includeFrames:scratch:)`.
    public func infer(_ samples: [Float], includeFrames: Bool) throws -> ModelOutput {
        try backbone.withScratch { try infer(samples, includeFrames: includeFrames, scratch: &$0) }
    }

    /// Runs one utterance: mono 16 kHz samples (at least `minimumSamples`) → class probabilities, the pooled
    /// utterance vector (D) and, if asked, the frames (T, D) after SpeechBrain's output norm.
    /// Throws `ModelError.inputTooShort` / `.nonFiniteInput`.
    public func infer(_ samples: [Float], includeFrames: Bool, scratch s: inout Wav2Vec2Scratch) throws -> ModelOutput {
        // Step 1: F.layer_norm(wav, wav.shape[1:]) — one mean/variance over the utterance, eps 1e-5, no affine.
        // Steps 2–3: CNN (T, C) → LayerNorm + Linear → (T, D).
        try backbone.projectFeatures(samples, scratch: &s) { applyLayerNormAll(&$0, eps: Self.speechBrainNormEps) }
        // Steps 5–7: positional conv, encoder LayerNorm, transformer layers.
        var hidden = Tensor(zeros: [0])
        swap(&hidden, &s.hidden)
        defer { swap(&hidden, &s.hidden) }  // the buffer goes back to the scratch for the next utterance
        backbone.encoder(&hidden, scratch: &s)
        // Step 8 (output_norm): F.layer_norm(out, out.shape[1:]) — over all T×D values together.
        if hyperparams.outputNorm { applyLayerNormAll(&hidden, eps: Self.speechBrainNormEps) }
        // Step 9: mean over all frames (SpeechBrain's ~5e-5 pooling noise is left out: it is random).
        var pooled = Tensor(zeros: [0])
        meanRows(out: &pooled, x: hidden)
        // Steps 10–11: logits = W·e (+ b), probabilities = softmax.
        var logits = Tensor(zeros: [0])
        head(Tensor(shape: [1, pooled.count], data: pooled.data), into: &logits)
        applySoftmax(&logits)
        return ModelOutput(scores: logits.data, embedding: pooled.data, frames: includeFrames ? hidden : nil)
    }

    /// SpeechBrain `classify_file`'s return values for `output` (of this model).
    public func speechBrainClassification(of output: ModelOutput) -> SpeechBrainClassification {
        SpeechBrainClassification(probabilities: output.scores, labels: identity.labels,
                                  logProbabilities: hyperparams.softmaxAppliesLog)
    }

    /// The released model comes with SpeechBrain's `classify_file`; `classify --json` adds its fields.
    public func classifyFileFields(of output: ModelOutput) -> SpeechBrainClassification? {
        speechBrainClassification(of: output)
    }

    public var computeCost: (any ComputeCost)? { self }
}

/// `(out_prob, score, index, text_lab)` as SpeechBrain's `classify_file` returns them for one file.
public struct SpeechBrainClassification: Sendable, Equatable, Codable {
    /// `out_prob[0]`: probabilities in label order (log-probabilities when the yaml's softmax has apply_log).
    public var outProb: [Float]
    /// `score[0]`: the largest entry of `out_prob`.
    public var score: Float
    /// `index[0]`: its position (the first one on a tie, as torch.max).
    public var index: Int
    /// `text_lab[0]`: the label of `index`.
    public var textLab: String

    enum CodingKeys: String, CodingKey {
        case outProb = "out_prob", score, index, textLab = "text_lab"
    }

    public init(probabilities: [Float], labels: [String], logProbabilities: Bool) {
        outProb = logProbabilities ? probabilities.map { log($0) } : probabilities
        var best = 0
        for k in outProb.indices where outProb[k] > outProb[best] { best = k }
        index = best
        score = outProb.isEmpty ? 0 : outProb[best]
        textLab = best < labels.count ? labels[best] : ""
    }
}
