// Paired differences (second − first) between two runs on the utterances both scored: per group of a
// breakdown (ΔWA, ΔUA) and for calibration (ΔECE, ΔMCE, ΔBrier, ΔNLL), with the same draws for both runs.

/// One group's paired differences.
public struct PairedGroupDelta: Sendable, Equatable, Codable {
    public let group: String
    /// Utterances of this group scored by both runs.
    public let commonCount: Int
    public let deltaWA: PairedDelta
    public let deltaUA: PairedDelta
}

/// A breakdown compared between two runs.
public struct PairedGroupComparison: Sendable, Equatable, Codable {
    public let variable: String
    public let first: String
    public let second: String
    public let groups: [PairedGroupDelta]
}

/// Calibration compared between two runs.
public struct PairedCalibrationComparison: Sendable, Equatable, Codable {
    public let first: String
    public let second: String
    public let commonCount: Int
    public let deltas: [CalibrationMetric: PairedDelta]
}

/// Pairs `first` and `second` on their common utterances (sorted by id) and compares them per group of
/// `groupOf` (utterance → group; utterances without a group are left out). Each group's speakers
/// (utterances when a speaker is missing) are resampled separately; both runs get the same draws.
public func comparePairedGroups(_ first: RunItems, _ second: RunItems, groupOf: [String: String],
                                variable: String, labels: [String], order: [String]? = nil,
                                settings: BootstrapSettings = BootstrapSettings()) throws(MetricsError)
    -> PairedGroupComparison {
    try settings.validate()
    var secondByUtterance: [String: ScoredItem] = [:]
    for item in second.items { secondByUtterance[item.utterance] = item }
    let pairs = first.items.compactMap { a -> (ScoredItem, ScoredItem, String)? in
        guard let b = secondByUtterance[a.utterance], let g = groupOf[a.utterance] else { return nil }
        return (a, b, g)
    }.sorted { $0.0.utterance < $1.0.utterance }
    guard !pairs.isEmpty else { throw .nothingInCommon(first: first.name, second: second.name) }

    var membersOf: [String: [Int]] = [:]
    for (i, pair) in pairs.enumerated() { membersOf[pair.2, default: []].append(i) }
    let requested = order ?? []
    let names = requested.filter { membersOf[$0] != nil } + membersOf.keys.filter { !requested.contains($0) }.sorted()
    let members = names.map { membersOf[$0] ?? [] }
    let columnsA = labels.count + (first.hasOther ? 1 : 0), columnsB = labels.count + (second.hasOther ? 1 : 0)
    for (a, b, _) in pairs {
        for (item, columns) in [(a, columnsA), (b, columnsB)] {
            guard item.truth >= 0, item.truth < labels.count else {
                throw .classIndex(utterance: item.utterance, index: item.truth, classCount: labels.count)
            }
            guard item.predicted >= 0, item.predicted < columns else {
                throw .classIndex(utterance: item.utterance, index: item.predicted, classCount: columns)
            }
        }
    }
    func metrics(_ indices: [Int], second useSecond: Bool) -> ClassificationMetrics {
        let columns = useSecond ? columnsB : columnsA
        var counts = [Int](repeating: 0, count: labels.count * columns)
        for i in indices {
            let item = useSecond ? pairs[i].1 : pairs[i].0
            counts[item.truth * columns + item.predicted] += 1
        }
        return ClassificationMetrics(confusion: ConfusionMatrix(
            labels: labels, hasOther: useSecond ? second.hasOther : first.hasOther, validatedCounts: counts))
    }
    let design = StratifiedClusters(strata: members, speakers: pairs.map { $0.0.speaker ?? $0.1.speaker })
    var deltasWA = [[Double]](repeating: [], count: names.count)
    var deltasUA = [[Double]](repeating: [], count: names.count)
    // Each cluster's confusion counts once per run; a replicate sums the drawn clusters' counts.
    let cellsA = design.strata.map { ClusterCells(clusters: $0) { pairs[$0].0.truth * columnsA + pairs[$0].0.predicted } }
    let cellsB = design.strata.map { ClusterCells(clusters: $0) { pairs[$0].1.truth * columnsB + pairs[$0].1.predicted } }
    design.forEachClusterDraw(settings) { draws in
        for g in draws.indices {
            var countsA = [Int](repeating: 0, count: labels.count * columnsA)
            var countsB = [Int](repeating: 0, count: labels.count * columnsB)
            for c in draws[g] {
                cellsA[g].add(c, to: &countsA)
                cellsB[g].add(c, to: &countsB)
            }
            let a = ClassificationMetrics(confusion: ConfusionMatrix(labels: labels, hasOther: first.hasOther,
                                                                     validatedCounts: countsA))
            let b = ClassificationMetrics(confusion: ConfusionMatrix(labels: labels, hasOther: second.hasOther,
                                                                     validatedCounts: countsB))
            deltasWA[g].append(b.wa - a.wa)
            deltasUA[g].append(b.ua - a.ua)
        }
    }
    let groups = names.indices.map { g -> PairedGroupDelta in
        let a = metrics(members[g], second: false), b = metrics(members[g], second: true)
        return PairedGroupDelta(
            group: names[g], commonCount: members[g].count,
            deltaWA: PairedDelta(estimate: b.wa - a.wa, interval: design.interval(deltasWA[g], stratum: g, settings: settings)),
            deltaUA: PairedDelta(estimate: b.ua - a.ua, interval: design.interval(deltasUA[g], stratum: g, settings: settings)))
    }
    return PairedGroupComparison(variable: variable, first: first.name, second: second.name, groups: groups)
}

