// Published MSP-Podcast partition sizes (docs/specs/corpora.md §1.1) and the check `prepare msp-podcast` runs against them.

/// One release whose per-partition totals are published.
public struct MSPPodcastRelease: Sendable, Equatable {
    public var name: String
    /// `Split_Set` value (`Development` for v1.8's `Validation`) → rows.
    public var perSplit: [String: Int]
    public var total: Int { perSplit.values.reduce(0, +) }

    public init(name: String, perSplit: [String: Int]) {
        self.name = name
        self.perSplit = perSplit
    }
}

public enum MSPPodcastCounts {
    /// Releases with complete per-split totals: 1.11 (official page: 151,654 turns) and the Odyssey 2024
    /// challenge release (its readme: 119,421 turns). v1.8, 1.12 and 2.0 lack complete published totals.
    public static let releases = [
        MSPPodcastRelease(name: "1.11", perSplit: ["Train": 84_030, "Development": 19_815, "Test1": 30_647,
                                                   "Test2": 14_815, "Test3": 2_347]),
        MSPPodcastRelease(name: "Odyssey 2024 challenge", perSplit: ["Train": 84_260, "Development": 31_961,
                                                                     "Test3": 3_200]),
    ]

    /// One warning per partition whose row count differs from the release's published total.
    static func check(_ perSplit: [String: Int], release: MSPPodcastRelease) -> [String] {
        Set(perSplit.keys).union(release.perSplit.keys).sorted().compactMap { split in
            let found = perSplit[split] ?? 0, expected = release.perSplit[split] ?? 0
            return found == expected ? nil : "\(split): \(found) rows, release \(release.name) publishes \(expected)"
        }
    }
}
