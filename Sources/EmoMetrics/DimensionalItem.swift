// One utterance's continuous truth and prediction for one dimension, with its grouping keys.

/// A scored utterance on one dimension (e.g. arousal), both values on the evaluation scale.
public struct DimensionalItem: Sendable, Equatable, Codable {
    public let utterance: String
    /// Annotated value (after the recipe's scale alignment).
    public let truth: Double
    /// Model output (after the recipe's scale alignment).
    public let predicted: Double
    /// Speaker, when the corpus knows it (the bootstrap then resamples speakers).
    public let speaker: String?
    /// Fold, when the corpus defines folds.
    public let fold: String?

    public init(utterance: String, truth: Double, predicted: Double, speaker: String? = nil, fold: String? = nil) {
        self.utterance = utterance
        self.truth = truth
        self.predicted = predicted
        self.speaker = speaker
        self.fold = fold
    }
}
