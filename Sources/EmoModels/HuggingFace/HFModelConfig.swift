// What a Hugging Face audio classifier's `config.json` says beyond the encoder (which `Wav2Vec2Config` reads from
// the same file): architectures, labels (`id2label`), the weighted layer sum, the projector size and the problem
// type. Ports the fields transformers (v5.23) `Wav2Vec2Config` / `PretrainedConfig` hold for
// `…ForSequenceClassification` and audEERING's `EmotionModel` (Tests/Fixtures/README.md §9.1, §9.4).
import Foundation

/// The parts of a Hugging Face audio classifier's `config.json` used at inference.
public struct HFModelConfig: Sendable, Equatable {
    /// The encoder (model_type wav2vec2, hubert or wavlm; sizes; norms).
    public var encoder: Wav2Vec2Config
    /// `architectures` as written (informative only: the head is recognised by its weights).
    public var architectures: [String]
    /// `id2label` in index order; nil when the file has none.
    public var labels: [String]?
    /// Softmax-weighted sum over all hidden states as the head's input.  // use_weighted_layer_sum
    public var useWeightedLayerSum: Bool
    /// Projector width P of `…ForSequenceClassification` (transformers default 256).  // classifier_proj_size
    public var classifierProjSize: Int
    /// `problem_type`: "regression" gives raw outputs, "multi_label_classification" sigmoids, else softmax.
    public var problemType: String?
    /// `pooling_mode` of community `Wav2Vec2ForSpeechClassification` / audEERING configs (only "mean" exists
    /// in `EmotionModel`); nil when absent.
    public var poolingMode: String?
    /// The config.json path.
    public var file: String

    /// Reads and validates `config.json`.
    public static func load(file path: String) throws -> HFModelConfig {
        try decode(json: try JSONConfigFile.read(path), file: path)
    }

    /// Decodes `config.json` (encoder fields through `Wav2Vec2Config.decode`, all three model types).
    public static func decode(json data: Data, file: String) throws -> HFModelConfig {
        var encoder = try Wav2Vec2Config.decode(json: data, file: file, modelTypes: Wav2Vec2Config.ModelType.allCases)
        try encoder.validate()
        encoder.source = file
        let raw = try JSONConfigFile.decode(RawHeadConfig.self, from: data, file: file)
        let config = HFModelConfig(
            encoder: encoder, architectures: raw.architectures ?? [], labels: try raw.id2label.map { try labels($0, file) },
            useWeightedLayerSum: raw.useWeightedLayerSum ?? false, classifierProjSize: raw.classifierProjSize ?? 256,
            problemType: raw.problemType, poolingMode: raw.poolingMode, file: file)
        if let mode = config.poolingMode, mode != "mean" {
            throw ModelError.invalidConfig(file: file, field: "pooling_mode",
                                           problem: "'\(mode)' is not supported (only 'mean', as audEERING's EmotionModel)")
        }
        guard config.classifierProjSize > 0 else {
            throw ModelError.invalidConfig(file: file, field: "classifier_proj_size", problem: "must be positive")
        }
        return config
    }

    /// `id2label` ({"0": "neu", "1": "hap", …}) in index order; keys must be exactly 0 ..< K.
    private static func labels(_ map: [String: String], _ file: String) throws -> [String] {
        var byIndex: [Int: String] = [:]
        for (key, label) in map {
            guard let index = Int(key), index >= 0 else {
                throw ModelError.invalidConfig(file: file, field: "id2label.\(key)", problem: "key is not a class index")
            }
            byIndex[index] = label
        }
        guard byIndex.keys.sorted() == Array(0..<byIndex.count) else {
            throw ModelError.invalidConfig(file: file, field: "id2label",
                                           problem: "indices \(byIndex.keys.sorted()) are not 0 ..< \(byIndex.count)")
        }
        return (0..<byIndex.count).map { byIndex[$0] ?? "" }
    }
}

/// The head fields of config.json, all optional.
private struct RawHeadConfig: Decodable {
    var architectures: [String]?
    var id2label: [String: String]?
    var useWeightedLayerSum: Bool?
    var classifierProjSize: Int?
    var problemType: String?
    var poolingMode: String?

    enum CodingKeys: String, CodingKey {
        case architectures, id2label
        case useWeightedLayerSum = "use_weighted_layer_sum"
        case classifierProjSize = "classifier_proj_size"
        case problemType = "problem_type"
        case poolingMode = "pooling_mode"
    }
}
