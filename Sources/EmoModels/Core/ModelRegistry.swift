// The model registry: one entry per supported family (named by its `ModelFamily` constant in EmoTypes, the one
// list of family names, which the recipe's validation reads too). Directory detection and its hint, loading
// (with or without a known checkpoint hash) and the config files kept for provenance all read
// `ModelRegistry.entries`; nothing else switches on a family. docs/adding-a-model.md.
import EmoKernels
import EmoTypes

/// One supported model family: how to recognise its released directory and build its model from it.
public protocol ModelFamilyEntry: Sendable {
    /// The family's name, as stored with every run and written in recipes under `models:`.
    var family: ModelFamily { get }
    /// What a directory of this family must hold, for the "not a model directory" hint
    /// (e.g. "emotion2vec needs config.yaml and model.pt …").
    var requiredFiles: String { get }
    /// Config files whose text the store keeps with the model row for provenance, in order of preference.
    var configFileNames: [String] { get }
    /// The directory's files when this family claims `listing` (nil when it does not). Throws
    /// `ModelDirectoryError.incomplete` naming the missing files when it claims an incomplete directory.
    /// Entries are asked in `ModelRegistry.entries` order; the first claim wins.
    func detect(_ listing: DirectoryListing) throws -> ModelDirectory?
    /// Builds the model from a directory this entry detected. `checkpointSHA256` is the main checkpoint's
    /// sha256 when already known (the runner's cache); otherwise the model computes it on the first
    /// `hashedIdentity()`, never at load. `precision` `.int8` quantizes the attention and feed-forward linear layers,
    /// the CNN convs after the first and the positional convolutions
    /// (`LinearLayer(…, quantizable: true)`, `featureEncoderConvWeight`, `positionalConvWeight` through a
    /// `WeightScope(…, precision:)`); the model reports what it
    /// computes at in `EmotionModel.precision`.
    func load(_ directory: ModelDirectory, checkpointSHA256: String?, precision: Precision) throws -> any EmotionModel
}

/// Every family emoeval runs, in detection order.
public enum ModelRegistry {
    /// The entries; add a family by adding its entry here (docs/adding-a-model.md).
    public static let entries: [any ModelFamilyEntry] = [
        SpeechBrainWav2Vec2Entry(),   // before emotion2vec: claims any directory with hyperparams.yaml
        Emotion2VecEntry(),
        // After SpeechBrain (whose release also holds a config.json): claim by config.json's model_type.
        HFAudioClassifierEntry(modelType: .wav2vec2),
        HFAudioClassifierEntry(modelType: .hubert),
        HFAudioClassifierEntry(modelType: .wavlm),
    ]

    /// The supported families, in detection order.
    public static var families: [ModelFamily] { entries.map(\.family) }

    /// The entry of `family`, nil when emoeval has none (e.g. a family name read from an older database).
    public static func entry(for family: ModelFamily) -> (any ModelFamilyEntry)? {
        entries.first { $0.family == family }
    }

    /// Builds the model of a detected directory with its family's entry.
    public static func load(_ directory: ModelDirectory, checkpointSHA256: String? = nil,
                            precision: Precision = .fp32) throws -> any EmotionModel {
        guard let entry = entry(for: directory.family) else {
            throw ModelError.unsupportedModel(directory: directory.path,
                                              problem: "no registered model family '\(directory.family)'")
        }
        // A bad EMOEVAL_INT8_KERNEL is an error at load, not a silent fallback to another kernel.
        if precision == .int8 { _ = try Int8Kernel.fromEnvironment() }
        return try entry.load(directory, checkpointSHA256: checkpointSHA256, precision: precision)
    }
}

/// Loads the model in `directory`: detects its family from the files (see `detectModelDirectory`) and
/// builds that family's model. Throws `ModelDirectoryError` when the directory is not a model,
/// `ModelError` when its files disagree.
public func loadModel(directory: String, precision: Precision = .fp32) throws -> any EmotionModel {
    try ModelRegistry.load(try detectModelDirectory(directory), precision: precision)
}
