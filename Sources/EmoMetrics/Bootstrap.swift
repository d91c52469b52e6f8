// Percentile bootstrap of the headline metrics, resampling speakers when known (docs/specs/protocols-and-peers.md §5).
import EmoTypes

/// One interval per headline metric.
public struct HeadlineIntervals: Sendable, Equatable, Codable {
    public let wa: ConfidenceInterval
    public let ua: ConfidenceInterval
    public let macroF1: ConfidenceInterval
    public let weightedF1: ConfidenceInterval

    public subscript(metric: HeadlineMetric) -> ConfidenceInterval {
        switch metric {
        case .wa: return wa
        case .ua: return ua
        case .macroF1: return macroF1
        case .weightedF1: return weightedF1
        }
    }
}

/// Resampling units: whole speakers when every item has one, otherwise single utterances.
/// Clusters are ordered by speaker name so the result does not depend on item order.
func resamplingClusters(speakers: [String?]) -> (unit: ResamplingUnit, clusters: [[Int]]) {
    guard !speakers.isEmpty, speakers.allSatisfy({ $0 != nil }) else {
        return (.utterance, speakers.indices.map { [$0] })
    }
    var bySpeaker: [String: [Int]] = [:]
    for (i, s) in speakers.enumerated() { bySpeaker[s ?? "", default: []].append(i) }
    return (.speaker, bySpeaker.keys.sorted().compactMap { bySpeaker[$0] })
}

/// Each cluster's confusion counts as sparse (cell, count) runs in flat arrays (CSR layout), so one
/// resample costs O(items) with no per-cluster allocation.
struct ClusterCells {
    private var starts: [Int] = [0]
    private var cells: [Int] = []
    private var counts: [Int] = []

    /// `cell(i)` is the flat confusion index (row * columns + column) of item i.
    init(clusters: [[Int]], cell: (Int) -> Int) {
        for members in clusters {
            var tally: [Int: Int] = [:]
            for i in members { tally[cell(i), default: 0] += 1 }
            for key in tally.keys.sorted() {
                cells.append(key)
                counts.append(tally[key] ?? 0)
            }
            starts.append(cells.count)
        }
    }

    /// Adds cluster `index`'s counts to `total`.
    func add(_ index: Int, to total: inout [Int]) {
        for j in starts[index]..<starts[index + 1] { total[cells[j]] += counts[j] }
    }
}

/// Bootstrap confidence intervals of WA, UA, macro-F1 and weighted-F1 over `items` (pooled).
/// Each replicate draws as many clusters as there are, with replacement, using `SplitMix64(seed)`.
public func bootstrapIntervals(items: [ScoredItem], labels: [String], hasOther: Bool,
                               settings: BootstrapSettings = BootstrapSettings()) throws(MetricsError)
    -> HeadlineIntervals {
    try settings.validate()
    let columns = labels.count + (hasOther ? 1 : 0)
    for item in items {
        guard item.truth >= 0, item.truth < labels.count else {
            throw .classIndex(utterance: item.utterance, index: item.truth, classCount: labels.count)
        }
        guard item.predicted >= 0, item.predicted < columns else {
            throw .classIndex(utterance: item.utterance, index: item.predicted, classCount: columns)
        }
    }
    let (unit, clusters) = resamplingClusters(speakers: items.map(\.speaker))
    let cells = ClusterCells(clusters: clusters) { items[$0].truth * columns + items[$0].predicted }
    var generator = SplitMix64(seed: settings.seed)
    var samples: [HeadlineMetric: [Double]] = [:]
    for _ in 0..<settings.resamples {
        var counts = [Int](repeating: 0, count: labels.count * columns)
        for _ in 0..<clusters.count { cells.add(generator.uniform(below: clusters.count), to: &counts) }
        let confusion = ConfusionMatrix(labels: labels, hasOther: hasOther, validatedCounts: counts)
        let metrics = ClassificationMetrics(confusion: confusion)
        for metric in HeadlineMetric.allCases { samples[metric, default: []].append(metrics.value(metric)) }
    }
    func interval(_ m: HeadlineMetric) -> ConfidenceInterval {
        percentileInterval(samples[m] ?? [], settings: settings, unit: unit, units: clusters.count)
    }
    return HeadlineIntervals(wa: interval(.wa), ua: interval(.ua), macroF1: interval(.macroF1),
                             weightedF1: interval(.weightedF1))
}
