// emotion2vec hyper-parameters: `config.yaml` → `model_conf`, decoded with the YAML spelling.
// Fields follow FunASR's funasr/models/emotion2vec/model.py (`Emotion2vec.__init__`) and audio.py
// (`AudioEncoder`), which read them with `cfg.get(...)` / attribute access and have no defaults of their
// own, so every field that changes the computation is required here too.

/// `model_conf` of an emotion2vec `config.yaml` (the fields inference uses).
public struct Emotion2VecConfig: Codable, Sendable, Equatable {
    /// Model width D.                                    // embed_dim
    public var embedDim: Int
    /// Main transformer blocks (`blocks.*`).             // depth
    public var depth: Int
    /// Attention heads; not recoverable from any tensor shape.  // num_heads
    public var numHeads: Int
    /// eps of the block and context LayerNorms (1e-5 in every release; the fairseq default is 1e-6).  // norm_eps
    public var normEps: Double
    /// Whether block LayerNorms have weight and bias.    // norm_affine
    public var normAffine: Bool
    /// MLP hidden width = embed_dim × mlp_ratio.          // mlp_ratio
    public var mlpRatio: Double
    /// Pre-LN blocks; every release is post-LN (false).   // layer_norm_first
    public var layerNormFirst: Bool
    /// Whole-utterance waveform LayerNorm before the CNN. // normalize
    public var normalize: Bool
    /// Per-modality settings; only `audio` is used.
    public var modalities: Modalities

    public struct Modalities: Codable, Sendable, Equatable {
        public var audio: Emotion2VecAudioConfig
    }

    enum CodingKeys: String, CodingKey {
        case embedDim = "embed_dim"
        case depth
        case numHeads = "num_heads"
        case normEps = "norm_eps"
        case normAffine = "norm_affine"
        case mlpRatio = "mlp_ratio"
        case layerNormFirst = "layer_norm_first"
        case normalize
        case modalities
    }

    /// The audio encoder settings (`model_conf.modalities.audio`).
    public var audio: Emotion2VecAudioConfig { modalities.audio }
    /// MLP hidden width F (`int(embed_dim * mlp_ratio)`, timm `Mlp`).
    public var ffnDim: Int { Int(Double(embedDim) * mlpRatio) }
    /// Per-head width (64 in every release).
    public var headDim: Int { embedDim / numHeads }
}

/// `model_conf.modalities.audio` (FunASR `AudioEncoder`, fairseq `D2vAudioConfig`).
public struct Emotion2VecAudioConfig: Codable, Sendable, Equatable {
    /// Blocks of the context encoder (`modality_encoders.AUDIO.context_encoder.blocks.*`).  // prenet_depth
    public var prenetDepth: Int
    /// Learned prefix tokens (`extra_tokens`).             // num_extra_tokens
    public var numExtraTokens: Int
    /// CNN layers as a Python expression of (channels, kernel, stride) tuples.  // feature_encoder_spec
    public var featureEncoderSpec: String
    /// CNN normalisation; only "layer_norm" is used by the releases.  // extractor_mode
    public var extractorMode: String
    /// Total width of the positional conv stack; each layer's kernel is max(3, width / depth).  // conv_pos_width
    public var convPosWidth: Int
    /// Groups of each positional conv.                     // conv_pos_groups
    public var convPosGroups: Int
    /// Layers of the positional conv stack.                // conv_pos_depth
    public var convPosDepth: Int
    /// LayerNorm before the positional convs (false in every release).  // conv_pos_pre_ln
    public var convPosPreLN: Bool
    /// ALiBi attention bias.                               // use_alibi_encoder
    public var useAlibiEncoder: Bool
    /// Heads that receive the ALiBi bias.                  // num_alibi_heads
    public var numAlibiHeads: Int
    /// Learned ALiBi scale tensor (`alibi_scale`).         // learned_alibi_scale
    public var learnedAlibiScale: Bool
    /// One scale per head.                                 // learned_alibi_scale_per_head
    public var learnedAlibiScalePerHead: Bool
    /// One scale per layer (false: one shared by all blocks).  // learned_alibi_scale_per_layer
    public var learnedAlibiScalePerLayer: Bool
    /// Learned ALiBi bias table instead of the fixed slopes (false in every release).  // learned_alibi
    public var learnedAlibi: Bool

