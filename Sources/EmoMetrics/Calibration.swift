// Calibration of the top-label confidence: ECE, MCE (equal-width bins), Brier score and NLL
// (Guo et al. 2017, "On Calibration of Modern Neural Networks"; Brier 1950), with bootstrap intervals.

import Foundation

/// One scored item with the probability the model gave each report column.
public struct CalibrationItem: Sendable, Equatable {
    public let utterance: String
    /// True dataset class (0..<K).
    public let truth: Int
    /// Predicted column (0..<K, or K for "other"), as the label policy decoded it.
    public let predicted: Int
    /// Probability per column (K dataset classes, then "other" when the policy has it); sums to 1.
    public let probabilities: [Double]
    public let speaker: String?

    public init(utterance: String, truth: Int, predicted: Int, probabilities: [Double], speaker: String? = nil) {
        self.utterance = utterance
        self.truth = truth
        self.predicted = predicted
        self.probabilities = probabilities
        self.speaker = speaker
    }

    /// The top-label confidence: the probability of the predicted column.
    public var confidence: Double { probabilities[predicted] }
    public var isCorrect: Bool { truth == predicted }
}

/// One equal-width confidence bin of a reliability diagram.
public struct ReliabilityBin: Sendable, Equatable, Codable {
    /// Bin edges: (lower, upper]; the first bin also holds confidence 0.
    public let lower: Double
    public let upper: Double
    public let count: Int
    /// Mean confidence of the bin's items (nil when empty).
    public let confidence: Double?
    /// Share of the bin's items predicted right (nil when empty).
    public let accuracy: Double?
}

/// Calibration figures of one set of predictions. ECE, MCE in [0, 1]; Brier in [0, 2]; NLL in nats.
public struct CalibrationMetrics: Sendable, Equatable, Codable {
    /// Σ_b (n_b / N) |acc_b − conf_b| over the equal-width bins.
    public let ece: Double
    /// max_b |acc_b − conf_b| over the non-empty bins.
    public let mce: Double
    /// (1/N) Σ_i Σ_c (p_ic − y_ic)², y one-hot of the true class (the "other" column is never true).
    public let brier: Double
    /// −(1/N) Σ_i ln max(p_i,truth, `probabilityFloor`).
    public let nll: Double
    /// Mean top-label confidence and accuracy (WA), for the "over/under-confident" reading.
    public let meanConfidence: Double
    public let accuracy: Double
    public let bins: [ReliabilityBin]
    public let count: Int

    /// The smallest probability NLL takes the log of, so one confident miss costs at most −ln(1e−15) ≈ 34.5.
    public static let probabilityFloor = 1e-15
    /// Bins of the reliability diagram and the ECE (Guo et al. use 15).
    public static let defaultBinCount = 15

    /// Bin edges as numpy's `linspace(0, 1, binCount + 1)` computes them (i · (1/n), last edge exactly 1),
    /// so bin membership matches a numpy reference bit for bit.
    public static func binEdges(_ binCount: Int) -> [Double] {
        let step = 1.0 / Double(binCount)
        return (0...binCount).map { $0 == binCount ? 1.0 : Double($0) * step }
    }

    /// Index of the bin holding `confidence`: (edge_b, edge_b+1], with confidence ≤ edge_1 in bin 0.
    static func bin(of confidence: Double, edges: [Double]) -> Int {
        let n = edges.count - 1
        var b = 0
        while b < n - 1 && confidence > edges[b + 1] { b += 1 }
        return b
    }

    /// Computes every figure from `items` (the order does not matter). An empty set gives zeros.
    public init(items: [CalibrationItem], binCount: Int = CalibrationMetrics.defaultBinCount) {
        var sums = CalibrationSums(binCount: binCount)
        let edges = Self.binEdges(binCount)
        for item in items { sums.add(item, edges: edges) }
        self.init(sums: sums, edges: edges)
    }

    /// The figures of accumulated sums (`edges` from `binEdges`).
    init(sums: CalibrationSums, edges: [Double]) {
        let n = sums.count
        var ece = 0.0, mce = 0.0
        var bins: [ReliabilityBin] = []
        for b in sums.counts.indices {
            let count = sums.counts[b]
            guard count > 0 else {
                bins.append(ReliabilityBin(lower: edges[b], upper: edges[b + 1], count: 0, confidence: nil,
                                           accuracy: nil))
                continue
            }
            let confidence = sums.confidences[b] / Double(count)
            let accuracy = Double(sums.corrects[b]) / Double(count)
            let gap = abs(accuracy - confidence)
            ece += Double(count) / Double(n) * gap
            mce = max(mce, gap)
            bins.append(ReliabilityBin(lower: edges[b], upper: edges[b + 1], count: count, confidence: confidence,
                                       accuracy: accuracy))
        }
        self.ece = ece
        self.mce = mce
        self.brier = n == 0 ? 0 : sums.brier / Double(n)
        self.nll = n == 0 ? 0 : sums.nll / Double(n)
        self.meanConfidence = n == 0 ? 0 : sums.confidence / Double(n)
        self.accuracy = n == 0 ? 0 : Double(sums.correct) / Double(n)
        self.bins = bins
        self.count = n
    }
}

/// Running sums behind `CalibrationMetrics`: per bin count, confidence and right answers, and the
/// Brier and NLL totals. Sums of disjoint sets add, so a bootstrap sums whole clusters.
struct CalibrationSums {
    var counts: [Int]
    var confidences: [Double]
    var corrects: [Int]
    var brier = 0.0, nll = 0.0, confidence = 0.0
    var correct = 0, count = 0

