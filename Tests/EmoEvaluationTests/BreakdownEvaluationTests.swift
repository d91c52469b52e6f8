// Breakdowns computed by StoredEvaluation from stored scores: the score scale decides whether calibration is
// computed (probabilities, log-probabilities) or left out with its reason (raw scores); gender and the
// recipe's groups come from the data directory; duration bands from the stored audio length.
import EmoCorpus
import EmoEvaluation
import EmoMetrics
import EmoReport
import EmoStore
import EmoTestSupport
import Foundation
import Testing

/// Six utterances (3 female, 3 male speakers' clips of 0.5–9 s) scored by three models whose stored vectors
/// are probabilities, the same probabilities as logs, and raw scores.
private struct BreakdownSample {
    static let modelLabels = ["angry", "happy", "neutral", "sad", "other"]
    static let labels = ["neu", "hap", "ang", "sad"]
    static let truth = ["neu", "hap", "ang", "sad", "neu", "hap"]
    static let seconds = [0.5, 1.5, 3.0, 9.0, 1.2, 4.5]
    /// Probabilities; u1 and u5 are wrong (predicted neutral).
    static let probabilities: [[Float]] = [
        [0.1, 0.1, 0.6, 0.1, 0.1], [0.1, 0.2, 0.5, 0.1, 0.1], [0.7, 0.1, 0.1, 0.05, 0.05],
        [0.1, 0.1, 0.1, 0.6, 0.1], [0.05, 0.05, 0.8, 0.05, 0.05], [0.1, 0.3, 0.4, 0.1, 0.1],
    ]

    let directory: URL
    let store: EvalStore
    let recipe: Recipe
    var runs: [Int64] = []

    init() throws {
        directory = try Fixture.temporaryDirectory("emoeval-breakdowns")
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let ids = (0..<6).map { "u\($0)" }
        try ids.enumerated().map { "\($1) \($0 % 2 == 0 ? "female" : "male")\n" }.joined()
            .write(to: data.appendingPathComponent("utt2gender"), atomically: true, encoding: .utf8)
        try ids.enumerated().map { "\($1) \($0 < 3 ? "read" : "spontaneous")\n" }.joined()
            .write(to: data.appendingPathComponent("utt2style"), atomically: true, encoding: .utf8)
        recipe = try parseRecipe("""
            name: breakdowns
            data: data
            labels: [neu, hap, ang, sad]
            groups: [style]
            duration_bands: [1, 2, 4]
            models:
              emotion2vec:
                label_map: {neutral: neu, happy: hap, angry: ang, sad: sad}
            """, path: directory.appendingPathComponent("r.yaml").path)
        store = try EvalStore.inMemory()
        let utterances = Self.truth.enumerated().map { i, label in
            UtteranceRecord(key: "u\(i)", audioPath: "/data/u\(i).wav", label: label, speaker: "s\(i % 2)\(i / 2)",
                            fold: nil, duration: Self.seconds[i])
        }
        let (corpus, stored) = try store.ensureCorpus(
            CorpusRecord(name: "breakdowns", recipePath: "r.yaml", recipeSHA256: "r",
                         audioSetSHA256: CorpusRecord.audioSetSHA256(of: utterances), labels: Self.labels),
            utterances: utterances)
        let variants: [(String, (Float) -> Float)] = [("probabilities", { $0 }), ("logs", { Float(log(Double($0))) }),
                                                      ("raw", { $0 * 5 - 1 })]
        for (variant, transform) in variants {
            let model = try store.ensureModel(ModelRecord(
                family: "emotion2vec", variant: variant, directory: "/m/\(variant)", checkpointSHA256: variant,
                labels: Self.modelLabels, rawLabels: Self.modelLabels, embeddingDim: 2, config: nil))
            let run = try store.ensureRun(identity: variant, corpusId: corpus.id!, modelId: model.id!,
                                          options: RunOptions())
            let predictions = Self.probabilities.enumerated().map { i, p in
                PredictionRecord(runId: run.id, utteranceId: stored[i].id!, scores: p.map(transform), topLabel: nil,
                                 topScore: nil, embedding: nil, audioSeconds: Self.seconds[i], decodeSeconds: 0,
                                 inferenceSeconds: 0)
            }
            try store.commit(predictions: predictions, failures: [], sessionId: nil)
            runs.append(run.id)
        }
    }

