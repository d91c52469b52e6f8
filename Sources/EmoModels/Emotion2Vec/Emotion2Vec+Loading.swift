// Loading emotion2vec from its released files: config.yaml, the checkpoint and tokens.txt, cross-checked
// against each other before any layer is built (docs/specs/emotion2vec.md §3 "derive, then assert against config.yaml").
import EmoKernels
import Foundation
import EmoCheckpoint

extension Emotion2Vec {
    /// Checkpoint keys inference deliberately does not use, with the reason (everything else must be consumed).
    public static let ignoredKeys: [(prefix: String, reason: String)] = [
        ("modality_encoders.AUDIO.decoder.", "pretraining decoder (emotion2vec_base.pt); never runs at inference"),
        ("_ema", "fairseq EMA teacher copy (data2vec training state)"),
    ]

    /// Loads a model from explicit file paths.
    /// - Parameters:
    ///   - directory: the model directory, for the identity and messages.
    ///   - configPath: `config.yaml`.
    ///   - checkpointPath: `model.pt` / `emotion2vec_base.pt` (torch zip or safetensors).
    ///   - tokensPath: `tokens.txt`; required when config.yaml names a tokenizer (a classifier head).
    ///   - checkpointSHA256: the checkpoint's sha256 if already known; otherwise computed by the first
    ///     `hashedIdentity()`.
    ///   - precision: `.int8` quantizes the blocks' linear layers, the CNN convs after the first and the
    ///     positional convolutions at load.
    public init(directory: String, configPath: String, checkpointPath: String, tokensPath: String?,
                checkpointSHA256: String? = nil, precision: Precision = .fp32) throws {
        let file = try Emotion2VecConfigFile(contentsOf: configPath)
        let config = file.modelConf
        var labelList: Emotion2VecLabelList?
        if file.hasClassifierHead {
            guard let tokensPath, FileManager.default.fileExists(atPath: tokensPath) else {
                throw ModelError.missingFile(
                    directory: directory, file: "tokens.txt",
                    why: "config.yaml names tokenizer '\(file.tokenizer ?? "")', so the classifier labels are needed")
            }
            labelList = try Emotion2VecLabelList(contentsOf: tokensPath, unknownSymbol: file.unknownSymbol)
        }
        let checkpoint = try loadCheckpoint(path: checkpointPath)
        let weights = WeightScope(tensors: checkpoint.tensors, file: checkpointPath, precision: precision)
        try Emotion2Vec.crossCheck(config, configFile: configPath, labels: labelList, tokensFile: tokensPath ?? "",
                                   weights: weights)
        let identity = ModelIdentity(
            family: .emotion2vec, variant: Emotion2Vec.variantName(directory: directory),
            directory: directory, checkpointSHA256: "",
            rawLabels: labelList?.rawLabels ?? [], labels: labelList?.labels ?? [])
        try self.init(identity: identity, checkpointHash: CheckpointHash(path: checkpointPath, known: checkpointSHA256),
                      config: config, labelList: labelList, weights: weights)
        try weights.checkAllConsumed(ignoring: Emotion2Vec.ignoredKeys.map(\.prefix))
    }

