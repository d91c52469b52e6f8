// The registry entries of the Hugging Face audio classifiers: one family per encoder (`hf-wav2vec2`, `hf-hubert`,
// `hf-wavlm`), claimed by config.json's `model_type` with a weights file beside it (a SpeechBrain release also
// holds a config.json; its entry comes first). A hub-cache entry (`models--org--name`, with `refs/main` and
// `snapshots/<hash>`) is followed to the snapshot `refs/main` names.
import EmoCheckpoint
import EmoKernels
import EmoTypes
import Foundation

/// Detects and loads Hugging Face directories whose config.json names `modelType`.
public struct HFAudioClassifierEntry: ModelFamilyEntry {
    public let modelType: Wav2Vec2Config.ModelType

    public init(modelType: Wav2Vec2Config.ModelType) {
        self.modelType = modelType
    }

    public var family: ModelFamily {
        switch modelType {
        case .wav2vec2: return .hfWav2Vec2
        case .hubert: return .hfHubert
        case .wavlm: return .hfWavLM
        }
    }

    public var requiredFiles: String {
        "a Hugging Face \(modelType.rawValue) classifier needs config.json (model_type '\(modelType.rawValue)') and "
            + "model.safetensors or pytorch_model.bin (or a sharded *.index.json; preprocessor_config.json optional)"
    }

    public var configFileNames: [String] { [HFAudioClassifier.FileName.config, HFAudioClassifier.FileName.preprocessor] }

    /// Claims a directory with config.json whose model_type is this entry's. A config.json with a weights file
    /// but a model_type no entry runs is an error naming the file (no other family reads HF weights).
    public func detect(_ listing: DirectoryListing) throws -> ModelDirectory? {
        if let snapshot = Self.hubCacheSnapshot(listing) { return try detect(try DirectoryListing(path: snapshot)) }
        guard let config = try listing.file(HFAudioClassifier.FileName.config) else { return nil }
        let weights = HFWeightFiles.find(in: listing.path)
        let type = Self.modelType(config: config)
        if Wav2Vec2Config.ModelType(rawValue: type ?? "") == nil {
            guard weights != nil else { return nil }
            throw ModelError.invalidConfig(
                file: config, field: "model_type",
                problem: "\(type.map { "'\($0)'" } ?? "missing or unreadable"): not a model emoeval runs "
                    + "(Hugging Face audio classifiers: 'wav2vec2', 'hubert', 'wavlm')")
        }
        guard type == modelType.rawValue else { return nil }
        guard let weights else {
            throw ModelDirectoryError.incomplete(path: listing.path, family: family, found: listing.names,
                                                 missing: ["model.safetensors or pytorch_model.bin (or a *.index.json)"])
        }
        return ModelDirectory(path: listing.path, family: family, config: config, checkpoint: weights,
                              metadata: try listing.file(HFAudioClassifier.FileName.preprocessor))
    }

    public func load(_ directory: ModelDirectory, checkpointSHA256: String?, precision: Precision) throws -> any EmotionModel {
        try HFAudioClassifier(directory: directory, checkpointSHA256: checkpointSHA256, precision: precision)
    }

    /// config.json's `model_type`; nil when the file is not a JSON object or has none.
    static func modelType(config path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["model_type"] as? String
    }

    /// For a hub-cache entry `models--org--name` (holding `refs/main` and `snapshots/<hash>`), the snapshot
    /// `refs/main` points at; nil otherwise.
    static func hubCacheSnapshot(_ listing: DirectoryListing) -> String? {
        guard listing.contains("snapshots"), listing.contains("refs") else { return nil }
        let refs = (listing.path as NSString).appendingPathComponent("refs/main")
        // Checked before reading: a FIFO named refs/main would block the read forever.
        guard nonRegularFileReason(refs) == nil, let text = try? String(contentsOfFile: refs, encoding: .utf8) else {
            return nil
        }
        let hash = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !hash.isEmpty, !hash.contains("/") else { return nil }
        let snapshot = (listing.path as NSString).appendingPathComponent("snapshots/" + hash)
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: snapshot, isDirectory: &isDirectory) && isDirectory.boolValue
            ? snapshot : nil
    }
}
