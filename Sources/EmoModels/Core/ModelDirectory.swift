// A released model directory recognised from the files in it, without loading anything. Which family claims a
// directory, and which files it needs, is each family's `ModelFamilyEntry.detect` (see ModelRegistry.swift).
import EmoCheckpoint
import EmoTypes
import Foundation

/// A released model directory: its family and the files a model is built from (absolute or as-given paths).
public struct ModelDirectory: Sendable, Equatable {
    /// The directory as given.
    public let path: String
    public let family: ModelFamily
    /// Model configuration: `config.yaml` (emotion2vec) or `hyperparams.yaml` (SpeechBrain).
    public let config: String
    /// Main checkpoint, the one whose sha256 identifies the model: `model.pt` / `emotion2vec_base.pt`
    /// (emotion2vec) or `wav2vec2.ckpt` (SpeechBrain).
    public let checkpoint: String
    /// A second checkpoint holding the classifier head (SpeechBrain's `model.ckpt`); nil when the main one has it.
    public let headCheckpoint: String?
    /// Label file: `tokens.txt` (emotion2vec+, absent for emotion2vec_base) or `label_encoder.txt` (SpeechBrain).
    public let labels: String?
    /// Metadata: `configuration.json` (FunASR / ModelScope) or `config.json` (HF Wav2Vec2Config); nil when absent.
    public let metadata: String?
    /// Any further files a family needs, by role (e.g. "preprocessor config"), listed after the others by `files`.
    public let otherFiles: [String: String]

    public init(path: String, family: ModelFamily, config: String, checkpoint: String, headCheckpoint: String? = nil,
                labels: String? = nil, metadata: String? = nil, otherFiles: [String: String] = [:]) {
        self.path = path
        self.family = family
        self.config = config
        self.checkpoint = checkpoint
        self.headCheckpoint = headCheckpoint
        self.labels = labels
        self.metadata = metadata
        self.otherFiles = otherFiles
    }

    /// Every file found, with its role, in a fixed order (for `inspect`).
    public var files: [(role: String, path: String)] {
        var result: [(String, String)] = [("config", config), ("checkpoint", checkpoint)]
        if let headCheckpoint { result.append(("head checkpoint", headCheckpoint)) }
        if let labels { result.append(("labels", labels)) }
        if let metadata { result.append(("metadata", metadata)) }
        for role in otherFiles.keys.sorted() { result.append((role, otherFiles[role]!)) }
        return result
    }

    /// Every checkpoint file (main first).
    public var checkpoints: [String] { [checkpoint] + (headCheckpoint.map { [$0] } ?? []) }
}

/// The entries of a directory, as a family's `detect` sees them.
public struct DirectoryListing: Sendable {
    /// The directory as given.
    public let path: String
    /// Every entry's name, sorted.
    public let names: [String]

    /// Lists `path`; throws `ModelDirectoryError.notADirectory` when it is not a directory.
    public init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelDirectoryError.notADirectory(path: path)
        }
        self.path = path
        names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// Whether an entry (file or directory) called `name` exists.
    public func contains(_ name: String) -> Bool { names.contains(name) }

    /// The path of the regular file `name` in the directory; nil when absent. A directory, FIFO or device of
    /// that name is an error of its own (`ModelDirectoryError.notRegularFile`): a FIFO would hang its reader,
    /// and "missing model.pt (found model.pt)" confused users.
    public func file(_ name: String) throws -> String? {
        let full = URL(fileURLWithPath: path).appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: full) else { return nil }
        if let reason = nonRegularFileReason(full) { throw ModelDirectoryError.notRegularFile(path: full, reason: reason) }
        return full
    }
}

/// A path is not a recognisable model directory.
public enum ModelDirectoryError: Error, CustomStringConvertible, Equatable, Sendable {
    case notADirectory(path: String)
    /// A file a family needs is a directory, FIFO or device (`reason`: "not a regular file (a directory)").
    case notRegularFile(path: String, reason: String)
    /// `family` is the closest match (nil when nothing matched); `missing` lists required files that are absent.
    case incomplete(path: String, family: ModelFamily?, found: [String], missing: [String])

    public var description: String {
        switch self {
        case let .notADirectory(path):
            return "\(path): not a directory (expected a released model directory)"
        case let .notRegularFile(path, reason):
            return "\(path): \(reason)"
        case let .incomplete(path, family, found, missing):
            let seen = found.isEmpty ? "no files" : found.joined(separator: ", ")
            guard let family else {
                return "\(path): not a model directory (found \(seen))\n"
                    + "hint: " + ModelRegistry.entries.map(\.requiredFiles).joined(separator: "; ")
            }
            return "\(path): incomplete \(family.rawValue) model directory: missing \(missing.joined(separator: ", "))"
                + " (found \(seen))"
        }
    }
}

/// Detects the model family of the directory at `path` and lists its files: the first entry of
/// `ModelRegistry.entries` that claims it. Throws `ModelDirectoryError` naming what is missing when the
/// directory is not a complete release of a supported family.
public func detectModelDirectory(_ path: String) throws -> ModelDirectory {
    let listing = try DirectoryListing(path: path)
    for entry in ModelRegistry.entries {
        if let found = try entry.detect(listing) { return found }
    }
    throw ModelDirectoryError.incomplete(path: path, family: nil, found: listing.names, missing: [])
}