    /// Compares what the checkpoint's keys and shapes imply with config.yaml; a disagreement names the
    /// field, both values and where the checkpoint value comes from.
    static func crossCheck(_ config: Emotion2VecConfig, configFile: String, labels: Emotion2VecLabelList?, tokensFile: String,
                           weights: WeightScope) throws {
        let audio = weights.scope("modality_encoders.AUDIO")
        let hint = "config.yaml must come from the same model directory as \(weights.file)"
        func mismatch(_ field: String, _ configValue: Int, _ checkpointValue: Int, _ source: String,
                      _ extraHint: String = "") -> ModelError {
            .configMismatch(file: configFile, field: field, configValue: "\(configValue)", checkpoint: weights.file,
                            checkpointValue: "\(checkpointValue) (\(source))",
                            hint: extraHint.isEmpty ? hint : extraHint)
        }
        let extraKey = "modality_encoders.AUDIO.extra_tokens"
        if let shape = audio.shape(of: "extra_tokens"), shape.count == 3 {
            if shape[2] != config.embedDim {
                let guess = shape[2] == 1024 ? " (emotion2vec_plus_large?)" : shape[2] == 768 ? " (a base-size model?)" : ""
                throw mismatch("model_conf.embed_dim", config.embedDim, shape[2], "\(extraKey) has shape \(shape)",
                               "the checkpoint has embed_dim \(shape[2])\(guess) but config.yaml says "
                               + "\(config.embedDim); \(hint)")
            }
            if shape[1] != config.audio.numExtraTokens {
                throw mismatch("model_conf.modalities.audio.num_extra_tokens", config.audio.numExtraTokens, shape[1],
                               "\(extraKey) has shape \(shape)")
            }
        }
        let prenet = audio.scope("context_encoder.blocks").childIndices()
        if prenet.count != config.audio.prenetDepth {
            throw mismatch("model_conf.modalities.audio.prenet_depth", config.audio.prenetDepth, prenet.count,
                           "number of modality_encoders.AUDIO.context_encoder.blocks.* indices")
        }
        let main = weights.scope("blocks").childIndices()
        if main.count != config.depth {
            throw mismatch("model_conf.depth", config.depth, main.count, "number of blocks.* indices")
        }
        if let shape = audio.shape(of: "alibi_scale"), shape.count == 5, shape[2] != config.audio.numAlibiHeads {
            throw mismatch("model_conf.modalities.audio.num_alibi_heads", config.audio.numAlibiHeads, shape[2],
                           "modality_encoders.AUDIO.alibi_scale has shape \(shape)",
                           "num_alibi_heads (and num_heads, which no tensor shape reveals) must match the "
                           + "checkpoint's alibi_scale; \(hint)")
        }
        if let shape = weights.shape(of: "blocks.0.mlp.fc1.weight") ?? audio.shape(of: "context_encoder.blocks.0.mlp.fc1.weight"),
           shape.count == 2, shape[0] != config.ffnDim {
            throw mismatch("model_conf.mlp_ratio", config.ffnDim, shape[0],
                           "mlp.fc1.weight has \(shape[0]) rows; embed_dim × mlp_ratio must equal it")
        }
        let convs = audio.scope("local_encoder.conv_layers").childIndices()
        let specCount = try config.convLayers(file: configFile).count
        if convs.count != specCount {
            throw mismatch("model_conf.modalities.audio.feature_encoder_spec", specCount, convs.count,
                           "number of modality_encoders.AUDIO.local_encoder.conv_layers.* indices")
        }
        if let labels, let shape = weights.shape(of: "proj.weight"), shape.count == 2, shape[0] != labels.rows.count {
            throw ModelError.configMismatch(
                file: tokensFile, field: "labels", configValue: "\(labels.rows.count) lines", checkpoint: weights.file,
                checkpointValue: "\(shape[0]) classes (proj.weight has shape \(shape))",
                hint: "tokens.txt must list one label per classifier row, from the same model revision")
        }
        if labels == nil, weights.contains("proj.weight") {
            throw ModelError.configMismatch(
                file: configFile, field: "tokenizer", configValue: "absent (no classifier head)",
                checkpoint: weights.file, checkpointValue: "a classifier head (proj.weight)",
                hint: "an emotion2vec+ config.yaml names 'tokenizer: CharTokenizer' and the directory holds tokens.txt")
        }
    }

    /// The variant name: the last path component naming an emotion2vec model (ModelScope `iic/emotion2vec_plus_base`,
    /// Hugging Face cache `models--emotion2vec--emotion2vec_plus_base/snapshots/<hash>`), else the directory's name.
    static func variantName(directory: String) -> String {
        let components = URL(fileURLWithPath: directory).standardizedFileURL.pathComponents
        if let named = components.last(where: { $0.lowercased().contains("emotion2vec") }) {
            return named.components(separatedBy: "--").last ?? named
        }
        return components.last ?? directory
    }
}
