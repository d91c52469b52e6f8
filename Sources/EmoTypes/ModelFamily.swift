// The names of the model families emoeval runs natively: the one list, in the leaf every module may import, so
// the recipe's validation (EmoCorpus) and the model registry's entries (EmoModels) read the same constants.
// Adding a family: its constant and its place in `ModelFamily.all` here, its entry in the registry
// (docs/adding-a-model.md); ModelFamilyRegistryTests fails until the two agree.

/// The name of a model family, as stored in the database and written in recipes (`models:`).
public struct ModelFamily: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// emotion2vec_base and emotion2vec_plus_{seed,base,large} (FunASR).
    public static let emotion2vec = ModelFamily(rawValue: "emotion2vec")
    /// speechbrain/emotion-recognition-wav2vec2-IEMOCAP.
    public static let wav2vec2IEMOCAP = ModelFamily(rawValue: "wav2vec2-iemocap")
    /// `Wav2Vec2ForSequenceClassification` fine-tunes (e.g. superb/wav2vec2-base-superb-er) and audEERING's
    /// wav2vec2 `EmotionModel` (arousal, dominance, valence).
    public static let hfWav2Vec2 = ModelFamily(rawValue: "hf-wav2vec2")
    /// `HubertForSequenceClassification` fine-tunes (e.g. superb/hubert-large-superb-er).
    public static let hfHubert = ModelFamily(rawValue: "hf-hubert")
    /// `WavLMForSequenceClassification` fine-tunes.
    public static let hfWavLM = ModelFamily(rawValue: "hf-wavlm")

    /// Every family emoeval runs: the names a recipe may use under `models:`. The model registry has exactly one
    /// entry for each (`ModelRegistry.families`; a test keeps them equal).
    public static let all: [ModelFamily] = [.emotion2vec, .wav2vec2IEMOCAP, .hfWav2Vec2, .hfHubert, .hfWavLM]
}
