// StoredEvaluation on an in-memory store: run selection, label decoding under the recipe's (or an overriding)
// policy, truth-label checks, failure summaries and the errors `report` / `compare` print.
import EmoCorpus
import EmoEvaluation
import EmoMetrics
import EmoReport
import EmoStore
import EmoTestSupport
import EmoTypes
import Foundation
import Testing

/// A store holding one corpus of five utterances (u4 failed as too short) and runs of two models.
private struct EvaluationSample {
    static let recipeText = """
        name: mini
        data: data
        labels: [neu, hap, ang, sad]
        folds: {by: speaker}
        models:
          emotion2vec:
            label_map: {neutral: neu, happy: hap, angry: ang, sad: sad}
            policy: restricted
        references:
          - model: tiny-a
            family: emotion2vec
            figures: {WA: 70.5, UA: 68.0}
            protocol: leave-one-session-out
            source: a paper
            seen_in_training: no
        """
    static let modelLabels = ["angry", "happy", "neutral", "sad", "other"]
    static let truth = ["neu", "hap", "ang", "sad", "neu"]

    let store: EvalStore
    let baseRecipe: Recipe
    /// The recipe `evaluate` uses (the sample's unless a test replaces its text).
    var recipeText: String?
    var recipe: Recipe { (try? recipeText.map { try parseRecipe($0, path: "/tmp/mini.yaml") }) ?? baseRecipe }
    var runA: Int64 = 0
    var runB: Int64 = 0

    init() throws {
        store = try EvalStore.inMemory()
        baseRecipe = try parseRecipe(Self.recipeText, path: "/tmp/mini.yaml")
        let recipe = baseRecipe
        let utterances = Self.truth.enumerated().map { i, label in
            UtteranceRecord(key: "u\(i)", audioPath: "/data/u\(i).wav", label: label, speaker: "s\(i % 2)",
                            fold: nil, duration: 1)
        }
        let (corpus, stored) = try store.ensureCorpus(
            CorpusRecord(name: "mini", recipePath: "/tmp/mini.yaml", recipeSHA256: "r",
                         audioSetSHA256: CorpusRecord.audioSetSHA256(of: utterances), labels: recipe.labels),
            utterances: utterances)
        // Model A: u0 right; u1's top class is "other" with "happy" second (right under restricted, wrong under
        // full); u2 right; u3 predicted happy (wrong). u4 failed.
        let scoresA: [[Float]] = [[0.1, 0.1, 0.6, 0.1, 0.1], [0.05, 0.3, 0.1, 0.05, 0.5],
                                  [0.7, 0.1, 0.1, 0.05, 0.05], [0.1, 0.6, 0.1, 0.1, 0.1]]
        // Model B: every scored utterance right.
        let scoresB: [[Float]] = [[0.1, 0.1, 0.6, 0.1, 0.1], [0.1, 0.6, 0.1, 0.1, 0.1],
                                  [0.6, 0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.6, 0.1]]
        func addRun(sha: String, variant: String, scores: [[Float]]) throws -> Int64 {
            let model = try store.ensureModel(ModelRecord(
                family: "emotion2vec", variant: variant, directory: "/models/\(variant)", checkpointSHA256: sha,
                labels: Self.modelLabels, rawLabels: Self.modelLabels, embeddingDim: 2, config: nil))
            let options = RunOptions()
            let run = try store.ensureRun(identity: RunRecord.identity(audioSetSHA256: corpus.audioSetSHA256,
                                                                       checkpointSHA256: sha, options: options),
                                          corpusId: corpus.id!, modelId: model.id!, options: options)
            let predictions = scores.enumerated().map { i, s in
                PredictionRecord(runId: run.id, utteranceId: stored[i].id!, scores: s, topLabel: nil, topScore: nil,
                                 embedding: nil, audioSeconds: 1, decodeSeconds: 0, inferenceSeconds: 0)
            }
            let failure = FailureRecord(runId: run.id, utteranceId: stored[4].id!, kind: .tooShort,
                                        message: "/data/u4.wav: too short")
            try store.commit(predictions: predictions, failures: [failure], sessionId: nil)
            return run.id
        }
        runA = try addRun(sha: "aaaa", variant: "tiny-a", scores: scoresA)
        runB = try addRun(sha: "bbbb", variant: "tiny-b", scores: scoresB)
    }

    func evaluate(_ selection: EvaluationSelection = EvaluationSelection()) throws -> StoredEvaluation {
        try StoredEvaluation(recipe: recipe, store: store, databaseName: "mini.sqlite", selection: selection)
    }
}

