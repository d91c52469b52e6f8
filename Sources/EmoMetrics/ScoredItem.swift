// One decoded prediction with what the metrics need to group it (speaker, fold).

/// A scored utterance: its true and predicted dataset class, and its grouping keys.
public struct ScoredItem: Sendable, Equatable, Codable {
    public let utterance: String
    /// True dataset class index (0..<K).
    public let truth: Int
    /// Predicted dataset class index (0..<K), or K for "other" (full policy).
    public let predicted: Int
    /// Speaker, when the corpus knows it (the bootstrap then resamples speakers).
    public let speaker: String?
    /// Fold (e.g. IEMOCAP session), when the corpus defines folds.
    public let fold: String?

    public init(utterance: String, truth: Int, predicted: Int, speaker: String? = nil, fold: String? = nil) {
        self.utterance = utterance
        self.truth = truth
        self.predicted = predicted
        self.speaker = speaker
        self.fold = fold
    }

    public var isCorrect: Bool { truth == predicted }
}
