// Comparing what an importer found with a release's published counts: one "expected vs found" line per
// difference, used for `ImportResult.countMismatches`.

/// Published counts of a release, compared with what was imported.
public enum ReleaseCounts {
    /// One line per key whose count differs: `<what> <key>: expected <n>, found <m>` (keys sorted; keys
    /// found but not expected are listed with expected 0).
    public static func compare(_ found: [String: Int], expected: [String: Int], what: String) -> [String] {
        Set(found.keys).union(expected.keys).sorted().compactMap { key in
            let have = found[key] ?? 0, want = expected[key] ?? 0
            return have == want ? nil : "\(what) \(key): expected \(want), found \(have)"
        }
    }

    /// `total: expected <n>, found <m>` when they differ.
    public static func compareTotal(_ found: Int, expected: Int, what: String = "utterances") -> [String] {
        found == expected ? [] : ["\(what): expected \(expected), found \(found)"]
    }

    /// Number of items per value of `key` (nil values are not counted).
    static func tally<T>(_ items: [T], by key: (T) -> String?) -> [String: Int] {
        var counts: [String: Int] = [:]
        for item in items { if let value = key(item) { counts[value, default: 0] += 1 } }
        return counts
    }
}
