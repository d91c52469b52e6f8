// Recognises a released model directory (FunASR emotion2vec or SpeechBrain wav2vec2-IEMOCAP) from the files in
// it, without loading anything. Facts: specs/emotion2vec-spec.md §1.1, specs/wav2vec2-iemocap-spec.md §1.1.
import Foundation

/// A released model directory: its family and the files a model is built from (absolute or as-given paths).
public struct ModelDirectory: Sendable, Equatable {
    /// The directory as given.
    public let path: String
    public let family: ModelFamily
    /// Model configuration: `config.yaml` (emotion2vec) or `hyperparams.yaml` (SpeechBrain).
    public let config: String
    /// Main checkpoint: `model.pt` / `emotion2vec_base.pt` (emotion2vec) or `wav2vec2.ckpt` (SpeechBrain).
    public let checkpoint: String
    /// SpeechBrain's classifier checkpoint `model.ckpt`; nil for emotion2vec.
    public let headCheckpoint: String?
    /// Label file: `tokens.txt` (emotion2vec+, absent for emotion2vec_base) or `label_encoder.txt` (SpeechBrain).
    public let labels: String?
    /// Metadata: `configuration.json` (FunASR / ModelScope) or `config.json` (HF Wav2Vec2Config); nil when absent.
    public let metadata: String?

    /// Every file found, with its role, in a fixed order (for `inspect`).
    public var files: [(role: String, path: String)] {
        var result: [(String, String)] = [("config", config), ("checkpoint", checkpoint)]
        if let headCheckpoint { result.append(("head checkpoint", headCheckpoint)) }
        if let labels { result.append(("labels", labels)) }
        if let metadata { result.append(("metadata", metadata)) }
        return result
    }

    /// Every checkpoint file (main first).
    public var checkpoints: [String] { [checkpoint] + (headCheckpoint.map { [$0] } ?? []) }
}

/// A path is not a recognisable model directory.
public enum ModelDirectoryError: Error, CustomStringConvertible, Equatable, Sendable {
    case notADirectory(path: String)
    /// `family` is the closest match (nil when nothing matched); `missing` lists required files that are absent.
    case incomplete(path: String, family: ModelFamily?, found: [String], missing: [String])

    public var description: String {
        switch self {
        case let .notADirectory(path):
            return "\(path): not a directory (expected a released model directory)"
        case let .incomplete(path, family, found, missing):
            let seen = found.isEmpty ? "no files" : found.joined(separator: ", ")
            guard let family else {
                return "\(path): not a model directory (found \(seen))\n"
                    + "hint: emotion2vec needs config.yaml and model.pt or emotion2vec_base.pt (tokens.txt, "
                    + "configuration.json optional); SpeechBrain wav2vec2-IEMOCAP needs hyperparams.yaml, "
                    + "wav2vec2.ckpt, model.ckpt and label_encoder.txt"
            }
            return "\(path): incomplete \(family.rawValue) model directory: missing \(missing.joined(separator: ", "))"
                + " (found \(seen))"
        }
    }
}

/// Detects the model family of the directory at `path` and lists its files. Throws `ModelDirectoryError` naming
/// what is missing when the directory is not a complete release of a supported family.
public func detectModelDirectory(_ path: String) throws -> ModelDirectory {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw ModelDirectoryError.notADirectory(path: path)
    }
    let base = URL(fileURLWithPath: path)
    let found = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted()
    func file(_ name: String) -> String? {
        let full = base.appendingPathComponent(name).path
        var isDir: ObjCBool = false
        return manager.fileExists(atPath: full, isDirectory: &isDir) && !isDir.boolValue ? full : nil
    }

    if found.contains("hyperparams.yaml") {
        let required = ["hyperparams.yaml", "wav2vec2.ckpt", "model.ckpt", "label_encoder.txt"]
        let missing = required.filter { file($0) == nil }
        guard missing.isEmpty, let config = file("hyperparams.yaml"), let checkpoint = file("wav2vec2.ckpt") else {
            throw ModelDirectoryError.incomplete(path: path, family: .wav2vec2IEMOCAP, found: found, missing: missing)
        }
        return ModelDirectory(path: path, family: .wav2vec2IEMOCAP, config: config, checkpoint: checkpoint,
                              headCheckpoint: file("model.ckpt"), labels: file("label_encoder.txt"),
                              metadata: file("config.json"))
    }

    if found.contains("config.yaml") {
        // configuration.json (FunASR's file_path_metas) names the checkpoint and label file when present.
        let metadata = file("configuration.json")
        let metas = metadata.flatMap(funasrFilePathMetas)
        let named = (metas?["init_param"] as? String).flatMap(file)
        let tokenList = ((metas?["tokenizer_conf"] as? [String: Any])?["token_list"] as? String).flatMap(file)
        guard let config = file("config.yaml"),
              let checkpoint = named ?? file("model.pt") ?? file("emotion2vec_base.pt") else {
            throw ModelDirectoryError.incomplete(path: path, family: .emotion2vec, found: found,
                                                 missing: ["model.pt or emotion2vec_base.pt"])
        }
        return ModelDirectory(path: path, family: .emotion2vec, config: config, checkpoint: checkpoint,
                              headCheckpoint: nil, labels: tokenList ?? file("tokens.txt"), metadata: metadata)
    }
    throw ModelDirectoryError.incomplete(path: path, family: nil, found: found, missing: [])
}

/// `file_path_metas` of a FunASR `configuration.json`, nil when unreadable.
private func funasrFilePathMetas(_ path: String) -> [String: Any]? {
    guard let data = FileManager.default.contents(atPath: path),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
    return object["file_path_metas"] as? [String: Any]
}
