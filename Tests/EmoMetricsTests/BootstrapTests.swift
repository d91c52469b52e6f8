// Bootstrap determinism, speaker resampling, the PRNG and paired comparison.

import Testing
@testable import EmoMetrics

private let labels = ["ang", "hap", "neu", "sad"]

/// 4 speakers × 20 utterances; each speaker's accuracy differs so speaker resampling matters.
private func sampleItems(errorsPerSpeaker: [Int] = [2, 6, 10, 4], shift: Int = 1) -> [ScoredItem] {
    var items: [ScoredItem] = []
    for (s, errors) in errorsPerSpeaker.enumerated() {
        for u in 0..<20 {
            let truth = u % 4
            let predicted = u < errors ? (truth + shift) % 4 : truth
            items.append(ScoredItem(utterance: "s\(s)_u\(u)", truth: truth, predicted: predicted,
                                    speaker: "spk\(s)", fold: "\(s / 2 + 1)"))
        }
    }
    return items
}

@Suite("Bootstrap")
struct BootstrapTests {
    @Test("SplitMix64 reproduces the reference stream for seed 1234567")
    func splitMixReference() {
        // First two outputs of splitmix64 (Vigna, splitmix64.c) for seed 1234567, the values commonly used
        // to check ports; re-derived with a 6-line Python transcription of splitmix64.c.
        var g = SplitMix64(seed: 1_234_567)
        #expect(g.next() == 6_457_827_717_110_365_317)
        #expect(g.next() == 3_203_168_211_198_807_973)
    }

    @Test("same seed, same intervals; other seed, other intervals")
    func determinism() throws {
        let items = sampleItems()
        let s = BootstrapSettings(resamples: 1000, seed: 42)
        let a = try bootstrapIntervals(items: items, labels: labels, hasOther: false, settings: s)
        let b = try bootstrapIntervals(items: items.reversed(), labels: labels, hasOther: false, settings: s)
        #expect(a == b)   // clusters are ordered by speaker, not by item order
        let c = try bootstrapIntervals(items: items, labels: labels, hasOther: false,
                                       settings: BootstrapSettings(resamples: 1000, seed: 43))
        #expect(a != c)
        #expect(a.wa.unit == .speaker && a.wa.units == 4 && a.wa.resamples == 1000)
    }

    @Test("the interval brackets the point estimate and speaker resampling is wider than utterance resampling")
    func widths() throws {
        let items = sampleItems(errorsPerSpeaker: [0, 2, 14, 16])
        let wa = ClassificationMetrics(confusion: try ConfusionMatrix(
            labels: labels, hasOther: false, truth: items.map(\.truth), predicted: items.map(\.predicted))).wa
        let bySpeaker = try bootstrapIntervals(items: items, labels: labels, hasOther: false)
        let anonymous = items.map { ScoredItem(utterance: $0.utterance, truth: $0.truth, predicted: $0.predicted) }
        let byUtterance = try bootstrapIntervals(items: anonymous, labels: labels, hasOther: false)
        #expect(byUtterance.wa.unit == .utterance && byUtterance.wa.units == 80)
        #expect(bySpeaker.wa.lower <= wa && wa <= bySpeaker.wa.upper)
        #expect(bySpeaker.wa.upper - bySpeaker.wa.lower > byUtterance.wa.upper - byUtterance.wa.lower)
    }

    @Test("quantile interpolates like numpy")
    func quantiles() {
        #expect(quantile(sorted: [1, 2, 3, 4], 0.5) == 2.5)
        #expect(quantile(sorted: [0, 10], 0.025) == 0.25)
        #expect(quantile(sorted: [5], 0.975) == 5)
    }

    @Test("bad settings are rejected")
    func badSettings() {
        #expect(throws: MetricsError.self) {
            try bootstrapIntervals(items: sampleItems(), labels: labels, hasOther: false,
                                   settings: BootstrapSettings(resamples: 0))
        }
    }

    @Test("paired comparison: McNemar counts, deltas, determinism")
    func paired() throws {
        let a = RunItems(name: "A", items: sampleItems(errorsPerSpeaker: [4, 4, 4, 4]), hasOther: false)
        // B keeps two of A's four errors per speaker and adds none: b = 0, c = 8.
        let b = RunItems(name: "B", items: sampleItems(errorsPerSpeaker: [2, 2, 2, 2]), hasOther: false)
        let r = try comparePaired(a, b, labels: labels, settings: BootstrapSettings(resamples: 500, seed: 9))
        #expect(r.commonCount == 80)
        #expect(r.mcNemar.firstOnlyCorrect == 0 && r.mcNemar.secondOnlyCorrect == 8)
        #expect(abs(r.mcNemar.pValue - 0.0078125) < 1e-15)   // 2 · 0.5^8
        #expect(abs(r.deltaWA.estimate - 8.0 / 80) < 1e-12)
        #expect(r.deltaWA.interval.lower > 0)   // B is better on every speaker
        let again = try comparePaired(a, b, labels: labels, settings: BootstrapSettings(resamples: 500, seed: 9))
        #expect(again == r)
        // A errs on utterances 0–3 of each speaker (classes 0–3), B on 0–1: recall rises for classes 2, 3 only.
        // Each class has 20 items; B fixes 4 of them for classes 2 and 3.
        #expect(zip(r.recallDeltas, [0, 0, 0.2, 0.2]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test("runs with nothing in common cannot be paired")
    func disjoint() {
        let a = RunItems(name: "A", items: [ScoredItem(utterance: "x", truth: 0, predicted: 0)], hasOther: false)
        let b = RunItems(name: "B", items: [ScoredItem(utterance: "y", truth: 0, predicted: 0)], hasOther: false)
        #expect(throws: MetricsError.nothingInCommon(first: "A", second: "B")) {
            try comparePaired(a, b, labels: labels)
        }
    }
}
