// SpeechBrain's wav2vec2 emotion classifier's registry entry (speechbrain/emotion-recognition-wav2vec2-IEMOCAP
// release layout: hyperparams.yaml, wav2vec2.ckpt, model.ckpt, label_encoder.txt, optional config.json).
// Facts: docs/specs/wav2vec2-iemocap.md §1.1.
import EmoKernels
import EmoTypes

/// Detects and loads SpeechBrain wav2vec2 classifier directories.
public struct SpeechBrainWav2Vec2Entry: ModelFamilyEntry {
    public init() {}

    public var family: ModelFamily { .wav2vec2IEMOCAP }
    public var requiredFiles: String {
        "SpeechBrain wav2vec2-IEMOCAP needs hyperparams.yaml, wav2vec2.ckpt, model.ckpt and label_encoder.txt"
    }
    /// config.json (the HF Wav2Vec2Config, when the release has one) before hyperparams.yaml.
    public var configFileNames: [String] { ["config.json", "hyperparams.yaml"] }

    /// Claims a directory with hyperparams.yaml.
    public func detect(_ listing: DirectoryListing) throws -> ModelDirectory? {
        guard listing.contains(Wav2Vec2Classifier.FileName.hyperparams) else { return nil }
        let names = Wav2Vec2Classifier.FileName.self
        let required = [names.hyperparams, names.encoder, names.head, names.labels]
        let missing = try required.filter { try listing.file($0) == nil }
        guard missing.isEmpty, let config = try listing.file(names.hyperparams),
              let checkpoint = try listing.file(names.encoder) else {
            throw ModelDirectoryError.incomplete(path: listing.path, family: .wav2vec2IEMOCAP, found: listing.names,
                                                 missing: missing)
        }
        return ModelDirectory(path: listing.path, family: .wav2vec2IEMOCAP, config: config, checkpoint: checkpoint,
                              headCheckpoint: try listing.file(names.head), labels: try listing.file(names.labels),
                              metadata: try listing.file(names.config))
    }

    public func load(_ directory: ModelDirectory, checkpointSHA256: String?, precision: Precision) throws -> any EmotionModel {
        try Wav2Vec2Classifier(directory: directory, checkpointSHA256: checkpointSHA256, precision: precision)
    }
}
