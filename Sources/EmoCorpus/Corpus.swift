// A corpus ready to evaluate: the recipe's labels applied to a data directory's utterances.

/// The utterances a recipe selects, with dataset labels and folds, sorted by id.
public struct Corpus: Sendable {
    /// The recipe's name.
    public var name: String
    /// Dataset labels in report order.
    public var labels: [String]
    /// Kept utterances, sorted by id (C order).
    public var utterances: [Utterance]
    /// Raw label → number of utterances left out by the recipe's `drop` list.
    public var dropped: [String: Int]
    /// The data directory the utterances come from.
    public var dataDirectory: String
    /// Reason → number of (otherwise kept) utterances the recipe left out: `fold <f>` (`folds.exclude`)
    /// and `longer than <s> s` (`max_duration`).
    public var excluded: [String: Int] = [:]

    /// The `excluded` reason for utterances over `max_duration`.
    public static func overMaxDuration(_ seconds: Double) -> String {
        "longer than \(seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)) s (max_duration)"
    }

    public init(name: String, labels: [String], utterances: [Utterance], dropped: [String: Int] = [:],
                dataDirectory: String) {
        self.name = name
        self.labels = labels
        self.utterances = utterances
        self.dropped = dropped
        self.dataDirectory = dataDirectory
    }

    /// Fold names in sorted order (empty when the recipe has no folds).
    public var folds: [String] {
        Set(utterances.compactMap(\.fold)).sorted()
    }

    /// Speaker ids in sorted order (empty when the data has no `utt2spk`).
    public var speakers: [String] {
        Set(utterances.compactMap(\.speaker)).sorted()
    }

    /// Number of utterances per value of `key` (nil values are not counted).
    public func counts(by key: (Utterance) -> String?) -> [String: Int] {
        var counts: [String: Int] = [:]
        for utterance in utterances {
            if let value = key(utterance) { counts[value, default: 0] += 1 }
        }
        return counts
    }

    /// Number of utterances per dataset label, in `labels` order.
    public var labelCounts: [(label: String, count: Int)] {
        let counts = counts(by: { $0.label })
        return labels.map { ($0, counts[$0] ?? 0) }
    }
}