    init(binCount: Int) {
        counts = [Int](repeating: 0, count: binCount)
        confidences = [Double](repeating: 0, count: binCount)
        corrects = [Int](repeating: 0, count: binCount)
    }

    /// Adds one item.
    mutating func add(_ item: CalibrationItem, edges: [Double]) {
        let c = item.confidence
        let b = CalibrationMetrics.bin(of: c, edges: edges)
        counts[b] += 1
        confidences[b] += c
        confidence += c
        if item.isCorrect {
            corrects[b] += 1
            correct += 1
        }
        var squares = 0.0
        for (column, p) in item.probabilities.enumerated() {
            let target = column == item.truth ? 1.0 : 0.0
            squares += (p - target) * (p - target)
        }
        brier += squares
        nll -= log(max(item.probabilities[item.truth], CalibrationMetrics.probabilityFloor))
        count += 1
    }

    /// Adds another set's sums.
    mutating func add(_ other: CalibrationSums) {
        for b in counts.indices {
            counts[b] += other.counts[b]
            confidences[b] += other.confidences[b]
            corrects[b] += other.corrects[b]
        }
        brier += other.brier
        nll += other.nll
        confidence += other.confidence
        correct += other.correct
        count += other.count
    }

    /// One sum per cluster of `design`'s only stratum.
    static func perCluster(_ items: [CalibrationItem], design: StratifiedClusters, binCount: Int) -> [CalibrationSums] {
        let edges = CalibrationMetrics.binEdges(binCount)
        return design.strata[0].map { members in
            var sums = CalibrationSums(binCount: binCount)
            for i in members { sums.add(items[i], edges: edges) }
            return sums
        }
    }

    /// The figures of one replicate: the sums of the drawn clusters.
    static func replicate(_ clusters: [CalibrationSums], draws: [Int], binCount: Int) -> CalibrationMetrics {
        var total = CalibrationSums(binCount: binCount)
        for c in draws { total.add(clusters[c]) }
        return CalibrationMetrics(sums: total, edges: CalibrationMetrics.binEdges(binCount))
    }
}

/// The four calibration figures, named for tables.
public enum CalibrationMetric: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    case ece = "ECE"
    case mce = "MCE"
    case brier = "Brier"
    case nll = "NLL"

    /// The value of this figure in `metrics`.
    public func value(_ metrics: CalibrationMetrics) -> Double {
        switch self {
        case .ece: return metrics.ece
        case .mce: return metrics.mce
        case .brier: return metrics.brier
        case .nll: return metrics.nll
        }
    }

    /// The definition printed in reports.
    public var formula: String {
        switch self {
        case .ece: return "ECE = Σ_b (n_b / N)·|acc_b − conf_b| over 15 equal-width confidence bins (b/15, (b+1)/15]"
        case .mce: return "MCE = max_b |acc_b − conf_b| over the non-empty bins"
        case .brier: return "Brier = (1/N) Σ_i Σ_c (p_ic − y_ic)², y one-hot of the true class (0 best, 2 worst)"
        case .nll: return "NLL = −(1/N) Σ_i ln p_i,true (nats; p floored at 1e−15)"
        }
    }
}

/// A calibration summary with its bootstrap intervals (keyed like `CalibrationMetric`).
public struct CalibrationReport: Sendable, Equatable, Codable {
    public let metrics: CalibrationMetrics
    public let intervals: [CalibrationMetric: ConfidenceInterval]?

    public init(metrics: CalibrationMetrics, intervals: [CalibrationMetric: ConfidenceInterval]?) {
        self.metrics = metrics
        self.intervals = intervals
    }
}

/// Calibration of `items` with percentile-bootstrap intervals (speakers resampled when every item has one;
/// same generator and draws as `bootstrapIntervals`). `settings` nil skips the intervals. Items are
/// taken in utterance order, so the sums (and every last bit) do not depend on the order given.
public func evaluateCalibration(items unordered: [CalibrationItem], binCount: Int = CalibrationMetrics.defaultBinCount,
                                settings: BootstrapSettings? = BootstrapSettings()) throws(MetricsError)
    -> CalibrationReport {
    let items = unordered.sorted { $0.utterance < $1.utterance }
    for item in items {
        guard item.truth >= 0, item.truth < item.probabilities.count else {
            throw .classIndex(utterance: item.utterance, index: item.truth, classCount: item.probabilities.count)
        }
        guard item.predicted >= 0, item.predicted < item.probabilities.count else {
            throw .classIndex(utterance: item.utterance, index: item.predicted, classCount: item.probabilities.count)
        }
    }
    let metrics = CalibrationMetrics(items: items, binCount: binCount)
    guard let settings, !items.isEmpty else { return CalibrationReport(metrics: metrics, intervals: nil) }
    try settings.validate()
    let design = StratifiedClusters(strata: [Array(items.indices)], speakers: items.map(\.speaker))
    let clusters = CalibrationSums.perCluster(items, design: design, binCount: binCount)
    var samples: [CalibrationMetric: [Double]] = [:]
    design.forEachClusterDraw(settings) { draws in
        let m = CalibrationSums.replicate(clusters, draws: draws[0], binCount: binCount)
        for metric in CalibrationMetric.allCases { samples[metric, default: []].append(metric.value(m)) }
    }
    var intervals: [CalibrationMetric: ConfidenceInterval] = [:]
    for metric in CalibrationMetric.allCases {
        intervals[metric] = design.interval(samples[metric] ?? [], stratum: 0, settings: settings)
    }
    return CalibrationReport(metrics: metrics, intervals: intervals)
}
