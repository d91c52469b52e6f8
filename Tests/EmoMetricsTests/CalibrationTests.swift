// ECE, MCE, Brier, NLL and reliability bins against the numpy / scikit-learn reference, the two
// extreme cases, score-scale detection, policy renormalisation and the bootstrap.

import Foundation
import Testing
@testable import EmoMetrics

private func items(_ c: BreakdownReference.CalibrationCase) -> [CalibrationItem] {
    c.truth.indices.map { i in
        CalibrationItem(utterance: "u\(i)", truth: c.truth[i], predicted: c.predicted[i],
                        probabilities: c.probabilities[i], speaker: "spk\(i % 7)")
    }
}

@Suite("Calibration")
struct CalibrationTests {
    @Test("matches numpy/scikit-learn to 1e-12 (4 classes; and with an 'other' column)", arguments: [false, true])
    func reference(withOther: Bool) throws {
        let reference = try BreakdownReference.load()
        let c = withOther ? reference.calibrationWithOther : reference.calibration
        let m = CalibrationMetrics(items: items(c))
        let e = c.expected
        #expect(near(m.ece, e.ece) && near(m.mce, e.mce) && near(m.brier, e.brier) && near(m.nll, e.nll))
        #expect(near(m.meanConfidence, e.meanConfidence) && near(m.accuracy, e.accuracy))
        #expect(m.bins.count == 15 && m.count == c.truth.count)
        for (bin, expected) in zip(m.bins, e.bins) {
            #expect(bin.count == expected.count)
            #expect(bin.confidence.map { near($0, expected.confidence ?? .nan) } ?? (expected.confidence == nil))
            #expect(bin.accuracy.map { near($0, expected.accuracy ?? .nan) } ?? (expected.accuracy == nil))
        }
        if withOther { #expect(c.predicted.contains(4)) }   // the case really predicts "other"
    }

    @Test("perfect calibration: in every bin the accuracy equals the confidence, so ECE = MCE = 0")
    func perfect() {
        // 10 items at confidence 0.9 (9 right) and 4 at 0.5 (2 right), two classes.
        var list: [CalibrationItem] = []
        for i in 0..<10 {
            list.append(CalibrationItem(utterance: "a\(i)", truth: i < 9 ? 0 : 1, predicted: 0, probabilities: [0.9, 0.1]))
        }
        for i in 0..<4 {
            list.append(CalibrationItem(utterance: "b\(i)", truth: i < 2 ? 1 : 0, predicted: 1, probabilities: [0.5, 0.5]))
        }
        let m = CalibrationMetrics(items: list)
        #expect(abs(m.ece) < 1e-15 && abs(m.mce) < 1e-15)
        #expect(m.bins.filter { $0.count > 0 }.map(\.count) == [4, 10])
        // Brier: 9·(0.01+0.01) + 1·(0.81+0.81) + 4·(0.25+0.25) over 14.
        #expect(near(m.brier, (9 * 0.02 + 1.62 + 4 * 0.5) / 14))
    }

    @Test("maximally wrong: confidence 1 and always wrong gives ECE = MCE = 1, Brier = 2, NLL = −ln 1e−15")
    func maximallyWrong() {
        let list = (0..<6).map { i in
            CalibrationItem(utterance: "u\(i)", truth: (i + 1) % 3, predicted: i % 3,
                            probabilities: (0..<3).map { $0 == i % 3 ? 1.0 : 0.0 })
        }
        let m = CalibrationMetrics(items: list)
        #expect(m.ece == 1 && m.mce == 1 && m.brier == 2)
        #expect(near(m.nll, -log(1e-15)))
        #expect(m.bins.last?.count == 6 && m.bins.last?.accuracy == 0)
    }

    @Test("bins are (b/15, (b+1)/15]: an edge value goes to the lower bin, 0 to the first")
    func binEdges() {
        let edges = CalibrationMetrics.binEdges(15)
        #expect(edges.first == 0 && edges.last == 1 && edges.count == 16)
        #expect(CalibrationMetrics.bin(of: 0, edges: edges) == 0)
        #expect(CalibrationMetrics.bin(of: edges[1], edges: edges) == 0)
        #expect(CalibrationMetrics.bin(of: edges[1].nextUp, edges: edges) == 1)
        #expect(CalibrationMetrics.bin(of: 1, edges: edges) == 14)
    }

    @Test("restricted renormalises over the mapped classes; full keeps the unmapped mass as 'other'")
    func columnProbabilities() throws {
        let modelLabels = ["angry", "happy", "neutral", "sad", "surprised"]
        let map = ["angry": "ang", "happy": "hap", "neutral": "neu", "sad": "sad"]
        let scores: [Float] = [0.1, 0.2, 0.1, 0.1, 0.5]
        let restricted = try LabelDecoder(modelLabels: modelLabels, datasetLabels: ["neu", "hap", "ang", "sad"],
                                          labelMap: map, policy: .restricted)
        let p = try restricted.columnProbabilities(scores, scale: .probabilities)
        #expect(p.count == 4)
        #expect(near(p[1], 0.4, 1e-6) && near(p[0], 0.2, 1e-6) && near(p.reduce(0, +), 1))
        let full = try LabelDecoder(modelLabels: modelLabels, datasetLabels: ["neu", "hap", "ang", "sad"],
                                    labelMap: map, policy: .full)
        let q = try full.columnProbabilities(scores, scale: .probabilities)
        #expect(q.count == 5 && near(q[4], 0.5, 1e-6) && full.columnCount == 5)
        #expect(try full.decode(scores) == 4)   // the decoder's "other" is the column holding 0.5
        let logs = scores.map { Float(log(Double($0))) }
        let fromLogs = try full.columnProbabilities(logs, scale: .logProbabilities)
        #expect(zip(q, fromLogs).allSatisfy { near($0, $1, 1e-6) })
    }

    @Test("score scale: probabilities, log-probabilities, or neither (named)")
    func scoreScale() {
        #expect(ScoreScale.of([0.2, 0.8], utterance: "a") == .probabilities)
        #expect(ScoreScale.of([Float(log(0.2)), Float(log(0.8))], utterance: "a") == .logProbabilities)
        #expect(ScoreScale.of([2.5, -1.0], utterance: "x") == .unknown(utterance: "x"))
        #expect(ScoreScale.of([0.2, 0.2], utterance: "y") == .unknown(utterance: "y"))
        #expect(ScoreScale.of([.nan, 1], utterance: "z") == .unknown(utterance: "z"))
    }

    @Test("bootstrap: deterministic, brackets the estimate, resamples speakers; bad indices are named")
    func bootstrap() throws {
        let list = items(try BreakdownReference.load().calibration)
        let settings = BootstrapSettings(resamples: 300, seed: 5)
        let a = try evaluateCalibration(items: list, settings: settings)
        let b = try evaluateCalibration(items: list.reversed(), settings: settings)
        #expect(a == b)
        let ece = try #require(a.intervals?[.ece])
        #expect(ece.lower <= a.metrics.ece && a.metrics.ece <= ece.upper && ece.unit == .speaker && ece.units == 7)
        let nll = try #require(a.intervals?[.nll])
        #expect(nll.lower < nll.upper)
        #expect(try evaluateCalibration(items: list, settings: nil).intervals == nil)
        let bad = [CalibrationItem(utterance: "x", truth: 3, predicted: 0, probabilities: [1, 0])]
        #expect(throws: MetricsError.classIndex(utterance: "x", index: 3, classCount: 2)) {
            try evaluateCalibration(items: bad)
        }
    }

    @Test("paired calibration: a run compared with itself differs by exactly 0")
    func pairedSelf() throws {
        let list = items(try BreakdownReference.load().calibration)
        let same = try comparePairedCalibration(first: "a", list, second: "b", list,
                                                settings: BootstrapSettings(resamples: 50, seed: 1))
        #expect(same.commonCount == list.count)
        for metric in CalibrationMetric.allCases {
            #expect(same.deltas[metric]?.estimate == 0 && same.deltas[metric]?.interval.upper == 0)
        }
        // A sharpened copy (all mass on the prediction) is worse calibrated here: ΔECE > 0.
        let sharp = list.map { item in
            CalibrationItem(utterance: item.utterance, truth: item.truth, predicted: item.predicted,
                            probabilities: item.probabilities.indices.map { $0 == item.predicted ? 1 : 0 },
                            speaker: item.speaker)
        }
        let worse = try comparePairedCalibration(first: "a", list, second: "sharp", sharp,
                                                 settings: BootstrapSettings(resamples: 200, seed: 1))
        let delta = try #require(worse.deltas[.ece])
        #expect(delta.estimate > 0 && delta.interval.lower > 0)
    }
}
