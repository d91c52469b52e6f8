// emotion2vec's registry entry: a FunASR / ModelScope release directory (config.yaml, model.pt or
// emotion2vec_base.pt, tokens.txt, configuration.json). Facts: docs/specs/emotion2vec.md §1.1.
import EmoKernels
import EmoTypes
import Foundation

/// Detects and loads emotion2vec directories.
public struct Emotion2VecEntry: ModelFamilyEntry {
    public init() {}

    public var family: ModelFamily { .emotion2vec }
    public var requiredFiles: String {
        "emotion2vec needs config.yaml and model.pt or emotion2vec_base.pt (tokens.txt, configuration.json optional)"
    }
    public var configFileNames: [String] { ["config.yaml"] }

    /// Claims a directory with config.yaml; configuration.json (FunASR's file_path_metas), when present, names
    /// the checkpoint and the label file.
    public func detect(_ listing: DirectoryListing) throws -> ModelDirectory? {
        guard listing.contains("config.yaml") else { return nil }
        let metadata = try listing.file("configuration.json")
        let metas = metadata.flatMap(Self.funasrFilePathMetas)
        let named = try (metas?["init_param"] as? String).flatMap(listing.file)
        let tokenList = try ((metas?["tokenizer_conf"] as? [String: Any])?["token_list"] as? String).flatMap(listing.file)
        guard let config = try listing.file("config.yaml"),
              let checkpoint = try named ?? listing.file("model.pt") ?? listing.file("emotion2vec_base.pt") else {
            throw ModelDirectoryError.incomplete(path: listing.path, family: .emotion2vec, found: listing.names,
                                                 missing: ["model.pt or emotion2vec_base.pt"])
        }
        return ModelDirectory(path: listing.path, family: .emotion2vec, config: config, checkpoint: checkpoint,
                              headCheckpoint: nil, labels: try tokenList ?? listing.file("tokens.txt"), metadata: metadata)
    }

    public func load(_ directory: ModelDirectory, checkpointSHA256: String?, precision: Precision) throws -> any EmotionModel {
        try Emotion2Vec(directory: directory, checkpointSHA256: checkpointSHA256, precision: precision)
    }

    /// `file_path_metas` of a FunASR `configuration.json`, nil when unreadable.
    private static func funasrFilePathMetas(_ path: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["file_path_metas"] as? [String: Any]
    }
}

extension Emotion2Vec {
    /// Loads from a detected emotion2vec directory (config.yaml, checkpoint, tokens.txt when present).
    /// `checkpointSHA256`, when given, is the checkpoint's known sha256 (e.g. from the runner's cache).
    public init(directory found: ModelDirectory, checkpointSHA256: String? = nil, precision: Precision = .fp32) throws {
        try self.init(directory: found.path, configPath: found.config, checkpointPath: found.checkpoint,
                      tokensPath: found.labels, checkpointSHA256: checkpointSHA256, precision: precision)
    }
}
