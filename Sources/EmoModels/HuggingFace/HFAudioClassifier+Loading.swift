// Building an HFAudioClassifier from a Hugging Face model directory (config.json, preprocessor_config.json,
// model.safetensors / pytorch_model.bin / a sharded index): the config cross-checked against the tensor shapes
// before any layer is bound, the head recognised by its weights, every key consumed or explicitly ignored.
import EmoCheckpoint
import EmoKernels
import Foundation

extension HFAudioClassifier {
    /// File names of a Hugging Face model directory.
    public enum FileName {
        public static let config = "config.json"
        public static let preprocessor = "preprocessor_config.json"
    }

    /// `architectures` names this port knows (the head is still recognised by its weights, whatever the name).
    static let knownArchitectures: Set<String> = [
        "Wav2Vec2ForSequenceClassification", "HubertForSequenceClassification", "WavLMForSequenceClassification",
        "EmotionModel", "Wav2Vec2ForSpeechClassification",
    ]

    /// Keys under the encoder prefix that inference never reads: SpecAugment's mask vector (training only).
    static let ignoredEncoderKeys = ["masked_spec_embed"]

    /// Loads from a detected Hugging Face directory (`detectModelDirectory`). `checkpointSHA256`, when given, is the
    /// known sha256 of the weights file (e.g. from the runner's cache; single-file weights only).
    public init(directory found: ModelDirectory, checkpointSHA256: String? = nil, precision: Precision = .fp32) throws {
        try self.init(directory: found.path, checkpointSHA256: checkpointSHA256, precision: precision)
    }

    /// Loads the model in `directory` (a Hugging Face model directory or a hub-cache snapshot).
    /// Errors name the file and the setting or tensor at fault. `precision` `.int8` quantizes the encoder's
    /// attention and feed-forward projections, the CNN convs after the first and the positional convolution at
    /// load (the first conv, the feature projection and the head stay Float32).
    public init(directory: String, checkpointSHA256: String? = nil, precision: Precision = .fp32) throws {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        guard FileManager.default.fileExists(atPath: path(FileName.config)) else {
            throw ModelError.missingFile(directory: directory, file: FileName.config,
                                         why: "a Hugging Face model directory needs config.json and its weights")
        }
        let config = try HFModelConfig.load(file: path(FileName.config))
        var assumptions: [String] = []
        let preprocessor: HFPreprocessorConfig
        if FileManager.default.fileExists(atPath: path(FileName.preprocessor)) {
            preprocessor = try HFPreprocessorConfig.load(file: path(FileName.preprocessor))
        } else {
            preprocessor = .defaults
            assumptions.append("\(path(FileName.preprocessor)): missing; assumed Wav2Vec2FeatureExtractor's defaults "
                               + "(do_normalize true, sampling_rate 16000), as transformers does")
        }
        guard let weightsPath = HFWeightFiles.find(in: directory) else {
            throw ModelError.missingFile(directory: directory, file: "model.safetensors or pytorch_model.bin",
                                         why: "no weights file (" + HFWeightFiles.candidates.joined(separator: ", ") + ")")
        }
        let weights = try HFWeightFiles(path: weightsPath)
        let root = WeightScope(tensors: weights.tensors, file: weights.primary, precision: precision)
        let encoderScope = root.scope(config.encoder.modelType.rawValue)   // wav2vec2. / hubert. / wavlm.
        guard encoderScope.contains("feature_projection.projection.weight") else {
            throw ModelError.configMismatch(
                file: config.file, field: "model_type", configValue: "'\(config.encoder.modelType.rawValue)'",
                checkpoint: weights.primary,
                checkpointValue: "no tensor '\(encoderScope.prefix)feature_projection.projection.weight'",
                hint: "the weights are not a \(config.encoder.modelType.rawValue) model with a head under "
                    + "'\(encoderScope.prefix)' (a bare encoder or another model type?)")
        }
        try Self.crossCheck(config, against: encoderScope)
        let backbone = try Wav2Vec2Backbone(config: config.encoder, weights: encoderScope)
        let (head, labels, labelAssumption) = try Self.loadHead(root, config: config)
        if let labelAssumption { assumptions.append(labelAssumption) }
        try root.checkAllConsumed(ignoring: Self.ignoredEncoderKeys.map { encoderScope.prefix + $0 })

        let outputFunction: OutputFunction = switch config.problemType {
        case "regression": .none
        case "multi_label_classification": .sigmoid
        default: .softmax
        }
        let family = HFAudioClassifierEntry(modelType: config.encoder.modelType).family
        let identity = ModelIdentity(family: family, variant: Self.modelName(directory: directory),
                                     directory: directory, checkpointSHA256: "", rawLabels: labels, labels: labels)
        let known = weights.files.count == 1 ? checkpointSHA256 : nil
        self.init(identity: identity, weightsHash: CheckpointHash(paths: weights.files, known: known),
                  config: config, preprocessor: preprocessor, head: head, outputFunction: outputFunction,
                  assumptions: assumptions, backbone: backbone, precision: precision)
    }

