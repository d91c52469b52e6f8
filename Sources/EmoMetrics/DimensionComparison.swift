// Paired comparison of two runs on one dimension: ΔCCC (second − first) with a paired bootstrap interval.

/// The comparison of two runs on one dimension, over the utterances both scored.
public struct DimensionComparison: Sendable, Equatable, Codable {
    public let dimension: String
    public let first: String
    public let second: String
    /// Utterances scored by both runs.
    public let commonCount: Int
    /// CCC of each run on the paired set.
    public let firstCCC: Double?
    public let secondCCC: Double?
    /// CCC(second) − CCC(first) and its paired-bootstrap interval; nil when either CCC is undefined.
    public let deltaCCC: PairedDelta?
}

/// Pairs two runs' items for `dimension` on their common utterances (sorted by id) and bootstraps ΔCCC,
/// drawing the same clusters (speakers when every paired item has one, else utterances) for both runs.
/// The truth must agree between the runs (it is the same annotation); a replicate where either CCC is
/// undefined is left out.
public func compareDimension(_ dimension: String, first: (name: String, items: [DimensionalItem]),
                             second: (name: String, items: [DimensionalItem]),
                             settings: BootstrapSettings = BootstrapSettings()) throws(MetricsError)
    -> DimensionComparison {
    try settings.validate()
    var secondByUtterance: [String: DimensionalItem] = [:]
    for item in second.items { secondByUtterance[item.utterance] = item }
    let pairs = first.items.compactMap { a in secondByUtterance[a.utterance].map { (a, $0) } }
        .sorted { $0.0.utterance < $1.0.utterance }
    guard !pairs.isEmpty else { throw .nothingInCommon(first: first.name, second: second.name) }
    for (a, b) in pairs {
        for item in [a, b] where !item.truth.isFinite || !item.predicted.isFinite {
            throw .nonFiniteValue(utterance: item.utterance, dimension: dimension,
                                  truth: item.truth, predicted: item.predicted)
        }
    }
    let itemsA = pairs.map(\.0), itemsB = pairs.map(\.1)
    let cccA = RegressionMetrics(truth: itemsA.map(\.truth), predicted: itemsA.map(\.predicted)).ccc
    let cccB = RegressionMetrics(truth: itemsB.map(\.truth), predicted: itemsB.map(\.predicted)).ccc
    guard let cccA, let cccB else {
        return DimensionComparison(dimension: dimension, first: first.name, second: second.name,
                                   commonCount: pairs.count, firstCCC: cccA, secondCCC: cccB, deltaCCC: nil)
    }
    let (unit, clusters) = resamplingClusters(speakers: pairs.map { $0.0.speaker ?? $0.1.speaker })
    let shift = itemsA.reduce(0) { $0 + $1.truth } / Double(itemsA.count)
    let sumsA = clusterSums(itemsA, clusters: clusters, shift: shift)
    let sumsB = clusterSums(itemsB, clusters: clusters, shift: shift)
    var generator = SplitMix64(seed: settings.seed)
    var deltas: [Double] = []
    for _ in 0..<settings.resamples {
        var totalA = RegressionSums(), totalB = RegressionSums()
        for _ in 0..<clusters.count {
            let pick = generator.uniform(below: clusters.count)
            totalA.add(sumsA[pick])
            totalB.add(sumsB[pick])
        }
        if let a = totalA.value(.ccc), let b = totalB.value(.ccc) { deltas.append(b - a) }
    }
    let delta = deltas.isEmpty ? nil : PairedDelta(
        estimate: cccB - cccA,
        interval: percentileInterval(deltas, settings: settings, unit: unit, units: clusters.count))
    return DimensionComparison(dimension: dimension, first: first.name, second: second.name,
                               commonCount: pairs.count, firstCCC: cccA, secondCCC: cccB, deltaCCC: delta)
}
