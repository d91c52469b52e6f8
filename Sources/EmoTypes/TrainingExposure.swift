// Whether a model saw the evaluated corpus in training: read from a recipe's references, shown in reports and
// behind their contamination warnings.

/// Whether a model saw (part of) this corpus in training.
public enum TrainingExposure: String, Sendable, Codable, CaseIterable {
    case no
    /// E.g. emotion2vec+ seed, fine-tuned on EmoBox data that includes the corpus.
    case partly
    /// E.g. SpeechBrain's wav2vec2-IEMOCAP on IEMOCAP.
    case yes
    case unknown
}