/// Pairs two runs' calibration items on their common utterances and bootstraps the differences
/// (second − first) of ECE, MCE, Brier and NLL with the same draws for both runs.
public func comparePairedCalibration(first: String, _ firstItems: [CalibrationItem], second: String,
                                     _ secondItems: [CalibrationItem],
                                     binCount: Int = CalibrationMetrics.defaultBinCount,
                                     settings: BootstrapSettings = BootstrapSettings()) throws(MetricsError)
    -> PairedCalibrationComparison {
    try settings.validate()
    var secondByUtterance: [String: CalibrationItem] = [:]
    for item in secondItems { secondByUtterance[item.utterance] = item }
    let pairs = firstItems.compactMap { a in secondByUtterance[a.utterance].map { (a, $0) } }
        .sorted { $0.0.utterance < $1.0.utterance }
    guard !pairs.isEmpty else { throw .nothingInCommon(first: first, second: second) }
    let a = pairs.map(\.0), b = pairs.map(\.1)
    let design = StratifiedClusters(strata: [Array(pairs.indices)], speakers: pairs.map { $0.0.speaker ?? $0.1.speaker })
    let clustersA = CalibrationSums.perCluster(a, design: design, binCount: binCount)
    let clustersB = CalibrationSums.perCluster(b, design: design, binCount: binCount)
    var samples: [CalibrationMetric: [Double]] = [:]
    design.forEachClusterDraw(settings) { draws in
        let ma = CalibrationSums.replicate(clustersA, draws: draws[0], binCount: binCount)
        let mb = CalibrationSums.replicate(clustersB, draws: draws[0], binCount: binCount)
        for metric in CalibrationMetric.allCases {
            samples[metric, default: []].append(metric.value(mb) - metric.value(ma))
        }
    }
    let ma = CalibrationMetrics(items: a, binCount: binCount), mb = CalibrationMetrics(items: b, binCount: binCount)
    var deltas: [CalibrationMetric: PairedDelta] = [:]
    for metric in CalibrationMetric.allCases {
        deltas[metric] = PairedDelta(estimate: metric.value(mb) - metric.value(ma),
                                     interval: design.interval(samples[metric] ?? [], stratum: 0, settings: settings))
    }
    return PairedCalibrationComparison(first: first, second: second, commonCount: pairs.count, deltas: deltas)
}
