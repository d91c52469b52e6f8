// Building a Wav2Vec2Classifier from a SpeechBrain model directory (hyperparams.yaml, wav2vec2.ckpt,
// model.ckpt, label_encoder.txt, optional config.json), with every setting cross-checked against the
// tensor shapes before any layer is bound, and every checkpoint key consumed or explicitly ignored.
import EmoCheckpoint
import EmoKernels
import Foundation

extension Wav2Vec2Classifier {
    /// File names of a SpeechBrain wav2vec2 classifier directory (the release's `pretrainer` paths).
    public enum FileName {
        public static let hyperparams = "hyperparams.yaml"
        public static let encoder = "wav2vec2.ckpt"
        public static let head = "model.ckpt"
        public static let labels = "label_encoder.txt"
        public static let config = "config.json"
    }

    /// Loads the model in `directory` (the release's file names; config.json optional).
    /// Errors name the file and the setting or tensor at fault.
    public init(directory: String) throws {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        for name in [FileName.hyperparams, FileName.encoder, FileName.head, FileName.labels]
        where !FileManager.default.fileExists(atPath: path(name)) {
            throw ModelError.missingFile(directory: directory, file: name,
                                         why: "a SpeechBrain wav2vec2 classifier directory needs "
                                            + "hyperparams.yaml, wav2vec2.ckpt, model.ckpt and label_encoder.txt")
        }
        let config = FileManager.default.fileExists(atPath: path(FileName.config)) ? path(FileName.config) : nil
        try self.init(directory: directory, hyperparams: path(FileName.hyperparams), encoder: path(FileName.encoder),
                      head: path(FileName.head), labels: path(FileName.labels), config: config)
    }

    /// Loads from a detected SpeechBrain directory (`detectModelDirectory`).
    /// `checkpointSHA256`, when given, is the known sha256 of `wav2vec2.ckpt` (e.g. from the runner's cache).
    public init(directory found: ModelDirectory, checkpointSHA256: String? = nil, precision: Precision = .fp32) throws {
        guard found.family == .wav2vec2IEMOCAP, let head = found.headCheckpoint, let labels = found.labels else {
            throw ModelError.unsupportedModel(directory: found.path,
                                              problem: "not a SpeechBrain wav2vec2 classifier directory")
        }
        try self.init(directory: found.path, hyperparams: found.config, encoder: found.checkpoint, head: head,
                      labels: labels, config: found.metadata, checkpointSHA256: checkpointSHA256, precision: precision)
    }

    /// Loads from explicit files; `config` nil means facebook/wav2vec2-base.
    ///
    /// Identity: family `wav2vec2-iemocap`; `checkpointSHA256` is the sha256 of `wav2vec2.ckpt` (99.99 % of the
    /// parameters; the release publishes its hash), computed by the first `hashedIdentity()` rather than at load
    /// (hashing 377 MB takes longer than loading). The variant names the architecture and the first 12 hex
    /// digits of `model.ckpt`'s sha256, so a different head is a different model too; a directory named after the
    /// release (`emotion-recognition-wav2vec2-IEMOCAP`, also inside a Hugging Face cache path) gives that name
    /// instead, so that a recipe's reference figures for the release match it.
    public init(directory: String, hyperparams hyperparamsFile: String, encoder encoderFile: String,
                head headFile: String, labels labelsFile: String, config configFile: String?,
                checkpointSHA256: String? = nil, precision: Precision = .fp32) throws {
        let config = try configFile.map { try Wav2Vec2Config.load(file: $0) } ?? .base
        let hyperparams = try SpeechBrainHyperparams(contentsOf: hyperparamsFile)
        let labels = try SpeechBrainLabelEncoder(contentsOf: labelsFile).labels

        let root = WeightScope(tensors: try loadCheckpoint(path: encoderFile).tensors, file: encoderFile,
                               precision: precision)
        let lobe = Wav2Vec2Keys.lobeScope(of: root)
        try Self.crossCheck(config, against: lobe)
        let backbone = try Wav2Vec2Backbone(config: config, weights: lobe)
        try root.checkAllConsumed(ignoring: Wav2Vec2Keys.ignoredKeys.map { lobe.prefix + $0 })

        let headRoot = WeightScope(tensors: try loadCheckpoint(path: headFile).tensors, file: headFile)
        let head = try Self.loadHead(headRoot.scope(Wav2Vec2Keys.headScope), config: config,
                                     hyperparams: hyperparams, labels: labels,
                                     hyperparamsFile: hyperparamsFile, labelsFile: labelsFile)
        try headRoot.checkAllConsumed()

        let headHash = try sha256Hex(ofFile: headFile)  // 13 kB
        let identity = ModelIdentity(
            family: .wav2vec2IEMOCAP,
            variant: Self.releaseName(directory: directory) ?? "\(config.architectureName)+head-\(headHash.prefix(12))",
            directory: directory, checkpointSHA256: "", rawLabels: labels, labels: labels)
        self.init(identity: identity, encoderHash: CheckpointHash(path: encoderFile, known: checkpointSHA256), config: config,
                  hyperparams: hyperparams, backbone: backbone, head: head, precision: precision)
    }

