// The models `serve` offers: loaded once at start-up through the model registry and shared by all requests.
import Foundation
import EmoKernels
import EmoModels

/// One loaded model and what the page shows about it.
public struct ServedModel: Sendable {
    /// Position in the catalog: the id requests use.
    public let index: Int
    public let model: any EmotionModel
    /// Identity with the checkpoint's sha256.
    public let identity: ModelIdentity
    /// Seconds to load (detect, read config, map and bind the weights), without hashing.
    public let loadSeconds: Double

    /// The status the page lists.
    public var status: ModelStatus {
        ModelStatus(id: index, family: identity.family.rawValue, variant: identity.variant,
                    directoryName: (identity.directory as NSString).lastPathComponent,
                    labels: identity.labels, rawLabels: identity.rawLabels,
                    sha256Prefix: String(identity.checkpointSHA256.prefix(12)),
                    precision: model.precision.rawValue, loadSeconds: loadSeconds, embeddingDim: model.embeddingDim,
                    offersEmbedding: identity.family == .emotion2vec)
    }
}

/// A model as the page lists it. The directory is shown by its last component only.
public struct ModelStatus: Codable, Sendable, Equatable {
    public var id: Int
    public var family: String
    public var variant: String
    public var directoryName: String
    public var labels: [String]
    public var rawLabels: [String]
    public var sha256Prefix: String
    /// "fp32" or "int8" (`serve --precision`).
    public var precision: String
    public var loadSeconds: Double
    public var embeddingDim: Int
    /// emotion2vec models offer their utterance embedding as `.npy`.
    public var offersEmbedding: Bool
}

/// The models of one server, in the order given on the command line.
public struct ModelCatalog: Sendable {
    public let models: [ServedModel]

    /// Loads every directory with `loadModel(directory:precision:)` (the registry `classify` uses) and hashes
    /// its checkpoint. Throws the first load error (the CLI prints it and exits).
    public init(directories: [String], precision: Precision = .fp32) throws {
        var models: [ServedModel] = []
        for (index, directory) in directories.enumerated() {
            let start = Date()
            let model = try loadModel(directory: directory, precision: precision)
            let seconds = Date().timeIntervalSince(start)
            models.append(ServedModel(index: index, model: model, identity: try model.hashedIdentity(),
                                      loadSeconds: seconds))
        }
        self.models = models
    }

    /// Already loaded models (tests).
    public init(models: [any EmotionModel]) throws {
        self.models = try models.enumerated().map {
            ServedModel(index: $0, model: $1, identity: try $1.hashedIdentity(), loadSeconds: 0)
        }
    }

    public func model(_ id: Int) -> ServedModel? {
        models.indices.contains(id) ? models[id] : nil
    }
}