    enum CodingKeys: String, CodingKey {
        case prenetDepth = "prenet_depth"
        case numExtraTokens = "num_extra_tokens"
        case featureEncoderSpec = "feature_encoder_spec"
        case extractorMode = "extractor_mode"
        case convPosWidth = "conv_pos_width"
        case convPosGroups = "conv_pos_groups"
        case convPosDepth = "conv_pos_depth"
        case convPosPreLN = "conv_pos_pre_ln"
        case useAlibiEncoder = "use_alibi_encoder"
        case numAlibiHeads = "num_alibi_heads"
        case learnedAlibiScale = "learned_alibi_scale"
        case learnedAlibiScalePerHead = "learned_alibi_scale_per_head"
        case learnedAlibiScalePerLayer = "learned_alibi_scale_per_layer"
        case learnedAlibi = "learned_alibi"
    }

    /// Kernel of each positional conv: `max(3, conv_pos_width // conv_pos_depth)` (19 for 95 / 5).
    public var convPosKernel: Int { max(3, convPosWidth / max(convPosDepth, 1)) }
}

extension Emotion2VecConfig {
    /// The CNN layers parsed from `feature_encoder_spec`; call `validate()` first for a good error.
    public func convLayers(file: String = "config.yaml") throws -> [ConvLayerSpec] {
        try ConvLayerSpec.parse(audio.featureEncoderSpec, file: file)
    }

    /// Throws `ModelError.invalidConfig` for impossible or unsupported combinations.
    public func validate(file: String = "config.yaml") throws {
        func fail(_ field: String, _ problem: String) -> ModelError {
            .invalidConfig(file: file, field: field, problem: problem)
        }
        let audioPath = "model_conf.modalities.audio."
        guard embedDim > 0 else { throw fail("model_conf.embed_dim", "must be positive, got \(embedDim)") }
        guard numHeads > 0, embedDim % numHeads == 0 else {
            throw fail("model_conf.num_heads", "embed_dim \(embedDim) is not divisible by num_heads \(numHeads)")
        }
        guard depth >= 0 else { throw fail("model_conf.depth", "must not be negative, got \(depth)") }
        guard normEps > 0 else { throw fail("model_conf.norm_eps", "must be positive, got \(normEps)") }
        // Checked before ffnDim converts the product to Int (a huge or non-finite ratio would trap there).
        guard mlpRatio.isFinite, mlpRatio > 0, Double(embedDim) * mlpRatio < 1e7 else {
            throw fail("model_conf.mlp_ratio", "\(mlpRatio) is not a plausible MLP ratio")
        }
        guard ffnDim > 0 else { throw fail("model_conf.mlp_ratio", "gives an empty MLP (\(mlpRatio))") }
        guard !layerNormFirst else {
            throw fail("model_conf.layer_norm_first", "pre-LN blocks (true) are not supported; every release uses false")
        }
        guard audio.prenetDepth >= 0 else { throw fail(audioPath + "prenet_depth", "must not be negative") }
        guard audio.numExtraTokens >= 0 else { throw fail(audioPath + "num_extra_tokens", "must not be negative") }
        guard audio.extractorMode == "layer_norm" else {
            throw fail(audioPath + "extractor_mode", "'\(audio.extractorMode)' is not supported (only 'layer_norm')")
        }
        guard audio.convPosDepth > 1 else {
            throw fail(audioPath + "conv_pos_depth", "single-layer positional conv (\(audio.convPosDepth)) is not supported")
        }
        guard audio.convPosGroups > 0, embedDim % audio.convPosGroups == 0 else {
            throw fail(audioPath + "conv_pos_groups", "embed_dim \(embedDim) is not divisible by \(audio.convPosGroups)")
        }
        guard !audio.convPosPreLN else { throw fail(audioPath + "conv_pos_pre_ln", "true is not supported") }
        guard audio.useAlibiEncoder, audio.learnedAlibiScale, audio.learnedAlibiScalePerHead,
              !audio.learnedAlibiScalePerLayer, !audio.learnedAlibi else {
            throw fail(audioPath + "use_alibi_encoder",
                       "only the released ALiBi setup is supported (use_alibi_encoder, learned_alibi_scale, "
                       + "learned_alibi_scale_per_head true; learned_alibi_scale_per_layer, learned_alibi false)")
        }
        guard audio.numAlibiHeads > 0, audio.numAlibiHeads <= numHeads else {
            throw fail(audioPath + "num_alibi_heads", "\(audio.numAlibiHeads) must be in 1...num_heads (\(numHeads))")
        }
        _ = try convLayers(file: file)
    }
}
