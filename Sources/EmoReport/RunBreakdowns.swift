// The breakdowns of one run that answer the questions after "what is the UA": calibration, groups
// (gender and the recipe's `groups:`), speakers and duration bands.

import EmoMetrics

/// What the report shows of one run beyond its headline metrics; every part is optional.
public struct RunBreakdowns: Sendable, Equatable, Codable {
    /// Calibration of the top-label confidence, nil when the scores are not probabilities.
    public var calibration: CalibrationReport?
    /// What the confidences are (e.g. renormalised over the mapped classes) or why calibration is absent.
    public var calibrationBasis: String
    /// One breakdown per grouping variable: `gender` first when present, then the recipe's `groups:`.
    public var groups: [GroupBreakdown]
    /// Per speaker (no intervals), nil when speakers are unknown.
    public var speakers: GroupBreakdown?
    /// Per duration band, in band order.
    public var durations: GroupBreakdown?

    public init(calibration: CalibrationReport?, calibrationBasis: String, groups: [GroupBreakdown] = [],
                speakers: GroupBreakdown? = nil, durations: GroupBreakdown? = nil) {
        self.calibration = calibration
        self.calibrationBasis = calibrationBasis
        self.groups = groups
        self.speakers = speakers
        self.durations = durations
    }

    /// The share of speakers highlighted as the worst: the lowest-UA fifth, at least one.
    public static func worstSpeakerCount(of speakers: Int) -> Int { max(1, (speakers + 4) / 5) }

    /// Speakers sorted worst first: by UA, then WA, then name.
    public static func speakersWorstFirst(_ breakdown: GroupBreakdown) -> [GroupMetrics] {
        breakdown.groups.sorted {
            if $0.metrics.ua != $1.metrics.ua { return $0.metrics.ua < $1.metrics.ua }
            if $0.metrics.wa != $1.metrics.wa { return $0.metrics.wa < $1.metrics.wa }
            return $0.group < $1.group
        }
    }
}

/// The breakdowns `compare` shows for two or more runs: each pair's paired differences.
public struct ComparisonBreakdowns: Sendable, Equatable, Codable {
    /// Per pair (same order as `RunComparison.pairs`), calibration differences; empty when a run has none.
    public var calibration: [PairedCalibrationComparison]
    /// Per pair and variable (gender, the recipe's groups, duration), per-group ΔWA and ΔUA.
    public var groups: [PairedGroupComparison]

    public init(calibration: [PairedCalibrationComparison], groups: [PairedGroupComparison]) {
        self.calibration = calibration
        self.groups = groups
    }
}
