// Checkpoint key mapping of the SpeechBrain wav2vec2 classifier: where the transformers Wav2Vec2Model
// keys sit inside `wav2vec2.ckpt`, the two spellings of the positional conv's weight norm, the head key in
// `model.ckpt`, and the keys deliberately ignored (docs/specs/wav2vec2-iemocap.md §1.6–1.7).

/// Key names of `wav2vec2.ckpt` and `model.ckpt`.
enum Wav2Vec2Keys {
    /// SpeechBrain's lobe holds the transformers model as `self.model`, so every key starts with `model.`.
    static let lobePrefix = "model"

    /// Keys under the lobe prefix that inference never reads: `masked_spec_embed` (SpecAugment's mask vector,
    /// training only; transformers 4.11 always creates it).
    static let ignoredKeys = ["masked_spec_embed"]

    /// The output layer of `model.ckpt`: `ModuleList([Linear])` → `0.` + SpeechBrain `Linear`'s `w` (nn.Linear).
    static let headScope = "0.w"

    /// Positional conv scope (transformers `Wav2Vec2PositionalConvEmbedding.conv`).
    static let positionalConvScope = "encoder.pos_conv_embed.conv"

    /// The two spellings of a weight-normalised conv's magnitude g and direction v.
    enum WeightNormNaming: String, Sendable {
        /// `torch.nn.utils.parametrizations.weight_norm` (torch ≥ 2.1, current transformers).
        case parametrizations
        /// `torch.nn.utils.weight_norm` (torch < 2.1; the 2021 release).
        case legacy

        var magnitude: String {
            self == .parametrizations ? "parametrizations.weight.original0" : "weight_g"
        }
        var direction: String {
            self == .parametrizations ? "parametrizations.weight.original1" : "weight_v"
        }
    }

    /// The weight-norm spelling used under `scope` (the positional conv). If any tensor of the
    /// parametrizations spelling is present that one is used, else the legacy one; a missing g or v then
    /// fails when it is requested, naming the exact key (never silently falling back, see docs/specs/wav2vec2-iemocap.md §7.1).
    static func weightNormNaming(in scope: WeightScope) -> WeightNormNaming {
        let modern = WeightNormNaming.parametrizations
        if scope.contains(modern.magnitude) || scope.contains(modern.direction) { return modern }
        return .legacy
    }

    /// The prefix under which `wav2vec2.ckpt` keeps the transformers keys: `model.` (a SpeechBrain lobe), or
    /// none when the file is a bare transformers `Wav2Vec2Model` state dict.
    static func lobeScope(of root: WeightScope) -> WeightScope {
        let lobe = root.scope(lobePrefix)
        if lobe.contains("feature_projection.projection.weight") || !root.contains("feature_projection.projection.weight") {
            return lobe
        }
        return root
    }
}
