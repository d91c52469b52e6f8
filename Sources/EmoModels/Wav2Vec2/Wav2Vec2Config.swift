// wav2vec2-family architecture settings: the HF `Wav2Vec2Config` / `HubertConfig` / `WavLMConfig` fields
// inference uses, with the facebook/wav2vec2-base values as defaults (transformers' own defaults are those
// values), overridden by a `config.json` in the model directory when there is one. The SpeechBrain release
// ships no config.json: its lobe downloads the facebook/wav2vec2-base hub config
// (docs/specs/wav2vec2-iemocap.md §1.8). Ports transformers (v5.23) models/wav2vec2/configuration_wav2vec2.py
// `Wav2Vec2Config.__init__`, models/hubert/configuration_hubert.py, models/wavlm/configuration_wavlm.py.
import Foundation

/// The encoder settings of a wav2vec2-family model (HF `config.json` spelling in the comments): the SpeechBrain
/// wav2vec2 classifier and the Hugging Face wav2vec2 / HuBERT / WavLM classifiers.
public struct Wav2Vec2Config: Sendable, Equatable {
    /// The three encoders sharing this code.                    // model_type
    public enum ModelType: String, Sendable, CaseIterable {
        case wav2vec2, hubert, wavlm
    }

    /// Normalisation in the CNN feature encoder.                 // feat_extract_norm
    public enum FeatureNorm: String, Sendable {
        /// GroupNorm(C, C) on layer 0 only (base models).
        case group
        /// LayerNorm over channels after every conv (large / XLSR / robust models).
        case layer
    }

    /// WavLM's bucketed relative positions.                     // num_buckets, max_bucket_distance
    public struct RelativePositionBuckets: Sendable, Equatable {
        public var numBuckets: Int
        public var maxDistance: Int
    }

    /// Which encoder family (key prefix, WavLM's position bias).  // model_type
    public var modelType: ModelType = .wav2vec2
    /// CNN layers, (channels, kernel, stride) each.            // conv_dim, conv_kernel, conv_stride
    public var convLayers: [ConvLayerSpec]
    /// Whether the CNN convs have a bias (false in wav2vec2-base).  // conv_bias
    public var convBias: Bool
    /// Model width D.                                          // hidden_size
    public var hiddenSize: Int
    /// Transformer layers.                                     // num_hidden_layers
    public var numHiddenLayers: Int
    /// Attention heads; no tensor shape reveals this.           // num_attention_heads
    public var numAttentionHeads: Int
    /// FFN width F.                                            // intermediate_size
    public var intermediateSize: Int
    /// eps of every LayerNorm/GroupNorm inside the model.      // layer_norm_eps
    public var layerNormEps: Double
    /// Positional conv kernel (128 in wav2vec2-base; even kernels drop the last output frame).
    public var numConvPosEmbeddings: Int                        // num_conv_pos_embeddings
    /// Positional conv groups.                                 // num_conv_pos_embedding_groups
    public var numConvPosEmbeddingGroups: Int
    /// CNN normalisation style.                                // feat_extract_norm
    public var featureNorm: FeatureNorm = .group
    /// Pre-LN encoder with the encoder LayerNorm after the last layer (large models); false: post-LN with
    /// the encoder LayerNorm before layer 0 (base models).      // do_stable_layer_norm
    public var stableLayerNorm = false
    /// Whether the feature projection starts with a LayerNorm (HuBERT can switch it off; wav2vec2 and WavLM
    /// always have it).                                        // feat_proj_layer_norm
    public var featureProjectionNorm = true
    /// WavLM's gated relative position bias; nil for wav2vec2 and HuBERT.
    public var relativePositionBuckets: RelativePositionBuckets?

    /// Where the values came from: the `config.json` path, or nil for the built-in wav2vec2-base values.
    public var source: String?

    /// facebook/wav2vec2-base (docs/specs/wav2vec2-iemocap.md §1.8), used when a directory has no config.json.
    public static let base = Wav2Vec2Config(
        convLayers: [ConvLayerSpec(channels: 512, kernel: 10, stride: 5)]
            + Array(repeating: ConvLayerSpec(channels: 512, kernel: 3, stride: 2), count: 4)
            + Array(repeating: ConvLayerSpec(channels: 512, kernel: 2, stride: 2), count: 2),
        convBias: false, hiddenSize: 768, numHiddenLayers: 12, numAttentionHeads: 12, intermediateSize: 3072,
        layerNormEps: 1e-5, numConvPosEmbeddings: 128, numConvPosEmbeddingGroups: 16, source: nil)

