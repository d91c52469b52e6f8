// evaluateDimension (pooled, folds, bootstrap), paired ΔCCC, the dimension decoder and scale alignment.

import Testing
@testable import EmoMetrics

/// 4 speakers × 15 items; speaker 2's predictions are poor so speaker resampling widens the interval.
private func speakerItems(noise: [Double] = [0.1, 0.2, 1.5, 0.3], bias: Double = 0) -> [DimensionalItem] {
    var g = SplitMix64(seed: 7)
    var items: [DimensionalItem] = []
    for (s, level) in noise.enumerated() {
        for u in 0..<15 {
            let truth = 1 + Double(g.uniform(below: 31)) / 5
            let e = (Double(g.uniform(below: 2001)) / 1000 - 1) * level
            items.append(DimensionalItem(utterance: "s\(s)_u\(u)", truth: truth, predicted: truth + e + bias,
                                         speaker: "spk\(s)", fold: "\(s / 2 + 1)"))
        }
    }
    return items
}

@Suite("DimensionMetrics")
struct DimensionMetricsTests {
    @Test("per-fold figures, fold mean ± SD and pooled figures match numpy")
    func foldsAgainstReference() throws {
        let set = try DimensionalReference.load().fold_set
        let items = set.truth.indices.map {
            DimensionalItem(utterance: "u\($0)", truth: set.truth[$0], predicted: set.predicted[$0], fold: set.folds[$0])
        }
        let m = try evaluateDimension("valence", items: items, bootstrap: nil)
        #expect(m.folds.map(\.fold) == ["1", "2", "10"])
        for (fold, reference) in zip(m.folds, set.per_fold) {
            #expect(close(fold.metrics.ccc, reference.ccc) && close(fold.metrics.pearson, reference.pearson))
            #expect(close(fold.metrics.mae, reference.mae) && close(fold.metrics.rmse, reference.rmse))
        }
        let summary = try #require(m.foldSummary(.ccc))
        #expect(close(summary.mean, set.ccc_fold_mean) && close(summary.standardDeviation, set.ccc_fold_sd))
        #expect(close(m.pooled.ccc, set.pooled.ccc) && close(m.pooled.rmse, set.pooled.rmse))
        #expect(abs(summary.mean - (m.pooled.ccc ?? 0)) > 1e-3)   // CCC is not additive over folds
        #expect(m.intervals == nil)
    }

    @Test("bootstrap: deterministic per seed, independent of item order, speakers as units, brackets the estimate")
    func bootstrap() throws {
        let items = speakerItems()
        let s = BootstrapSettings(resamples: 500, seed: 11)
        let a = try evaluateDimension("arousal", items: items, bootstrap: s)
        let b = try evaluateDimension("arousal", items: items.reversed(), bootstrap: s)
        #expect(a.intervals == b.intervals)
        let ccc = try #require(a.intervals?.ccc)
        #expect(ccc.unit == .speaker && ccc.units == 4 && ccc.resamples == 500)
        let estimate = try #require(a.pooled.ccc)
        #expect(ccc.lower <= estimate && estimate <= ccc.upper)
        let other = try evaluateDimension("arousal", items: items, bootstrap: BootstrapSettings(resamples: 500, seed: 12))
        #expect(other.intervals != a.intervals)
        let anonymous = items.map { DimensionalItem(utterance: $0.utterance, truth: $0.truth, predicted: $0.predicted) }
        let byUtterance = try #require(try evaluateDimension("arousal", items: anonymous, bootstrap: s).intervals?.ccc)
        #expect(byUtterance.unit == .utterance && byUtterance.units == 60)
        #expect(ccc.upper - ccc.lower > byUtterance.upper - byUtterance.lower)
    }

    @Test("the dimensional bootstrap resamples the same units as the categorical one")
    func sameUnitsAsCategorical() throws {
        let items = speakerItems()
        let categorical = try bootstrapIntervals(
            items: items.map { ScoredItem(utterance: $0.utterance, truth: 0, predicted: 0, speaker: $0.speaker) },
            labels: ["a"], hasOther: false, settings: BootstrapSettings(resamples: 10))
        let dimensional = try bootstrapRegression(items: items, settings: BootstrapSettings(resamples: 10))
        #expect(categorical.wa.unit == dimensional.ccc?.unit && categorical.wa.units == dimensional.ccc?.units)
    }

    @Test("a NaN value is an error naming the utterance and dimension")
    func nonFinite() {
        let items = [DimensionalItem(utterance: "u1", truth: 3, predicted: .nan),
                     DimensionalItem(utterance: "u2", truth: 4, predicted: 4)]
        do {
            _ = try evaluateDimension("valence", items: items)
            Issue.record("expected an error")
        } catch {
            // NaN != NaN, so compare the message rather than the case.
            #expect(error.description.contains("utterance 'u1': valence is not a finite number"))
        }
    }

