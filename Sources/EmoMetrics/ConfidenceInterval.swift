// Bootstrap settings and the percentile intervals they produce.

/// How a bootstrap is run. Defaults: 1000 resamples, seed 20240515, 95 % percentile interval.
public struct BootstrapSettings: Sendable, Equatable, Codable {
    public var resamples: Int
    public var seed: UInt64
    /// Central coverage, e.g. 0.95.
    public var level: Double

    public init(resamples: Int = 1000, seed: UInt64 = 20_240_515, level: Double = 0.95) {
        self.resamples = resamples
        self.seed = seed
        self.level = level
    }

    func validate() throws(MetricsError) {
        guard resamples >= 1 else { throw .bootstrapSetting("resamples must be ≥ 1, got \(resamples)") }
        guard level > 0, level < 1 else { throw .bootstrapSetting("level must lie in (0, 1), got \(level)") }
    }
}

/// What the bootstrap resampled.
public enum ResamplingUnit: String, Sendable, Codable {
    /// Whole speakers (all their utterances move together).
    case speaker
    /// Single utterances (speakers unknown).
    case utterance
}

/// A percentile bootstrap interval for one metric (fractions, like the metrics).
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    public let lower: Double
    public let upper: Double
    public let level: Double
    public let resamples: Int
    public let unit: ResamplingUnit
    /// Number of resampled units (speakers or utterances).
    public let units: Int
}

/// Quantile `q` of `sorted` with linear interpolation between order statistics (numpy's default).
func quantile(sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let position = q * Double(sorted.count - 1)
    let low = Int(position.rounded(.down))
    let high = min(low + 1, sorted.count - 1)
    let fraction = position - Double(low)
    return sorted[low] + (sorted[high] - sorted[low]) * fraction
}

/// Percentile interval of `values` at `settings.level`.
func percentileInterval(_ values: [Double], settings: BootstrapSettings, unit: ResamplingUnit,
                        units: Int) -> ConfidenceInterval {
    let sorted = values.sorted()
    let tail = (1 - settings.level) / 2
    return ConfidenceInterval(lower: quantile(sorted: sorted, tail), upper: quantile(sorted: sorted, 1 - tail),
                              level: settings.level, resamples: settings.resamples, unit: unit, units: units)
}