    /// Per-head width D / H.
    public var headDim: Int { hiddenSize / numAttentionHeads }
    /// Channels of the last CNN layer (the feature projection's input width).
    public var convOutputChannels: Int { convLayers.last?.channels ?? 0 }
    /// Name used in messages for the source of the values.
    public var sourceDescription: String { source ?? "the built-in facebook/wav2vec2-base config" }

    /// Frames the CNN yields for `samples` input samples: L ← ⌊(L − k)/s⌋ + 1 per layer (0 if too short).
    public func frameCount(samples: Int) -> Int { convLayers.frameCount(samples: samples) }

    /// The shortest input giving one frame (400 for wav2vec2-base's CNN: the receptive field).
    public var minimumSamples: Int { convLayers.receptiveField }

    /// Throws `ModelError.invalidConfig` for impossible or unsupported values.
    public func validate() throws {
        let file = sourceDescription
        func fail(_ field: String, _ problem: String) -> ModelError {
            .invalidConfig(file: file, field: field, problem: problem)
        }
        guard !convLayers.isEmpty else { throw fail("conv_dim", "the CNN has no layers") }
        for (i, layer) in convLayers.enumerated()
        where layer.channels <= 0 || layer.kernel <= 0 || layer.stride <= 0 {
            throw fail("conv_dim", "layer \(i) has a non-positive size (\(layer.channels), \(layer.kernel), \(layer.stride))")
        }
        guard hiddenSize > 0 else { throw fail("hidden_size", "must be positive, got \(hiddenSize)") }
        guard numAttentionHeads > 0, hiddenSize % numAttentionHeads == 0 else {
            throw fail("num_attention_heads", "hidden_size \(hiddenSize) is not divisible by \(numAttentionHeads) heads")
        }
        guard numHiddenLayers >= 0 else { throw fail("num_hidden_layers", "must not be negative") }
        guard intermediateSize > 0 else { throw fail("intermediate_size", "must be positive") }
        guard layerNormEps > 0 else { throw fail("layer_norm_eps", "must be positive, got \(layerNormEps)") }
        guard numConvPosEmbeddings > 0 else { throw fail("num_conv_pos_embeddings", "must be positive") }
        guard numConvPosEmbeddingGroups > 0, hiddenSize % numConvPosEmbeddingGroups == 0 else {
            throw fail("num_conv_pos_embedding_groups",
                       "hidden_size \(hiddenSize) is not divisible by \(numConvPosEmbeddingGroups) groups")
        }
        if let buckets = relativePositionBuckets {
            // transformers: half = num_buckets // 2, max_exact = half // 2; log(max_distance / max_exact) > 0.
            guard buckets.numBuckets >= 4, buckets.numBuckets % 2 == 0 else {
                throw fail("num_buckets", "must be an even number ≥ 4, got \(buckets.numBuckets)")
            }
            guard buckets.maxDistance > buckets.numBuckets / 4 else {
                throw fail("max_bucket_distance", "must exceed num_buckets / 4 = \(buckets.numBuckets / 4), "
                           + "got \(buckets.maxDistance)")
            }
        }
    }
}

extension Wav2Vec2Config {
    /// The config of a model directory: `config.json` when present, else facebook/wav2vec2-base. Validated.
    public static func load(directory: String) throws -> Wav2Vec2Config {
        let path = (directory as NSString).appendingPathComponent("config.json")
        guard FileManager.default.fileExists(atPath: path) else { return base }
        return try load(file: path)
    }

    /// Reads and validates a HF `config.json`.
    public static func load(file path: String) throws -> Wav2Vec2Config {
        let config = try decode(json: try JSONConfigFile.read(path), file: path)
        try config.validate()
        return config
    }

