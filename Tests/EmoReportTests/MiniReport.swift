// A fixed small input shared by the report tests: two runs of 24 utterances, 4 speakers, 2 folds.

import EmoMetrics
import EmoReport
import EmoTestSupport
import EmoTypes
import Foundation

enum MiniReport {
    static let labels = ["ang", "hap", "neu", "sad"]

    /// Run items: utterance i has truth i % 4, speaker i / 6 (mixed classes), fold 1 for i < 12 else 2.
    /// `predicted(i)` gives the prediction (4 = "other").
    static func items(_ predicted: (Int) -> Int) -> [ScoredItem] {
        (0..<24).map { i in
            ScoredItem(utterance: "utt" + (i < 10 ? "0" : "") + "\(i)", truth: i % 4, predicted: predicted(i),
                       speaker: "spk\(i / 6)", fold: i < 12 ? "1" : "2")
        }
    }

    static let settings = BootstrapSettings(resamples: 1000, seed: 11)

    static let seedItems = items { i in i % 5 == 0 ? (i + 1) % 4 : i % 4 }
    // Full policy: every 7th utterance goes to "other", every 6th is off by two; 2 utterances failed.
    static let fullItems = items { i in i % 7 == 3 ? 4 : (i % 6 == 0 ? (i + 2) % 4 : i % 4) }
        .filter { $0.utterance != "utt22" && $0.utterance != "utt23" }

    static let recipe = RecipeProvenance(name: "iemocap-mini", path: "Recipes/iemocap-mini.yaml",
                                         sha256: String(repeating: "ab", count: 32),
                                         description: "A tiny fixed input for golden tests.",
                                         corpus: "iemocap-mini", labels: labels)

    static func runs() throws -> [RunSection] {
        let e2vMap = ["angry": "ang", "happy": "hap", "neutral": "neu", "sad": "sad"]
        let seed = RunSection(
            name: "run 1",
            model: ModelProvenance(variant: "emotion2vec_plus_seed", family: "emotion2vec",
                                   checkpointSHA256: String(repeating: "1", count: 64),
                                   labels: ["angry", "disgusted", "fearful", "happy", "neutral", "other", "sad",
                                            "surprised", "unknown"]),
            toolkitVersions: ["0.1.0"], status: "complete", policy: .restricted, labelMap: e2vMap,
            corpusUtterances: 24, failures: FailureSummary(),
            metrics: try evaluateRun(items: seedItems, labels: labels, hasOther: false, bootstrap: settings))
        let full = RunSection(
            name: "run 2",
            model: ModelProvenance(variant: "emotion2vec_plus_base", family: "emotion2vec",
                                   checkpointSHA256: String(repeating: "2", count: 64), labels: seed.model.labels),
            toolkitVersions: ["0.1.0"], status: "complete", policy: .full, labelMap: e2vMap,
            corpusUtterances: 24,
            failures: FailureSummary(countsByKind: ["too-short": 1, "unreadable-audio": 1], examples: [
                .init(utterance: "utt22", kind: "too-short", message: "120 samples, the model needs 400"),
                .init(utterance: "utt23", kind: "unreadable-audio", message: "utt23.wav: not a sound file"),
            ]),
            metrics: try evaluateRun(items: fullItems, labels: labels, hasOther: true, bootstrap: settings))
        return [seed, full]
    }

    static let references = [
        PublishedFigure(model: "emotion2vec_plus_seed", figures: [.ua: 73.2, .wa: 69.6, .macroF1: 70.1],
                        evaluationProtocol: "Zero-shot on EmoBox_test (undisclosed subset), 4 primary classes.",
                        source: "emotion2vec+ Table IV", caveat: "F1 is probably macro-F1.",
                        seenInTraining: .partly, sameProtocol: false),
        PublishedFigure(model: "emotion2vec_plus_large", figures: [.ua: 70.7, .wa: 67.3],
                        evaluationProtocol: "Zero-shot on EmoBox_test.", source: "emotion2vec+ Table IV"),
    ]

    static func input() throws -> ReportInput {
        ReportInput(recipe: recipe, generated: "2026-11-22", toolkitVersion: "0.1.0", runs: try runs(),
                    references: references, bootstrap: settings, figurePrefix: "mini")
    }

    static func comparisonInput() throws -> ComparisonInput {
        let runs = try runs()
        let comparison = try compareRuns([RunItems(name: "run 1", items: seedItems, hasOther: false),
                                          RunItems(name: "run 2", items: fullItems, hasOther: true)],
                                         labels: labels, settings: settings)
        return ComparisonInput(recipe: recipe, generated: "2026-11-22", toolkitVersion: "0.1.0", runs: runs,
                               comparison: comparison, bootstrap: settings)
    }

    /// Compares `text` with the golden file, or rewrites it when EMOEVAL_UPDATE_GOLDEN=1.
    static func matchesGolden(_ text: String, _ name: String) throws -> Bool {
        let url = Fixture.url("reports/\(name)")
        if ProcessInfo.processInfo.environment["EMOEVAL_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return try String(contentsOf: url, encoding: .utf8) == text
    }
}
