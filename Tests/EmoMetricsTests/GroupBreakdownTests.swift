// Group tables, gaps, audmetric's unweighted average bias, duration bands and paired group deltas.

import Testing
@testable import EmoMetrics

private let labels = ["c0", "c1", "c2", "c3"]

private func items(_ c: BreakdownReference.GroupCase) -> [ScoredItem] {
    c.truth.indices.map { i in
        ScoredItem(utterance: String(format: "u%03d", i), truth: c.truth[i], predicted: c.predicted[i],
                   speaker: c.speakers[i])
    }
}

@Suite("GroupBreakdown")
struct GroupBreakdownTests {
    @Test("per-group N, WA, UA, macro-F1 and the bias match scikit-learn and audmetric to 1e-12")
    func reference() throws {
        let c = try BreakdownReference.load().groups
        let breakdown = try evaluateGroups(items: items(c), groupOf: c.groups, variable: "gender", labels: labels,
                                           hasOther: true, order: ["male", "female"],
                                           settings: BootstrapSettings(resamples: 200, seed: 3))
        #expect(breakdown.groups.map(\.group) == ["male", "female", "unknown"])   // order, then the rest sorted
        for group in breakdown.groups {
            let e = try #require(c.expected[group.group])
            #expect(group.metrics.count == e.count)
            #expect(near(group.metrics.wa, e.wa) && near(group.metrics.ua, e.ua) && near(group.metrics.macroF1, e.macroF1))
            #expect(group.speakers == 12)
            let ua = try #require(group.intervals?[.ua])
            #expect(ua.lower <= group.metrics.ua && group.metrics.ua <= ua.upper && ua.unit == .speaker)
        }
        #expect(near(try #require(breakdown.unweightedAverageBias), try #require(c.unweightedAverageBias)))
    }

    @Test("a corpus with a known gap: the gap names the groups and its interval excludes 0")
    func knownGap() throws {
        let c = try BreakdownReference.load().groups
        let breakdown = try evaluateGroups(items: items(c), groupOf: c.groups, variable: "gender", labels: labels,
                                           hasOther: true, settings: BootstrapSettings(resamples: 300, seed: 3))
        let gap = try #require(breakdown.gaps[.wa])
        #expect(gap.best == "female")   // right 80 % of the time by construction, the others 50 %
        #expect(near(gap.estimate, c.expected["female"]!.wa - min(c.expected["male"]!.wa, c.expected["unknown"]!.wa)))
        #expect(try #require(gap.interval).lower > 0.1)
        // Without a gap (every group right by the same rule) the UA gap interval covers 0.
        let fair = (0..<240).map { i in
            ScoredItem(utterance: "u\(i)", truth: i % 4, predicted: i % 5 == 0 ? (i + 1) % 4 : i % 4,
                       speaker: "s\(i % 12)")
        }
        let even = try evaluateGroups(items: fair, groupOf: fair.indices.map { $0 % 12 < 6 ? "a" : "b" },
                                      variable: "half", labels: labels, hasOther: false,
                                      settings: BootstrapSettings(resamples: 300, seed: 3))
        let flat = try #require(even.gaps[.ua]?.interval)
        #expect(flat.lower <= 0 && flat.upper >= 0)
    }

    @Test("audmetric unweighted_average_bias: docstring and random cases to 1e-12, NaN as nil")
    func bias() throws {
        for c in try BreakdownReference.load().bias {
            let value = unweightedAverageBias(truth: c.truth, predicted: c.predicted, groups: c.groups)
            if let expected = c.bias {
                #expect(near(try #require(value), expected), "\(c.groups)")
            } else {
                #expect(value == nil)
            }
        }
        // One group only: nothing to compare.
        #expect(unweightedAverageBias(truth: [0, 1], predicted: [0, 0], groups: ["a", "a"]) == nil)
    }

    @Test("audmetric's F-score NaN rules")
    func fscoreRules() {
        #expect(audmetricFScore(truePositives: 0, predicted: 2, support: 0) == 0)    // P = 0, R = NaN
        #expect(audmetricFScore(truePositives: 0, predicted: 0, support: 3) == 0)    // P = NaN, R = 0
        #expect(audmetricFScore(truePositives: 0, predicted: 0, support: 0).isNaN)   // both NaN
        #expect(abs(audmetricFScore(truePositives: 1, predicted: 2, support: 1) - 2.0 / 3) < 1e-15)
    }

    @Test("duration bands: [e_i, e_i+1) like numpy.digitize, names, bad edges rejected")
    func durations() throws {
        let c = try BreakdownReference.load().durations
        let bands = try DurationBands(edges: c.edges)
        #expect(c.seconds.map(bands.band(of:)) == c.bands)
        #expect(DurationBands.standard.names == ["< 1 s", "1–2 s", "2–4 s", "4–8 s", "≥ 8 s"])
        #expect(try DurationBands(edges: [0.5, 3]).names == ["< 0.5 s", "0.5–3 s", "≥ 3 s"])
        #expect(try DurationBands(edges: [3]).names == ["< 3 s", "≥ 3 s"])
        #expect(throws: MetricsError.durationBands("edges must increase, but 2.0 follows 4.0")) {
            try DurationBands(edges: [1, 4, 2])
        }
        #expect(throws: MetricsError.self) { try DurationBands(edges: [0, 1]) }
        #expect(throws: MetricsError.self) { try DurationBands(edges: []) }
    }

    @Test("without a bootstrap there are no intervals; one group has no gap")
    func noBootstrap() throws {
        let list = (0..<8).map { ScoredItem(utterance: "u\($0)", truth: $0 % 4, predicted: $0 % 4) }
        let one = try evaluateGroups(items: list, groupOf: Array(repeating: "all", count: 8), variable: "v",
                                     labels: labels, hasOther: false, settings: nil)
        #expect(one.groups.count == 1 && one.groups[0].intervals == nil && one.gaps.isEmpty)
        #expect(one.groups[0].speakers == 0 && one.groups[0].metrics.wa == 1)
    }

    @Test("paired group deltas: same draws for both runs; a run against itself differs by 0")
    func paired() throws {
        let c = try BreakdownReference.load().groups
        let list = items(c)
        var groupOf: [String: String] = [:]
        for (item, group) in zip(list, c.groups) { groupOf[item.utterance] = group }
        let a = RunItems(name: "a", items: list, hasOther: true)
        let perfect = RunItems(name: "b", items: list.map {
            ScoredItem(utterance: $0.utterance, truth: $0.truth, predicted: $0.truth, speaker: $0.speaker)
        }, hasOther: false)
        let settings = BootstrapSettings(resamples: 200, seed: 9)
        let same = try comparePairedGroups(a, a, groupOf: groupOf, variable: "gender", labels: labels, settings: settings)
        #expect(same.groups.allSatisfy { $0.deltaUA.estimate == 0 && $0.deltaUA.interval.lower == 0 })
        let better = try comparePairedGroups(a, perfect, groupOf: groupOf, variable: "gender", labels: labels,
                                             order: ["female"], settings: settings)
        #expect(better.groups.map(\.group) == ["female", "male", "unknown"])
        for group in better.groups {
            let e = try #require(c.expected[group.group])
            #expect(near(group.deltaWA.estimate, 1 - e.wa) && group.commonCount == e.count)
            #expect(group.deltaWA.interval.lower > 0)
        }
    }
}
