// The store row describing a loaded model, with its config file text for provenance.
import Foundation
import EmoModels
import EmoStore

extension ModelRecord {
    /// Config files looked for in a model directory, in order (emotion2vec, then SpeechBrain).
    static let configFileNames = ["config.yaml", "config.json", "hyperparams.yaml"]

    /// The row for `model`; `config` is the text of the first config file found in its directory.
    public init(model: any EmotionModel) {
        let identity = model.identity
        let directory = URL(fileURLWithPath: identity.directory)
        let config = Self.configFileNames.lazy
            .compactMap { try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }
            .first
        self.init(family: identity.family.rawValue, variant: identity.variant, directory: identity.directory,
                  checkpointSHA256: identity.checkpointSHA256, labels: identity.labels, rawLabels: identity.rawLabels,
                  embeddingDim: model.embeddingDim, config: config)
    }
}