@Suite struct StoredEvaluationTests {
    @Test func decodesEveryRunOfTheRecipeUnderItsPolicy() throws {
        let sample = try EvaluationSample()
        let evaluation = try sample.evaluate()
        #expect(evaluation.sections.map(\.name) == ["run \(sample.runA)", "run \(sample.runB)"])
        let a = evaluation.sections[0]
        #expect(a.policy == .restricted)
        #expect(a.model.variant == "tiny-a" && a.model.checkpointSHA256 == "aaaa")
        #expect(a.metrics.pooled.count == 4)
        #expect(abs(a.metrics.pooled.wa - 0.75) < 1e-12)
        #expect(abs(evaluation.sections[1].metrics.pooled.wa - 1) < 1e-12)
        #expect(evaluation.items[0].items.map(\.predicted) == [0, 1, 2, 1])   // neu, hap, ang, hap
        #expect(evaluation.items[0].items.map(\.truth) == [0, 1, 2, 3])
        #expect(a.failures.total == 1 && a.failures.countsByKind == ["too-short": 1])
        #expect(a.failures.examples.first?.utterance == "u4")
        #expect(evaluation.provenance.corpus == "mini" && evaluation.provenance.labels == ["neu", "hap", "ang", "sad"])
    }

    /// Two models of one family with different label sets: a `models:` entry keyed by one model's name wins over
    /// the family's, and each section names the entry that applied.
    @Test func aModelNameEntryWinsOverItsFamilysEntry() throws {
        var sample = try EvaluationSample()
        sample.recipeText = EvaluationSample.recipeText.replacingOccurrences(
            of: "    policy: restricted\n",
            with: "    policy: restricted\n  tiny-b:\n    label_map: {neutral: neu, happy: hap, angry: ang}\n    policy: full\n")
        #expect(sample.recipe.models.keys.sorted() == ["emotion2vec", "tiny-b"])
        let evaluation = try sample.evaluate()
        #expect(evaluation.sections.map(\.recipeEntry) == ["emotion2vec", "tiny-b"])
        let json = ReportJSON(evaluation.reportInput(generated: "d", toolkitVersion: "v", figurePrefix: "mini"))
        #expect(json.runs.map(\.recipeEntry) == ["emotion2vec", "tiny-b"])
        #expect(evaluation.sections[1].policy == .full && evaluation.sections[1].labelMap["sad"] == nil)
        #expect(evaluation.sections[0].policy == .restricted && evaluation.sections[0].labelMap["sad"] == "sad")
    }

    @Test func aPolicyOverrideAppliesToEveryRun() throws {
        let sample = try EvaluationSample()
        let evaluation = try sample.evaluate(EvaluationSelection(runs: [sample.runA], policy: .full))
        #expect(evaluation.sections.count == 1)
        let a = evaluation.sections[0]
        #expect(a.policy == .full && a.metrics.hasOther)
        #expect(abs(a.metrics.pooled.wa - 0.5) < 1e-12)    // u1's "other" now counts as wrong
        #expect(evaluation.items[0].items[1].predicted == 4)   // the "other" column
    }

    @Test func referencesBecomeReportFigures() throws {
        let evaluation = try EvaluationSample().evaluate()
        #expect(evaluation.references.count == 1)
        let figure = try #require(evaluation.references.first)
        #expect(figure.model == "tiny-a" && figure.figures[.wa] == 70.5 && figure.figures[.ua] == 68.0)
        #expect(figure.seenInTraining == .no)
        let input = evaluation.reportInput(generated: "2026-01-01 00:00 UTC", toolkitVersion: "t", figurePrefix: "p")
        #expect(input.runs == evaluation.sections && input.references == evaluation.references)
    }

    @Test func comparisonPairsTheRuns() throws {
        let evaluation = try EvaluationSample().evaluate()
        let input = try evaluation.comparisonInput(generated: "g", toolkitVersion: "t")
        #expect(input.comparison.pairs.count == 1)
        #expect(input.runs.count == 2)
    }