    /// The head, recognised by its weights: `classifier.dense.*` + `classifier.out_proj.*` (audEERING
    /// `EmotionModel`, whose published config says `Wav2Vec2ForSpeechClassification`), else `projector.*` +
    /// `classifier.*` (`…ForSequenceClassification`). Returns the labels (id2label, or LABEL_i when the config
    /// has none, with a line saying so).
    static func loadHead(_ root: WeightScope, config: HFModelConfig) throws
        -> (Head, [String], String?) {
        let D = config.encoder.hiddenSize
        let named = config.architectures.first ?? "(none)"
        let rows: Int
        let makeHead: (Int) throws -> Head
        if root.contains("classifier.dense.weight") || root.contains("classifier.out_proj.weight") {
            guard let shape = root.shape(of: "classifier.out_proj.weight"), shape.count == 2 else {
                throw ModelError.missingTensor(file: root.file, name: "classifier.out_proj.weight")
            }
            rows = shape[0]
            makeHead = { K in
                .denseTanh(dense: try LinearLayer(inputs: D, outputs: D, weights: root.scope("classifier.dense")),
                           outProjection: try LinearLayer(inputs: D, outputs: K, weights: root.scope("classifier.out_proj")))
            }
        } else if root.contains("projector.weight") || root.contains("classifier.weight") {
            guard let shape = root.shape(of: "classifier.weight"), shape.count == 2 else {
                throw ModelError.missingTensor(file: root.file, name: "classifier.weight")
            }
            rows = shape[0]
            let P = config.classifierProjSize
            if let projector = root.shape(of: "projector.weight"), projector.count == 2, projector[0] != P {
                throw ModelError.configMismatch(
                    file: config.file, field: "classifier_proj_size", configValue: "\(P)", checkpoint: root.file,
                    checkpointValue: "\(projector[0]) (tensor 'projector.weight' \(projector))", hint: "")
            }
            let layerWeights = try weightedLayerSum(root, config: config)
            makeHead = { K in
                .sequenceClassification(projector: try LinearLayer(inputs: D, outputs: P, weights: root.scope("projector")),
                                        classifier: try LinearLayer(inputs: P, outputs: K, weights: root.scope("classifier")),
                                        layerWeights: layerWeights)
            }
        } else {
            let guess = knownArchitectures.contains(named) ? "" : " ('\(named)' is not an audio classifier emoeval knows)"
            throw ModelError.unsupportedModel(
                directory: root.file,
                problem: "unknown head\(guess): no 'projector.*' + 'classifier.*' (…ForSequenceClassification) nor "
                    + "'classifier.dense.*' + 'classifier.out_proj.*' (EmotionModel) tensors")
        }
        var assumption: String?
        let labels: [String]
        if let named = config.labels {
            guard named.count == rows else {
                throw ModelError.configMismatch(
                    file: config.file, field: "id2label", configValue: "\(named.count) labels", checkpoint: root.file,
                    checkpointValue: "\(rows) outputs", hint: "")
            }
            labels = named
        } else {
            labels = (0..<rows).map { "LABEL_\($0)" }
            assumption = "\(config.file): no id2label; the \(rows) outputs are named LABEL_0 … LABEL_\(rows - 1), "
                + "as transformers names them"
        }
        return (try makeHead(rows), labels, assumption)
    }

