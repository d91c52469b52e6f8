// A run's metrics broken down by the values of one grouping variable (gender, any utt2<group> file,
// duration band, speaker): per group N, WA, UA, macro-F1 with intervals, the gap between the best and
// the worst group, and audmetric's unweighted average bias.

import EmoTypes

/// The three per-group figures (weighted-F1 adds nothing within a breakdown table).
public enum GroupMetric: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    case wa = "WA"
    case ua = "UA"
    case macroF1 = "macro-F1"

    var headline: HeadlineMetric {
        switch self {
        case .wa: return .wa
        case .ua: return .ua
        case .macroF1: return .macroF1
        }
    }

    /// The value of this figure in `metrics`.
    public func value(_ metrics: ClassificationMetrics) -> Double { metrics.value(headline) }
}

/// One group's figures.
public struct GroupMetrics: Sendable, Equatable, Codable {
    /// The group's value, e.g. `female`, `spk3`, `2–4 s`.
    public let group: String
    public let metrics: ClassificationMetrics
    /// Distinct speakers among the group's items (0 when speakers are unknown).
    public let speakers: Int
    /// Percentile intervals per `GroupMetric` (nil without a bootstrap).
    public let intervals: [GroupMetric: ConfidenceInterval]?
}

/// best − worst group of one metric, with the bootstrap interval of that same difference.
public struct GroupGap: Sendable, Equatable, Codable {
    /// The group with the highest point estimate.
    public let best: String
    /// The group with the lowest point estimate.
    public let worst: String
    /// value(best) − value(worst) ≥ 0.
    public let estimate: Double
    /// Interval of value(best) − value(worst) over the replicates (may reach below 0).
    public let interval: ConfidenceInterval?
}

/// A run broken down by one variable.
public struct GroupBreakdown: Sendable, Equatable, Codable {
    /// The variable, e.g. `gender`, `duration`, `speaker`.
    public let variable: String
    /// Groups in the requested order; groups without items are left out.
    public let groups: [GroupMetrics]
    /// Per `GroupMetric`, the gap (absent with fewer than two groups).
    public let gaps: [GroupMetric: GroupGap]
    /// audmetric's unweighted average bias with the variable as the protected variable (nil: undefined).
    public let unweightedAverageBias: Double?
}

/// Breaks `items` down by `groupOf` (parallel to `items`). `order` fixes the row order (values not in it
/// follow, sorted); nil sorts the values. Intervals resample each group's speakers (its utterances when a
/// speaker is missing) separately, in one replicate for every group, so the gap's interval comes from
/// the same draws. `settings` nil skips every interval.
public func evaluateGroups(items: [ScoredItem], groupOf: [String], variable: String, labels: [String],
                           hasOther: Bool, order: [String]? = nil,
                           settings: BootstrapSettings? = BootstrapSettings()) throws(MetricsError)
    -> GroupBreakdown {
    precondition(items.count == groupOf.count, "items and groups differ in length")
    let columns = labels.count + (hasOther ? 1 : 0)
    for item in items {
        guard item.truth >= 0, item.truth < labels.count else {
            throw .classIndex(utterance: item.utterance, index: item.truth, classCount: labels.count)
        }
        guard item.predicted >= 0, item.predicted < columns else {
            throw .classIndex(utterance: item.utterance, index: item.predicted, classCount: columns)
        }
    }
    var membersOf: [String: [Int]] = [:]
    for (i, g) in groupOf.enumerated() { membersOf[g, default: []].append(i) }
    let requested = order ?? []
    let names = requested.filter { membersOf[$0] != nil }
        + membersOf.keys.filter { !requested.contains($0) }.sorted()
    let members = names.map { membersOf[$0] ?? [] }

    func metrics(_ indices: [Int]) -> ClassificationMetrics {
        var counts = [Int](repeating: 0, count: labels.count * columns)
        for i in indices { counts[items[i].truth * columns + items[i].predicted] += 1 }
        return ClassificationMetrics(confusion: ConfusionMatrix(labels: labels, hasOther: hasOther,
                                                                validatedCounts: counts))
    }
    let point = members.map(metrics)

    // Best and worst group per metric, by point estimate (ties: the first in row order).
    var extremes: [GroupMetric: (best: Int, worst: Int)] = [:]
    if names.count >= 2 {
        for metric in GroupMetric.allCases {
            let values = point.map(metric.value)
            var best = 0, worst = 0
            for g in values.indices {
                if values[g] > values[best] { best = g }
                if values[g] < values[worst] { worst = g }
            }
            if best == worst { worst = best == 0 ? 1 : 0 }   // all equal: still name two groups
            extremes[metric] = (best, worst)
        }
    }

    var groupIntervals: [[GroupMetric: ConfidenceInterval]?] = Array(repeating: nil, count: names.count)
    var gapIntervals: [GroupMetric: ConfidenceInterval] = [:]
    if let settings {
        try settings.validate()
        let design = StratifiedClusters(strata: members, speakers: items.map(\.speaker))
        // Each cluster's confusion counts once; a replicate sums the drawn clusters' counts.
        let cells = design.strata.map { clusters in
            ClusterCells(clusters: clusters) { items[$0].truth * columns + items[$0].predicted }
        }
        var samples = [[GroupMetric: [Double]]](repeating: [:], count: names.count)
        var gapSamples: [GroupMetric: [Double]] = [:]
        design.forEachClusterDraw(settings) { draws in
            let values = draws.indices.map { s -> ClassificationMetrics in
                var counts = [Int](repeating: 0, count: labels.count * columns)
                for c in draws[s] { cells[s].add(c, to: &counts) }
                return ClassificationMetrics(confusion: ConfusionMatrix(labels: labels, hasOther: hasOther,
                                                                        validatedCounts: counts))
            }
            for g in values.indices {
                for metric in GroupMetric.allCases { samples[g][metric, default: []].append(metric.value(values[g])) }
            }
            for (metric, pair) in extremes {
                gapSamples[metric, default: []].append(metric.value(values[pair.best]) - metric.value(values[pair.worst]))
            }
        }
        for g in names.indices {
            var intervals: [GroupMetric: ConfidenceInterval] = [:]
            for metric in GroupMetric.allCases {
                intervals[metric] = design.interval(samples[g][metric] ?? [], stratum: g, settings: settings)
            }
            groupIntervals[g] = intervals
        }
        for (metric, values) in gapSamples { gapIntervals[metric] = design.pooledInterval(values, settings: settings) }
    }

    let groups = names.indices.map { g in
        GroupMetrics(group: names[g], metrics: point[g],
                     speakers: Set(members[g].compactMap { items[$0].speaker }).count,
                     intervals: groupIntervals[g])
    }
    var gaps: [GroupMetric: GroupGap] = [:]
    for (metric, pair) in extremes {
        gaps[metric] = GroupGap(best: names[pair.best], worst: names[pair.worst],
                                estimate: metric.value(point[pair.best]) - metric.value(point[pair.worst]),
                                interval: gapIntervals[metric])
    }
    return GroupBreakdown(variable: variable, groups: groups, gaps: gaps,
                          unweightedAverageBias: unweightedAverageBias(truth: items.map(\.truth),
                                                                       predicted: items.map(\.predicted),
                                                                       groups: groupOf))
}