    @Test func unknownRunAndMissingRunsAreNamed() throws {
        let sample = try EvaluationSample()
        #expect {
            try sample.evaluate(EvaluationSelection(runs: [999]))
        } throws: { error in
            "\(error)".hasPrefix("mini.sqlite: there is no run 999")
        }
        let other = try parseRecipe(EvaluationSample.recipeText.replacingOccurrences(of: "name: mini", with: "name: other"),
                                    path: "/tmp/other.yaml")
        #expect {
            try StoredEvaluation(recipe: other, store: sample.store, databaseName: "mini.sqlite",
                                 selection: EvaluationSelection())
        } throws: { error in
            "\(error)".hasPrefix("mini.sqlite: no run of recipe 'other' with predictions (corpora in this database: mini)")
        }
    }

    @Test func aTruthLabelOutsideTheRecipeIsAnError() throws {
        let sample = try EvaluationSample()
        let narrower = try parseRecipe(
            EvaluationSample.recipeText.replacingOccurrences(of: "labels: [neu, hap, ang, sad]", with: "labels: [neu, hap, ang]")
                .replacingOccurrences(of: ", sad: sad}", with: "}"),
            path: "/tmp/mini.yaml")
        #expect {
            try StoredEvaluation(recipe: narrower, store: sample.store, databaseName: "mini.sqlite",
                                 selection: EvaluationSelection())
        } throws: { error in
            "\(error)".hasPrefix("run \(sample.runA): utterance 'u3' has label 'sad', not in the recipe's label set")
        }
    }

    @Test func aMissingDatabaseIsNotCreated() throws {
        let directory = try Fixture.temporaryDirectory("evaluation")
        defer { try? FileManager.default.removeItem(at: directory) }
        let recipe = directory.appendingPathComponent("mini.yaml").path
        try EvaluationSample.recipeText.write(toFile: recipe, atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("none.sqlite").path
        #expect {
            try StoredEvaluation(recipePath: recipe, databasePath: database, selection: EvaluationSelection())
        } throws: { error in
            "\(error)" == "\(database): no such result database\nhint: run `emoeval run RECIPE --db \(database)` first"
        }
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    @Test func reportDateLineIsUTCToTheMinute() {
        #expect(reportDateLine(Date(timeIntervalSince1970: 86_400 + 3_661)) == "1970-01-02 01:01 UTC")
    }
}

/// The per-utterance view the web page lists (a confusion cell's utterances, two runs' disagreements).
@Suite struct DecodedPredictionTests {
    fileprivate func decoded(_ sample: EvaluationSample, run: Int64) throws -> [DecodedPrediction] {
        let overview = try sample.store.runOverview(id: run)
        let decoder = try sample.recipe.labelDecoder(family: overview.model.family, modelLabels: overview.model.labels)
        return try decodedPredictions(of: overview, store: sample.store, recipe: sample.recipe, decoder: decoder)
    }

    @Test func eachPredictionCarriesItsUtteranceIdTruthDecisionAndConfidence() throws {
        let sample = try EvaluationSample()
        let a = try decoded(sample, run: sample.runA)
        let ids = Dictionary(uniqueKeysWithValues: try sample.store.utterances(corpusId: 1).map { ($0.key, $0.id!) })
        #expect(a.map(\.key) == ["u0", "u1", "u2", "u3"])
        #expect(a.map(\.utteranceId) == ["u0", "u1", "u2", "u3"].map { ids[$0]! })
        #expect(a.map(\.truth) == [0, 1, 2, 3] && a.map(\.predicted) == [0, 1, 2, 1])
        // Restricted: u1's "other" (0.5) is skipped, happy (0.3) decides and is the confidence.
        #expect(a.map(\.confidence) == [0.6, 0.3, 0.7, 0.6])
        // The same items the report's metrics are computed from.
        #expect(a.map(\.scoredItem) == (try sample.evaluate()).items[0].items)
    }

    @Test func disagreementsListWhereTwoRunsDecideDifferently() throws {
        let sample = try EvaluationSample()
        let d = Disagreements(first: try decoded(sample, run: sample.runA), second: try decoded(sample, run: sample.runB))
        #expect(d.paired == 4 && d.bothRight == 3 && d.onlyFirstRight == 0 && d.onlySecondRight == 1 && d.bothWrong == 0)
        #expect(d.items.map(\.key) == ["u3"])
        #expect(d.items.first?.first == 1 && d.items.first?.second == 3 && d.items.first?.truth == 3)
        #expect(d.items.first?.firstConfidence == 0.6 && d.items.first?.secondConfidence == 0.6)
        let same = Disagreements(first: try decoded(sample, run: sample.runB), second: try decoded(sample, run: sample.runB))
        #expect(same.items.isEmpty && same.bothRight == 4)
    }
}