    /// softmax(`layer_weights`) (L + 1) when `use_weighted_layer_sum`; the tensor must agree with the flag.
    private static func weightedLayerSum(_ root: WeightScope, config: HFModelConfig) throws -> [Float]? {
        let count = config.encoder.numHiddenLayers + 1
        guard config.useWeightedLayerSum else {
            if let shape = root.shape(of: "layer_weights") {
                throw ModelError.configMismatch(
                    file: config.file, field: "use_weighted_layer_sum", configValue: "false", checkpoint: root.file,
                    checkpointValue: "tensor 'layer_weights' \(shape)", hint: "")
            }
            return nil
        }
        var logits = Tensor(shape: [1, count], data: try root.values("layer_weights", shape: [count]))
        applySoftmax(&logits)   // nn.functional.softmax(self.layer_weights, dim=-1)
        return logits.data
    }

    /// Compares the config with what the tensor shapes reveal: the shared wav2vec2 checks (CNN, sizes, layers,
    /// positional conv), then `conv_bias`, `feat_extract_norm`, and for WavLM `num_buckets` and the head count.
    static func crossCheck(_ config: HFModelConfig, against scope: WeightScope) throws {
        let encoder = config.encoder
        try Wav2Vec2Classifier.crossCheck(encoder, against: scope)
        func mismatch(_ field: String, _ value: String, _ found: String) -> ModelError {
            .configMismatch(file: config.file, field: field, configValue: value, checkpoint: scope.file,
                            checkpointValue: found, hint: "config.json does not describe these weights")
        }
        let bias = "feature_extractor.conv_layers.0.conv.bias"
        if encoder.convBias != scope.contains(bias) {
            throw mismatch("conv_bias", "\(encoder.convBias)",
                           scope.contains(bias) ? "tensor '\(scope.prefix + bias)'" : "no tensor '\(scope.prefix + bias)'")
        }
        if encoder.convLayers.count > 1 {
            let layerNorm = "feature_extractor.conv_layers.1.layer_norm.weight"
            let hasLayerNorm = scope.contains(layerNorm)
            if hasLayerNorm != (encoder.featureNorm == .layer) {
                throw mismatch("feat_extract_norm", "'\(encoder.featureNorm.rawValue)'",
                               hasLayerNorm ? "tensor '\(scope.prefix + layerNorm)' (layer style)"
                                   : "no tensor '\(scope.prefix + layerNorm)' (group style)")
            }
        }
        if let buckets = encoder.relativePositionBuckets {
            let key = "encoder.layers.0.attention.rel_attn_embed.weight"
            if let shape = scope.shape(of: key), shape.count == 2 {
                if shape[0] != buckets.numBuckets {
                    throw mismatch("num_buckets", "\(buckets.numBuckets)", "\(shape[0]) (tensor '\(scope.prefix + key)' \(shape))")
                }
                if shape[1] != encoder.numAttentionHeads {
                    throw mismatch("num_attention_heads", "\(encoder.numAttentionHeads)",
                                   "\(shape[1]) (tensor '\(scope.prefix + key)' \(shape))")
                }
            }
        }
    }

    /// The model's name: the directory's name, or for a hub-cache snapshot
    /// (`models--superb--wav2vec2-base-superb-er/snapshots/<hash>`) the repository's name.
    static func modelName(directory: String) -> String {
        let components = URL(fileURLWithPath: directory).standardizedFileURL.pathComponents
        if let cache = components.last(where: { $0.hasPrefix("models--") }) {
            return cache.components(separatedBy: "--").last ?? cache
        }
        return components.last ?? directory
    }

    /// The hub id (`superb/wav2vec2-base-superb-er`) when `directory` is inside a hub-cache entry, else nil.
    static func hubID(directory: String) -> String? {
        let components = URL(fileURLWithPath: directory).standardizedFileURL.pathComponents
        guard let cache = components.last(where: { $0.hasPrefix("models--") }) else { return nil }
        let parts = cache.components(separatedBy: "--").dropFirst()
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}
