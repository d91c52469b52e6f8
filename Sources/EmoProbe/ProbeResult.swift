// What a probe training produced: per-fold test predictions and metrics, and their fold means.
import EmoMetrics

/// One fold's test predictions (in `testIndices` order) and metrics.
public struct ProbeFoldResult: Sendable {
    public let name: String
    public let testIndices: [Int]
    /// Softmax over the classes, one row per test utterance.
    public let probabilities: [[Float]]
    public let predicted: [Int]
    /// Epoch (0-based) whose parameters were kept, and its validation accuracy (0...1).
    public let bestEpoch: Int
    public let bestValidationAccuracy: Double
    /// Mean training loss of every epoch.
    public let trainingLosses: [Double]
    public let metrics: ClassificationMetrics
}

/// All folds; the headline figures are means of the per-fold values (as the emotion2vec code reports).
public struct ProbeResult: Sendable {
    public let classes: [String]
    public let folds: [ProbeFoldResult]

    public var meanWA: FoldSummary { FoldSummary(folds.map(\.metrics.wa)) }
    public var meanUA: FoldSummary { FoldSummary(folds.map(\.metrics.ua)) }
    public var meanWeightedF1: FoldSummary { FoldSummary(folds.map(\.metrics.weightedF1)) }
}
