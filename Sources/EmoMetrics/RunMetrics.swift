// Metrics of one run: pooled, per fold, fold mean ± SD, and bootstrap intervals.
import EmoTypes

/// Figures of one fold (e.g. one IEMOCAP session as the test set).
public struct FoldMetrics: Sendable, Equatable, Codable {
    public let fold: String
    public let confusion: ConfusionMatrix
    public let metrics: ClassificationMetrics
}

/// Mean and sample standard deviation (n − 1 denominator) of one metric over folds.
public struct FoldSummary: Sendable, Equatable, Codable {
    public let mean: Double
    /// Sample SD; nil with fewer than two folds.
    public let standardDeviation: Double?
    public let folds: Int

    /// Summarises `values` (empty → mean 0, no SD).
    public init(_ values: [Double]) {
        folds = values.count
        mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        if values.count >= 2 {
            let m = mean
            let squares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
            standardDeviation = (squares / Double(values.count - 1)).squareRoot()
        } else {
            standardDeviation = nil
        }
    }
}

/// Everything computed for one run.
public struct RunMetrics: Sendable, Equatable, Codable {
    public let labels: [String]
    public let hasOther: Bool
    /// All scored items together.
    public let confusion: ConfusionMatrix
    public let pooled: ClassificationMetrics
    /// Per fold, in fold order (numeric when every fold name is a number, else lexicographic).
    /// Empty when no item has a fold.
    public let folds: [FoldMetrics]
    /// Per headline metric, mean ± SD over `folds` (same order as `HeadlineMetric.allCases`).
    public let foldSummaries: [FoldSummary]
    /// Bootstrap intervals of the pooled metrics, when requested.
    public let intervals: HeadlineIntervals?

    /// Fold summary of one metric, nil when the run has no folds.
    public func foldSummary(_ metric: HeadlineMetric) -> FoldSummary? {
        guard !folds.isEmpty, let i = HeadlineMetric.allCases.firstIndex(of: metric) else { return nil }
        return foldSummaries[i]
    }
}

/// Fold names in report order: numeric when all are integers, else plain string order.
public func orderedFolds(_ names: Set<String>) -> [String] {
    if names.allSatisfy({ Int($0) != nil }) { return names.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) } }
    return names.sorted()
}

/// Computes a run's metrics from decoded items. Items without a fold are counted in the pooled
/// figures only. `bootstrap` nil skips the intervals.
public func evaluateRun(items: [ScoredItem], labels: [String], hasOther: Bool,
                        bootstrap: BootstrapSettings? = BootstrapSettings()) throws(MetricsError) -> RunMetrics {
    var pooled = ConfusionMatrix(labels: labels, hasOther: hasOther)
    var byFold: [String: ConfusionMatrix] = [:]
    for item in items {
        try pooled.add(truth: item.truth, predicted: item.predicted, utterance: item.utterance)
        if let fold = item.fold {
            var matrix = byFold[fold] ?? ConfusionMatrix(labels: labels, hasOther: hasOther)
            try matrix.add(truth: item.truth, predicted: item.predicted, utterance: item.utterance)
            byFold[fold] = matrix
        }
    }
    let folds = orderedFolds(Set(byFold.keys)).compactMap { name in
        byFold[name].map { FoldMetrics(fold: name, confusion: $0, metrics: ClassificationMetrics(confusion: $0)) }
    }
    let scoredFolds = folds.filter { $0.metrics.count > 0 }
    let summaries = HeadlineMetric.allCases.map { metric in
        FoldSummary(scoredFolds.map { $0.metrics.value(metric) })
    }
    let intervals = try bootstrap.map { settings throws(MetricsError) in
        try bootstrapIntervals(items: items, labels: labels, hasOther: hasOther, settings: settings)
    }
    return RunMetrics(labels: labels, hasOther: hasOther, confusion: pooled,
                      pooled: ClassificationMetrics(confusion: pooled), folds: folds,
                      foldSummaries: summaries, intervals: intervals)
}
