// Restricted versus full argmax on crafted score vectors (docs/specs/protocols-and-peers.md §7).

import Testing
@testable import EmoMetrics

/// emotion2vec+ 9 classes in tokens.txt order and the IEMOCAP 4-class map.
private let e2vLabels = ["angry", "disgusted", "fearful", "happy", "neutral", "other", "sad", "surprised", "unknown"]
private let iemocap = ["ang", "hap", "neu", "sad"]
private let e2vMap = ["angry": "ang", "happy": "hap", "neutral": "neu", "sad": "sad"]

@Suite("LabelDecoder")
struct LabelDecoderTests {
    // surprised wins overall (0.40); among the mapped classes happy (0.25) wins.
    let scores: [Float] = [0.05, 0.02, 0.03, 0.25, 0.20, 0.01, 0.04, 0.40, 0.00]

    @Test("restricted argmax picks the best mapped class")
    func restricted() throws {
        let d = try LabelDecoder(modelLabels: e2vLabels, datasetLabels: iemocap, labelMap: e2vMap,
                                 policy: .restricted)
        #expect(try d.decode(scores) == 1)
        #expect(!d.hasOtherColumn)
    }

    @Test("full argmax sends an unmapped winner to the other column")
    func full() throws {
        let d = try LabelDecoder(modelLabels: e2vLabels, datasetLabels: iemocap, labelMap: e2vMap, policy: .full)
        #expect(try d.decode(scores) == d.otherIndex)
        #expect(d.otherIndex == 4 && d.hasOtherColumn)
        // When a mapped class wins overall, both policies agree.
        let sad: [Float] = [0.1, 0, 0, 0.1, 0.1, 0, 0.6, 0.1, 0]
        #expect(try d.decode(sad) == 3)
    }

    @Test("restricted argmax equals full argmax after masking the other logits to -inf")
    func maskingEquivalence() throws {
        let r = try LabelDecoder(modelLabels: e2vLabels, datasetLabels: iemocap, labelMap: e2vMap, policy: .restricted)
        let f = try LabelDecoder(modelLabels: e2vLabels, datasetLabels: iemocap, labelMap: e2vMap, policy: .full)
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let logits = (0..<9).map { _ in Float(generator.uniform(below: 1000)) / 100 - 5 }
            let masked = logits.enumerated().map { r.datasetClassOfModelClass[$0.offset] == nil ? -Float.infinity : $0.element }
            #expect(try r.decode(logits) == f.decode(masked))
        }
    }

    @Test("class scores: the best mapped model class per dataset class, plus other under full; their argmax is the decision")
    func classScores() throws {
        let r = try LabelDecoder(modelLabels: e2vLabels, datasetLabels: iemocap, labelMap: e2vMap, policy: .restricted)
        let f = try LabelDecoder(modelLabels: e2vLabels, datasetLabels: iemocap, labelMap: e2vMap, policy: .full)
        #expect(try r.classScores(scores) == [0.05, 0.25, 0.20, 0.04])
        #expect(try f.classScores(scores) == [0.05, 0.25, 0.20, 0.04, 0.40])   // other = surprised
        // Two model classes mapped to one dataset class: the higher one speaks for it.
        let merged = try LabelDecoder(modelLabels: e2vLabels, datasetLabels: iemocap,
                                      labelMap: e2vMap.merging(["surprised": "hap"]) { a, _ in a }, policy: .restricted)
        #expect(try merged.classScores(scores) == [0.05, 0.40, 0.20, 0.04])
        var generator = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let values = (0..<9).map { _ in Float(generator.uniform(below: 1 << 20)) / Float(1 << 20) }   // ties: ~1e-5
            for d in [r, f] {
                let classes = try d.classScores(values)
                let best = classes.indices.max { classes[$0] < classes[$1] || (classes[$0] == classes[$1] && $0 > $1) }
                #expect(try d.decode(values) == best)
            }
        }
        #expect(throws: MetricsError.scoreCount(utterance: "u", expected: 9, got: 2)) { try r.classScores([1, 2], utterance: "u") }
    }

    @Test("ties go to the first class; NaN never wins")
    func tiesAndNaN() throws {
        let d = try LabelDecoder(modelLabels: ["neu", "ang", "hap", "sad"], datasetLabels: iemocap, labelMap: [:],
                                 policy: .full)
        #expect(try d.decode([0.3, 0.3, 0.2, 0.2]) == 2)   // "neu" is dataset class 2
        #expect(try d.decode([.nan, 0.1, 0.5, 0.4]) == 1)
        #expect(throws: MetricsError.noFiniteScore(utterance: "u")) { try d.decode([.nan, .nan, .nan, .nan], utterance: "u") }
        #expect(throws: MetricsError.scoreCount(utterance: "u", expected: 4, got: 3)) { try d.decode([1, 2, 3], utterance: "u") }
    }

    @Test("bad label maps are rejected with the offending label")
    func badMaps() {
        #expect(throws: MetricsError.mapTargetNotInLabelSet(modelLabel: "angry", datasetLabel: "anger", labelSet: iemocap)) {
            try LabelDecoder(modelLabels: e2vLabels, datasetLabels: iemocap, labelMap: ["angry": "anger"], policy: .full)
        }
        #expect(throws: MetricsError.mapSourceNotInModel(modelLabel: "joy", modelLabels: e2vLabels)) {
            try LabelDecoder(modelLabels: e2vLabels, datasetLabels: iemocap, labelMap: ["joy": "hap"], policy: .full)
        }
        // An empty map matches labels by spelling; "angry" ≠ "ang", so nothing maps.
        #expect(throws: MetricsError.nothingMapped(modelLabels: ["angry", "happy"], labelSet: iemocap)) {
            try LabelDecoder(modelLabels: ["angry", "happy"], datasetLabels: iemocap, labelMap: [:], policy: .full)
        }
    }
}