    /// The output layer, checked against the labels, the encoder width and hyperparams' `bias`.
    private static func loadHead(_ scope: WeightScope, config: Wav2Vec2Config, hyperparams: SpeechBrainHyperparams,
                                 labels: [String], hyperparamsFile: String, labelsFile: String) throws -> LinearLayer {
        if let dim = hyperparams.encoderDim, dim != config.hiddenSize {
            throw ModelError.configMismatch(file: hyperparamsFile, field: "encoder_dim", configValue: "\(dim)",
                                            checkpoint: config.sourceDescription,
                                            checkpointValue: "hidden_size \(config.hiddenSize)", hint: "")
        }
        if let neurons = hyperparams.outputNeurons, neurons != labels.count {
            throw ModelError.configMismatch(file: hyperparamsFile, field: "out_n_neurons", configValue: "\(neurons)",
                                            checkpoint: labelsFile, checkpointValue: "\(labels.count) labels", hint: "")
        }
        if let shape = scope.shape(of: "weight"), shape.count == 2, shape[0] != labels.count {
            throw ModelError.configMismatch(file: labelsFile, field: "labels", configValue: "\(labels.count) labels",
                                            checkpoint: scope.file,
                                            checkpointValue: "\(shape[0]) output rows ('\(scope.prefix)weight' \(shape))",
                                            hint: "")
        }
        return try LinearLayer(inputs: config.hiddenSize, outputs: labels.count, bias: hyperparams.outputBias,
                               weights: scope)
    }

    /// Compares the config with the sizes the tensors reveal (all but the number of heads), so that a wrong or
    /// missing config.json gives one clear line instead of a shape error deep in a layer.
    static func crossCheck(_ config: Wav2Vec2Config, against lobe: WeightScope) throws {
        let hint = config.source == nil
            ? "the directory has no config.json, so facebook/wav2vec2-base sizes were assumed; add the config.json "
                + "of the wav2vec2 model this checkpoint comes from"
            : "config.json does not describe this checkpoint"
        func check(_ field: String, _ configValue: Int, _ key: String, _ dim: Int) throws {
            guard let shape = lobe.shape(of: key), dim < shape.count else { return }  // absent: the layer reports it
            guard shape[dim] == configValue else {
                throw ModelError.configMismatch(
                    file: config.sourceDescription, field: field, configValue: "\(configValue)", checkpoint: lobe.file,
                    checkpointValue: "\(shape[dim]) (tensor '\(lobe.prefix + key)' \(shape))", hint: hint)
            }
        }
        func count(_ field: String, _ configValue: Int, under scopeName: String) throws {
            let found = lobe.scope(scopeName).childIndices().count
            guard found == configValue else {
                throw ModelError.configMismatch(
                    file: config.sourceDescription, field: field, configValue: "\(configValue)", checkpoint: lobe.file,
                    checkpointValue: "\(found) ('\(lobe.prefix + scopeName).*')", hint: hint)
            }
        }
        try count("conv_dim", config.convLayers.count, under: "feature_extractor.conv_layers")
        for (i, layer) in config.convLayers.enumerated() {
            let key = "feature_extractor.conv_layers.\(i).conv.weight"
            try check("conv_dim[\(i)]", layer.channels, key, 0)
            try check("conv_kernel[\(i)]", layer.kernel, key, 2)
        }
        try check("hidden_size", config.hiddenSize, "feature_projection.projection.weight", 0)
        try count("num_hidden_layers", config.numHiddenLayers, under: "encoder.layers")
        try check("intermediate_size", config.intermediateSize, "encoder.layers.0.feed_forward.intermediate_dense.weight", 0)
        let positional = lobe.scope(Wav2Vec2Keys.positionalConvScope)
        let naming = Wav2Vec2Keys.weightNormNaming(in: positional)
        let direction = Wav2Vec2Keys.positionalConvScope + "." + naming.direction
        try check("num_conv_pos_embeddings", config.numConvPosEmbeddings, direction, 2)
        if let shape = lobe.shape(of: direction), shape.count == 3, shape[1] > 0,
           config.hiddenSize / shape[1] != config.numConvPosEmbeddingGroups {
            throw ModelError.configMismatch(
                file: config.sourceDescription, field: "num_conv_pos_embedding_groups",
                configValue: "\(config.numConvPosEmbeddingGroups)", checkpoint: lobe.file,
                checkpointValue: "\(config.hiddenSize / shape[1]) (tensor '\(lobe.prefix + direction)' \(shape))",
                hint: hint)
        }
    }

    /// The release's name when a component of `directory` names it (ModelScope/Hugging Face
    /// `speechbrain/emotion-recognition-wav2vec2-IEMOCAP`, or the cache's
    /// `models--speechbrain--emotion-recognition-wav2vec2-IEMOCAP/snapshots/<hash>`), else nil.
    static func releaseName(directory: String) -> String? {
        let components = URL(fileURLWithPath: directory).standardizedFileURL.pathComponents
        guard let named = components.last(where: { $0.lowercased().contains("emotion-recognition-wav2vec2") })
        else { return nil }
        return named.components(separatedBy: "--").last ?? named
    }
}

extension Wav2Vec2Config {
    /// "wav2vec2-base" for the released architecture, else the sizes (e.g. "wav2vec2-32x2").
    public var architectureName: String {
        var plain = self
        plain.source = nil
        return plain == .base ? "wav2vec2-base" : "wav2vec2-\(hiddenSize)x\(numHiddenLayers)"
    }
}