    /// Decodes a HF `config.json`; fields it lacks keep their wav2vec2-base (= transformers default) values.
    /// A `model_type` outside `modelTypes` (the SpeechBrain release holds a wav2vec2) and settings this port does
    /// not implement (another activation, HuBERT's batch-norm positional conv, adapters) are errors.
    public static func decode(json data: Data, file: String,
                              modelTypes: [ModelType] = [.wav2vec2]) throws -> Wav2Vec2Config {
        let raw = try JSONConfigFile.decode(RawConfig.self, from: data, file: file)
        func fail(_ field: String, _ problem: String) -> ModelError {
            .invalidConfig(file: file, field: field, problem: problem)
        }
        let typeName = raw.modelType ?? "wav2vec2"
        guard let modelType = ModelType(rawValue: typeName), modelTypes.contains(modelType) else {
            throw fail("model_type", "'\(typeName)' is not supported (expected "
                       + modelTypes.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")")
        }
        let normName = raw.featExtractNorm ?? "group"
        guard let featureNorm = FeatureNorm(rawValue: normName) else {
            throw fail("feat_extract_norm", "'\(normName)' is not supported (expected 'group' or 'layer')")
        }
        for (field, value) in [("feat_extract_activation", raw.featExtractActivation ?? "gelu"),
                               ("hidden_act", raw.hiddenAct ?? "gelu")] where value != "gelu" {
            throw fail(field, "'\(value)' is not supported (only 'gelu', as in every released checkpoint)")
        }
        if raw.convPosBatchNorm == true {
            throw fail("conv_pos_batch_norm", "true (HuBERT's batch-norm positional conv) is not supported")
        }
        if raw.addAdapter == true {
            throw fail("add_adapter", "true (adapter layers) is not supported")
        }
        let dims = raw.convDim ?? base.convLayers.map(\.channels)
        let kernels = raw.convKernel ?? base.convLayers.map(\.kernel)
        let strides = raw.convStride ?? base.convLayers.map(\.stride)
        guard dims.count == kernels.count, dims.count == strides.count else {
            throw fail("conv_dim", "conv_dim, conv_kernel and conv_stride have \(dims.count), "
                       + "\(kernels.count) and \(strides.count) entries")
        }
        var config = base
        config.source = file
        config.convLayers = (0..<dims.count).map {
            ConvLayerSpec(channels: dims[$0], kernel: kernels[$0], stride: strides[$0])
        }
        config.convBias = raw.convBias ?? base.convBias
        config.hiddenSize = raw.hiddenSize ?? base.hiddenSize
        config.numHiddenLayers = raw.numHiddenLayers ?? base.numHiddenLayers
        config.numAttentionHeads = raw.numAttentionHeads ?? base.numAttentionHeads
        config.intermediateSize = raw.intermediateSize ?? base.intermediateSize
        config.layerNormEps = raw.layerNormEps ?? base.layerNormEps
        config.numConvPosEmbeddings = raw.numConvPosEmbeddings ?? base.numConvPosEmbeddings
        config.numConvPosEmbeddingGroups = raw.numConvPosEmbeddingGroups ?? base.numConvPosEmbeddingGroups
        config.modelType = modelType
        config.featureNorm = featureNorm
        config.stableLayerNorm = raw.doStableLayerNorm ?? false
        // HubertConfig: feat_proj_layer_norm defaults to True; Wav2Vec2/WavLM always have the LayerNorm.
        config.featureProjectionNorm = modelType == .hubert ? (raw.featProjLayerNorm ?? true) : true
        if modelType == .wavlm {
            // WavLMConfig defaults: num_buckets 320, max_bucket_distance 800.
            config.relativePositionBuckets = RelativePositionBuckets(numBuckets: raw.numBuckets ?? 320,
                                                                     maxDistance: raw.maxBucketDistance ?? 800)
        }
        return config
    }
}

/// The `config.json` fields read, all optional (absent = the transformers default).
private struct RawConfig: Decodable {
    var modelType: String?
    var convDim: [Int]?
    var convKernel: [Int]?
    var convStride: [Int]?
    var convBias: Bool?
    var featExtractNorm: String?
    var featExtractActivation: String?
    var hiddenAct: String?
    var doStableLayerNorm: Bool?
    var hiddenSize: Int?
    var numHiddenLayers: Int?
    var numAttentionHeads: Int?
    var intermediateSize: Int?
    var layerNormEps: Double?
    var numConvPosEmbeddings: Int?
    var numConvPosEmbeddingGroups: Int?
    var featProjLayerNorm: Bool?
    var convPosBatchNorm: Bool?
    var addAdapter: Bool?
    var numBuckets: Int?
    var maxBucketDistance: Int?

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type"
        case convDim = "conv_dim"
        case convKernel = "conv_kernel"
        case convStride = "conv_stride"
        case convBias = "conv_bias"
        case featExtractNorm = "feat_extract_norm"
        case featExtractActivation = "feat_extract_activation"
        case hiddenAct = "hidden_act"
        case doStableLayerNorm = "do_stable_layer_norm"
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case layerNormEps = "layer_norm_eps"
        case numConvPosEmbeddings = "num_conv_pos_embeddings"
        case numConvPosEmbeddingGroups = "num_conv_pos_embedding_groups"
        case featProjLayerNorm = "feat_proj_layer_norm"
        case convPosBatchNorm = "conv_pos_batch_norm"
        case addAdapter = "add_adapter"
        case numBuckets = "num_buckets"
        case maxBucketDistance = "max_bucket_distance"
    }
}
