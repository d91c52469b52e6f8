// The contract every model family implements, and the values it returns.
import EmoKernels

/// Model families emoeval can run natively.
public enum ModelFamily: String, Sendable, Codable, CaseIterable {
    /// emotion2vec_base and emotion2vec_plus_{seed,base,large} (FunASR).
    case emotion2vec
    /// speechbrain/emotion-recognition-wav2vec2-IEMOCAP.
    case wav2vec2IEMOCAP = "wav2vec2-iemocap"
}

/// What identifies a loaded model for provenance and resume.
public struct ModelIdentity: Sendable, Equatable, Codable {
    public var family: ModelFamily
    /// e.g. "emotion2vec_plus_base", derived from the directory and config.
    public var variant: String
    /// Directory the model was loaded from (as given).
    public var directory: String
    /// sha256 (hex) of the main checkpoint file.
    public var checkpointSHA256: String
    /// Output labels as written in the model's files (e.g. "生气/angry"), in score order. Empty when the
    /// model has no classifier head.
    public var rawLabels: [String]
    /// English labels in score order (e.g. "angry"); same count as `rawLabels`.
    public var labels: [String]

    public init(family: ModelFamily, variant: String, directory: String, checkpointSHA256: String,
                rawLabels: [String], labels: [String]) {
        self.family = family
        self.variant = variant
        self.directory = directory
        self.checkpointSHA256 = checkpointSHA256
        self.rawLabels = rawLabels
        self.labels = labels
    }
}

/// The result of running a model on one utterance.
public struct ModelOutput: Sendable {
    /// Class probabilities in `identity.labels` order; empty for an embedding-only model.
    public var scores: [Float]
    /// Utterance embedding (mean over frames), shape (D).
    public var embedding: [Float]
    /// Frame features, shape (T, D), when requested.
    public var frames: Tensor?

    public init(scores: [Float], embedding: [Float], frames: Tensor?) {
        self.scores = scores
        self.embedding = embedding
        self.frames = frames
    }
}

/// A loaded, immutable model that can be shared by many workers.
public protocol EmotionModel: Sendable {
    var identity: ModelIdentity { get }
    /// Expected input rate (16 000 for every supported family).
    var sampleRate: Int { get }
    /// Shortest input in samples that yields one frame (400).
    var minimumSamples: Int { get }
    /// Embedding width D.
    var embeddingDim: Int { get }
    /// Runs one utterance (mono, at `sampleRate`). Throws `ModelError` for too-short or non-finite input.
    func infer(_ samples: [Float], includeFrames: Bool) throws -> ModelOutput
}
