// The store row describing a loaded model, with its config file text for provenance.
import EmoCheckpoint
import Foundation
import EmoModels
import EmoStore

extension ModelRecord {
    /// The row for `model`; `config` is the text of the first of its family's `configFileNames` found in its
    /// directory (none for a family the registry does not know, e.g. a test double). Throws
    /// `ModelError.checkpointUnhashable` when the checkpoint's sha256 is not known and its file cannot be read.
    public init(model: any EmotionModel) throws {
        let identity = try model.hashedIdentity()
        let directory = URL(fileURLWithPath: identity.directory)
        let names = ModelRegistry.entry(for: identity.family)?.configFileNames ?? []
        let config = names.lazy
            .map { directory.appendingPathComponent($0) }
            .filter { nonRegularFileReason($0.path) == nil } // a FIFO would block the read
            .compactMap { try? String(contentsOf: $0, encoding: .utf8) }
            .first
        self.init(family: identity.family.rawValue, variant: identity.variant, directory: identity.directory,
                  checkpointSHA256: identity.checkpointSHA256, labels: identity.labels, rawLabels: identity.rawLabels,
                  embeddingDim: model.embeddingDim, config: config)
    }
}
