// The contract every model family implements, and the values it returns.
import EmoKernels
import EmoTypes

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
    /// Family, variant, directory and labels, without reading the checkpoint: a family that hashes lazily leaves
    /// `checkpointSHA256` empty here. What `classify`, `bench` and the runner's labels read; anything that stores
    /// or compares the hash uses `hashedIdentity()`.
    var identity: ModelIdentity { get }
    /// The identity with the checkpoint's sha256, computed on the first call by a family that hashes lazily.
    /// Throws `ModelError.checkpointUnhashable` naming the file when the checkpoint can no longer be read: a
    /// stored identity always holds a real hash. Default: `identity` (a model that knows its hash at load).
    func hashedIdentity() throws -> ModelIdentity
    /// Expected input rate (16 000 for every supported family).
    var sampleRate: Int { get }
    /// Shortest input in samples that yields one frame (400).
    var minimumSamples: Int { get }
    /// Embedding width D.
    var embeddingDim: Int { get }
    /// The model's matrix products, for `bench`'s FLOP count and sgemm-bound floor; nil when unknown.
    var computeCost: (any ComputeCost)? { get }
    /// The precision the model computes at (what it was loaded with). Default `.fp32`: a family that
    /// cannot quantize reports fp32 even when int8 was asked for, and the run is stored as fp32.
    var precision: Precision { get }
    /// Runs one utterance (mono, at `sampleRate`). Throws `ModelError` for too-short or non-finite input.
    func infer(_ samples: [Float], includeFrames: Bool) throws -> ModelOutput
    /// SpeechBrain `classify_file`'s return values for `output`, for a family released with a SpeechBrain
    /// interface (`classify --json` adds them to each record); nil for every other family (the default).
    func classifyFileFields(of output: ModelOutput) -> SpeechBrainClassification?
    /// Defaults the model was loaded with because its files did not say (e.g. a Hugging Face directory without
    /// preprocessor_config.json), one line each naming the file; the CLI prints them as notes. Default: none.
    var assumptions: [String] { get }
}

extension EmotionModel {
    public func hashedIdentity() throws -> ModelIdentity { identity }
    public var assumptions: [String] { [] }
    public var computeCost: (any ComputeCost)? { nil }
    public var precision: Precision { .fp32 }
    public func classifyFileFields(of output: ModelOutput) -> SpeechBrainClassification? { nil }
}