    func evaluate() throws -> StoredEvaluation {
        try StoredEvaluation(recipe: recipe, store: store, databaseName: "b.sqlite",
                             selection: EvaluationSelection(bootstrap: BootstrapSettings(resamples: 200, seed: 4)))
    }
}

@Suite struct BreakdownEvaluationTests {
    @Test func calibrationFromProbabilitiesAndLogProbabilitiesAgreeAndRawScoresAreLeftOut() throws {
        let sample = try BreakdownSample()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let sections = try sample.evaluate().sections
        let probabilities = try #require(sections[0].breakdowns?.calibration?.metrics)
        let logs = try #require(sections[1].breakdowns?.calibration?.metrics)
        // Restricted: u0's confidence is 0.6 / 0.9 (the "other" class's 0.1 is renormalised away).
        let confidenceA: Double = probabilities.bins.compactMap(\.confidence).reduce(0, +)
        let confidenceB: Double = logs.bins.compactMap(\.confidence).reduce(0, +)
        #expect(abs(confidenceA - confidenceB) < 1e-6)
        #expect(abs(probabilities.ece - logs.ece) < 1e-6 && abs(probabilities.nll - logs.nll) < 1e-6)
        #expect(abs(probabilities.accuracy - 4.0 / 6) < 1e-12)
        #expect(sections[0].breakdowns?.calibrationBasis.contains("renormalising over the 4 model classes") == true)
        #expect(sections[1].breakdowns?.calibrationBasis.contains("log-probabilities and were exponentiated") == true)
        #expect(sections[2].breakdowns?.calibration == nil)
        #expect(sections[2].breakdowns?.calibrationBasis
                == "not computed: the stored scores of 'u0' are neither probabilities nor log-probabilities.")
        // Categorical figures do not depend on the scale.
        #expect(sections[2].metrics.pooled.wa == sections[0].metrics.pooled.wa)
    }

    @Test func groupsAndDurationBandsComeFromTheDataDirectoryAndTheStoredLength() throws {
        let sample = try BreakdownSample()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let b = try #require(try sample.evaluate().sections[0].breakdowns)
        #expect(b.groups.map(\.variable) == ["gender", "style"])
        // u1 and u5 (male) are wrong: female 3/3, male 1/3.
        let gender = b.groups[0]
        #expect(gender.groups.map(\.group) == ["female", "male"])
        #expect(gender.groups.map(\.metrics.count) == [3, 3] && gender.groups[0].metrics.wa == 1)
        #expect(abs(gender.groups[1].metrics.wa - 1.0 / 3) < 1e-12)
        #expect(gender.gaps[.wa]?.best == "female" && gender.gaps[.wa]?.worst == "male")
        #expect(b.durations?.groups.map(\.group) == ["< 1 s", "1–2 s", "2–4 s", "≥ 4 s"])
        #expect(b.durations?.groups.map(\.metrics.count) == [1, 2, 1, 2])
        #expect(b.speakers?.groups.count == 6)
    }

    @Test func compareCarriesPairedBreakdowns() throws {
        let sample = try BreakdownSample()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let input = try sample.evaluate().comparisonInput(generated: "g", toolkitVersion: "t")
        let breakdowns = try #require(input.breakdowns)
        // Calibration pairs only where both runs have it: (probabilities, logs).
        let pairs: [[String]] = breakdowns.calibration.map { [$0.first, $0.second] }
        #expect(pairs == [["run \(sample.runs[0])", "run \(sample.runs[1])"]])
        #expect(abs(breakdowns.calibration[0].deltas[.ece]?.estimate ?? 1) < 1e-6)
        // gender, style, duration for each of the three pairs.
        let variables: [String] = breakdowns.groups.prefix(3).map(\.variable)
        #expect(breakdowns.groups.count == 9 && variables == ["gender", "style", "duration"])
        let deltas: [Double] = breakdowns.groups.flatMap { $0.groups.map(\.deltaUA.estimate) }
        #expect(deltas.allSatisfy { $0 == 0 })
        let markdown = renderComparison(input)
        #expect(markdown.contains("## UA by gender") && markdown.contains("Paired ΔUA by duration"))
    }
}
