// Loading a model for a run, with the checkpoint's sha256 taken from the store's cache when the file is unchanged.
import Foundation
import EmoCheckpoint
import EmoModels
import EmoStore

/// Loads the model in `directory` like `loadModel(directory:)`, but hashes an emotion2vec checkpoint at most once
/// per (path, size, modification time): the sha256 is cached in `store`'s `checkpointHash` table.
public func loadModel(directory: String, hashCache store: EvalStore) throws -> any EmotionModel {
    let found = try detectModelDirectory(directory)
    switch found.family {
    case .emotion2vec:
        return try Emotion2Vec(directory: found.path, configPath: found.config, checkpointPath: found.checkpoint,
                               tokensPath: found.labels,
                               checkpointSHA256: try cachedSHA256(ofFile: found.checkpoint, store: store))
    case .wav2vec2IEMOCAP:
        // Wav2Vec2Classifier hashes wav2vec2.ckpt itself, lazily on first `identity` access, and takes no known
        // hash, so the cache cannot help it yet.
        return try loadModel(directory: directory)
    }
}

/// The sha256 of the file at `path`, from the cache when its size and modification time are unchanged;
/// otherwise computed and cached.
public func cachedSHA256(ofFile path: String, store: EvalStore) throws -> String {
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    let attributes = try FileManager.default.attributesOfItem(atPath: absolute)
    let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
    let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    if let cached = try store.cachedCheckpointHash(path: absolute, size: size, modificationTime: modified) {
        return cached
    }
    let sha256 = try sha256Hex(ofFile: absolute)
    try store.storeCheckpointHash(CheckpointHashRecord(path: absolute, size: size, modificationTime: modified,
                                                       sha256: sha256))
    return sha256
}
