// Metrics of one dimension of one run: pooled, per fold, fold mean ± SD, and bootstrap intervals.

import EmoTypes

/// Figures of one fold on one dimension.
public struct FoldRegressionMetrics: Sendable, Equatable, Codable {
    public let fold: String
    public let metrics: RegressionMetrics
}

/// One interval per dimensional metric; nil where every replicate was undefined.
public struct RegressionIntervals: Sendable, Equatable, Codable {
    public let ccc: ConfidenceInterval?
    public let pearson: ConfidenceInterval?
    public let mae: ConfidenceInterval?
    public let rmse: ConfidenceInterval?
    /// Replicates whose CCC was undefined (e.g. every drawn item had the same truth), left out of its interval.
    public let undefinedCCCReplicates: Int

    public subscript(metric: RegressionMetric) -> ConfidenceInterval? {
        switch metric {
        case .ccc: return ccc
        case .pearson: return pearson
        case .mae: return mae
        case .rmse: return rmse
        }
    }
}

/// Everything computed for one dimension of one run.
public struct DimensionMetrics: Sendable, Equatable, Codable {
    /// Dimension name, e.g. `arousal`.
    public let dimension: String
    /// All scored items together (the CCC of the pooled predictions).
    public let pooled: RegressionMetrics
    /// Per fold, in fold order (numeric when every fold name is a number). Empty when no item has a fold.
    public let folds: [FoldRegressionMetrics]
    /// Per metric (`RegressionMetric.allCases` order), mean ± sample SD over the folds where it is defined.
    public let foldSummaries: [FoldSummary]
    /// Bootstrap intervals of the pooled metrics, when requested.
    public let intervals: RegressionIntervals?

    /// Fold summary of one metric, nil when the run has no folds.
    public func foldSummary(_ metric: RegressionMetric) -> FoldSummary? {
        guard !folds.isEmpty, let i = RegressionMetric.allCases.firstIndex(of: metric) else { return nil }
        return foldSummaries[i]
    }
}

/// Computes one dimension's metrics. Items without a fold count in the pooled figures only. CCC is not
/// additive: the pooled CCC and the mean of per-fold CCCs are different numbers and both are reported.
/// Throws when a value is not finite. `bootstrap` nil skips the intervals.
public func evaluateDimension(_ dimension: String, items: [DimensionalItem],
                              bootstrap: BootstrapSettings? = BootstrapSettings()) throws(MetricsError)
    -> DimensionMetrics {
    for item in items where !item.truth.isFinite || !item.predicted.isFinite {
        throw .nonFiniteValue(utterance: item.utterance, dimension: dimension,
                              truth: item.truth, predicted: item.predicted)
    }
    let items = items.sorted { $0.utterance < $1.utterance }   // same sums, same bits, for any input order
    let pooled = RegressionMetrics(truth: items.map(\.truth), predicted: items.map(\.predicted))
    var byFold: [String: [DimensionalItem]] = [:]
    for item in items { if let fold = item.fold { byFold[fold, default: []].append(item) } }
    let folds = orderedFolds(Set(byFold.keys)).map { name in
        let members = byFold[name] ?? []
        return FoldRegressionMetrics(fold: name, metrics: RegressionMetrics(truth: members.map(\.truth),
                                                                            predicted: members.map(\.predicted)))
    }
    let summaries = RegressionMetric.allCases.map { metric in FoldSummary(folds.compactMap { $0.metrics.value(metric) }) }
    let intervals = try bootstrap.map { settings throws(MetricsError) in
        try bootstrapRegression(items: items, settings: settings)
    }
    return DimensionMetrics(dimension: dimension, pooled: pooled, folds: folds, foldSummaries: summaries,
                            intervals: intervals)
}

/// Per-cluster sums of `items` (clusters from `resamplingClusters`), shifted by the mean truth.
func clusterSums(_ items: [DimensionalItem], clusters: [[Int]], shift: Double) -> [RegressionSums] {
    clusters.map { members in
        var sums = RegressionSums()
        for i in members { sums.add(truth: items[i].truth, predicted: items[i].predicted, shift: shift) }
        return sums
    }
}

/// Percentile bootstrap of CCC, r, MAE and RMSE with the categorical metrics' resampling units (whole
/// speakers when every item has one, else utterances) and the same SplitMix64 draws for a given seed.
public func bootstrapRegression(items: [DimensionalItem],
                                settings: BootstrapSettings = BootstrapSettings()) throws(MetricsError)
    -> RegressionIntervals {
    try settings.validate()
    let items = items.sorted { $0.utterance < $1.utterance }
    let (unit, clusters) = resamplingClusters(speakers: items.map(\.speaker))
    let shift = items.isEmpty ? 0 : items.reduce(0) { $0 + $1.truth } / Double(items.count)
    let sums = clusterSums(items, clusters: clusters, shift: shift)
    var generator = SplitMix64(seed: settings.seed)
    var samples: [RegressionMetric: [Double]] = [:]
    var undefined = 0
    for _ in 0..<settings.resamples where !clusters.isEmpty {
        var total = RegressionSums()
        for _ in 0..<clusters.count { total.add(sums[generator.uniform(below: clusters.count)]) }
        for metric in RegressionMetric.allCases {
            if let value = total.value(metric) { samples[metric, default: []].append(value) }
            else if metric == .ccc { undefined += 1 }
        }
    }
    func interval(_ metric: RegressionMetric) -> ConfidenceInterval? {
        guard let values = samples[metric], !values.isEmpty else { return nil }
        return percentileInterval(values, settings: settings, unit: unit, units: clusters.count)
    }
    return RegressionIntervals(ccc: interval(.ccc), pearson: interval(.pearson), mae: interval(.mae),
                               rmse: interval(.rmse), undefinedCCCReplicates: undefined)
}