    @Test("paired ΔCCC: sign, estimate, interval and identical runs")
    func pairedDelta() throws {
        let good = speakerItems(noise: [0.1, 0.1, 0.2, 0.1])
        let worse = speakerItems(noise: [0.1, 0.1, 0.2, 0.1], bias: 0.8)
        let c = try compareDimension("arousal", first: ("run 1", good), second: ("run 2", worse),
                                     settings: BootstrapSettings(resamples: 400, seed: 3))
        let delta = try #require(c.deltaCCC)
        let expected = try #require(evaluateDimension("arousal", items: worse, bootstrap: nil).pooled.ccc)
            - (try #require(evaluateDimension("arousal", items: good, bootstrap: nil).pooled.ccc))
        #expect(close(delta.estimate, expected))
        #expect(delta.estimate < 0 && delta.interval.upper < 0)   // a bias of 0.8 always costs CCC
        #expect(c.commonCount == 60 && delta.interval.unit == .speaker)
        let same = try compareDimension("arousal", first: ("a", good), second: ("b", good))
        #expect(same.deltaCCC?.estimate == 0 && same.deltaCCC?.interval.lower == 0 && same.deltaCCC?.interval.upper == 0)
        #expect(throws: MetricsError.nothingInCommon(first: "a", second: "b")) {
            try compareDimension("arousal", first: ("a", good), second: ("b", []))
        }
    }

    @Test("decoder: by label name, by index, defaults by name; bad outputs are errors")
    func decoder() throws {
        let labels = ["arousal", "dominance", "valence"]
        let byName = try DimensionDecoder(modelLabels: labels, dimensions: ["arousal", "valence", "dominance"], outputs: [:])
        #expect(byName.outputIndex == ["arousal": 0, "dominance": 1, "valence": 2])
        #expect(try byName.decode([0.25, 0.5, 0.75]) == ["arousal": 0.25, "dominance": 0.5, "valence": 0.75])
        let byIndex = try DimensionDecoder(modelLabels: ["LABEL_0", "LABEL_1"], dimensions: ["arousal", "valence"],
                                           outputs: ["arousal": "1", "valence": "0"])
        #expect(byIndex.outputIndex == ["arousal": 1, "valence": 0])
        #expect(throws: MetricsError.dimensionOutput(dimension: "valence", output: "5", modelLabels: ["a", "b"])) {
            try DimensionDecoder(modelLabels: ["a", "b"], dimensions: ["valence"], outputs: ["valence": "5"])
        }
        #expect(throws: MetricsError.noDimensionMapped(modelLabels: ["neu", "ang"], dimensions: ["valence"])) {
            try DimensionDecoder(modelLabels: ["neu", "ang"], dimensions: ["valence"], outputs: [:])
        }
        #expect(throws: MetricsError.scoreCount(utterance: "u", expected: 3, got: 2)) {
            try byName.decode([1, 2], utterance: "u")
        }
    }

    @Test("scale alignment maps one side linearly; CCC equal both ways, MAE in the target units")
    func alignment() throws {
        let toModel = ScaleAlignment(labelRange: 1...7, modelRange: 0...1, direction: .labelsToModel)
        #expect(toModel.truth(1) == 0 && toModel.truth(7) == 1 && toModel.truth(4) == 0.5 && toModel.prediction(0.3) == 0.3)
        let toLabels = ScaleAlignment(labelRange: 1...7, modelRange: 0...1, direction: .modelToLabels)
        #expect(toLabels.prediction(0.5) == 4 && toLabels.truth(3) == 3)
        #expect(toModel.summary.contains("1…7") && toModel.summary.contains("0…1") && toModel.summary.contains("labels-to-model"))
        let truth: [Double] = [1, 2.4, 3.8, 5, 6.6], predicted: [Double] = [0.1, 0.3, 0.35, 0.7, 0.8]
        let a = RegressionMetrics(truth: truth.map(toModel.truth), predicted: predicted.map(toModel.prediction))
        let b = RegressionMetrics(truth: truth.map(toLabels.truth), predicted: predicted.map(toLabels.prediction))
        #expect(close(a.ccc, b.ccc) && close(a.pearson, b.pearson))
        #expect(close((a.mae ?? 0) * 6, b.mae))
        #expect(ScaleAlignment(labelRange: 1...5, modelRange: 1...5, direction: .labelsToModel).isIdentity)
    }
}
