// Loading a model for a run, with the checkpoint's sha256 taken from the store's cache when the file is unchanged.
import Foundation
import EmoCheckpoint
import EmoKernels
import EmoModels
import EmoStore

/// Loads the model in `directory` like `loadModel(directory:)`, but hashes the main checkpoint at most once
/// per (path, size, modification time): the sha256 is cached in `store`'s `checkpointHash` table.
public func loadModel(directory: String, hashCache store: EvalStore, precision: Precision = .fp32) throws -> any EmotionModel {
    let found = try detectModelDirectory(directory)
    return try ModelRegistry.load(found, checkpointSHA256: try cachedSHA256(ofFile: found.checkpoint, store: store),
                                  precision: precision)
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
