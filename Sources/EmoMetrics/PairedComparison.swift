// Paired comparison of two runs on the utterances both scored: McNemar and a paired bootstrap of ΔUA, ΔWA.

/// A difference (second − first) with its paired-bootstrap interval.
public struct PairedDelta: Sendable, Equatable, Codable {
    public let estimate: Double
    public let interval: ConfidenceInterval
}

/// The comparison of run `first` with run `second` (deltas are second − first).
public struct PairedComparison: Sendable, Equatable, Codable {
    public let first: String
    public let second: String
    /// Utterances scored by both runs (the paired set).
    public let commonCount: Int
    public let mcNemar: McNemarResult
    public let deltaWA: PairedDelta
    public let deltaUA: PairedDelta
    /// Per dataset class, recall(second) − recall(first) on the paired set.
    public let recallDeltas: [Double]
}

/// One run's decoded items and how its confusion matrix is shaped.
public struct RunItems: Sendable, Equatable {
    public let name: String
    public let items: [ScoredItem]
    public let hasOther: Bool

    public init(name: String, items: [ScoredItem], hasOther: Bool) {
        self.name = name
        self.items = items
        self.hasOther = hasOther
    }
}

/// Pairs two runs on their common utterances (sorted by id) and compares them. Speakers, when every
/// paired item has one, are the bootstrap's resampling unit; both runs use the same draws.
public func comparePaired(_ first: RunItems, _ second: RunItems, labels: [String],
                          settings: BootstrapSettings = BootstrapSettings()) throws(MetricsError)
    -> PairedComparison {
    try settings.validate()
    var secondByUtterance: [String: ScoredItem] = [:]
    for item in second.items { secondByUtterance[item.utterance] = item }
    let pairs = first.items.compactMap { a in secondByUtterance[a.utterance].map { (a, $0) } }
        .sorted { $0.0.utterance < $1.0.utterance }
    guard !pairs.isEmpty else { throw .nothingInCommon(first: first.name, second: second.name) }

    var b = 0, c = 0
    var wholeA = ConfusionMatrix(labels: labels, hasOther: first.hasOther)
    var wholeB = ConfusionMatrix(labels: labels, hasOther: second.hasOther)
    for (x, y) in pairs {
        if x.isCorrect && !y.isCorrect { b += 1 }
        if !x.isCorrect && y.isCorrect { c += 1 }
        try wholeA.add(truth: x.truth, predicted: x.predicted, utterance: x.utterance)
        try wholeB.add(truth: y.truth, predicted: y.predicted, utterance: y.utterance)
    }
    let metricsA = ClassificationMetrics(confusion: wholeA), metricsB = ClassificationMetrics(confusion: wholeB)

    let (unit, clusters) = resamplingClusters(speakers: pairs.map { $0.0.speaker ?? $0.1.speaker })
    let columnsA = wholeA.columnCount, columnsB = wholeB.columnCount
    let cellsA = ClusterCells(clusters: clusters) { pairs[$0].0.truth * columnsA + pairs[$0].0.predicted }
    let cellsB = ClusterCells(clusters: clusters) { pairs[$0].1.truth * columnsB + pairs[$0].1.predicted }
    var generator = SplitMix64(seed: settings.seed)
    var deltasWA: [Double] = [], deltasUA: [Double] = []
    for _ in 0..<settings.resamples {
        var countsA = [Int](repeating: 0, count: labels.count * columnsA)
        var countsB = [Int](repeating: 0, count: labels.count * columnsB)
        for _ in 0..<clusters.count {
            let pick = generator.uniform(below: clusters.count)
            cellsA.add(pick, to: &countsA)
            cellsB.add(pick, to: &countsB)
        }
        let a = ConfusionMatrix(labels: labels, hasOther: first.hasOther, validatedCounts: countsA)
        let bm = ConfusionMatrix(labels: labels, hasOther: second.hasOther, validatedCounts: countsB)
        let ma = ClassificationMetrics(confusion: a), mb = ClassificationMetrics(confusion: bm)
        deltasWA.append(mb.wa - ma.wa)
        deltasUA.append(mb.ua - ma.ua)
    }
    let recallDeltas = zip(metricsA.perClass, metricsB.perClass).map { $1.recall - $0.recall }
    return PairedComparison(
        first: first.name, second: second.name, commonCount: pairs.count,
        mcNemar: mcNemarExact(b: b, c: c),
        deltaWA: PairedDelta(estimate: metricsB.wa - metricsA.wa,
                             interval: percentileInterval(deltasWA, settings: settings, unit: unit,
                                                          units: clusters.count)),
        deltaUA: PairedDelta(estimate: metricsB.ua - metricsA.ua,
                             interval: percentileInterval(deltasUA, settings: settings, unit: unit,
                                                          units: clusters.count)),
        recallDeltas: recallDeltas)
}
