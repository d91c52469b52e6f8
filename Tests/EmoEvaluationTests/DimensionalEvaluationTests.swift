// Dimensional runs in StoredEvaluation on an in-memory store with stored synthetic scores: a categorical
// model, two dimension-only models (audEERING-shaped outputs [arousal, dominance, valence] on 0…1) and one
// model with both heads, in one recipe with categories and dimensions; report, JSON and compare carry them.
import EmoCorpus
import EmoEvaluation
import EmoMetrics
import EmoReport
import EmoStore
import EmoTestSupport
import Foundation
import Testing

private struct DimensionalSample {
    static let recipeText = """
        name: both-kinds
        data: data
        labels: [neu, hap, ang, sad]
        folds: {by: speaker}
        dimensions: {arousal: [1, 7], valence: [1, 7], dominance: [1, 7]}
        models:
          emotion2vec:
            label_map: {neutral: neu, happy: hap, angry: ang, sad: sad}
          wav2vec2-iemocap:
            dimensions: {outputs: {arousal: 0, dominance: 1, valence: 2}, scale: [0, 1]}
        references:
          - model: dim-good
            figures: {CCC-valence: 0.638, CCC-arousal: 0.9}
            protocol: MSP-Podcast Test1.
            source: a paper
            caveat: another release
            seen_in_training: no
        """
    static let labels = ["neu", "hap", "ang", "sad"]
    /// 12 utterances, 3 speakers; annotations on 1…7.
    static let arousal: [Double] = [2.2, 3.8, 5.4, 1.6, 4.0, 6.2, 3.0, 2.8, 5.0, 4.4, 1.2, 6.8]
    static let valence: [Double] = [4.0, 3.4, 2.0, 5.6, 4.8, 1.8, 3.6, 6.0, 2.4, 4.2, 3.0, 5.2]
    static let dominance: [Double] = [2.6, 3.8, 5.0, 2.0, 4.2, 5.8, 3.2, 3.0, 4.8, 4.0, 1.4, 6.0]

    let root: URL
    let store: EvalStore
    let recipe: Recipe
    var runs: [String: Int64] = [:]

    init() throws {
        root = try Fixture.temporaryDirectory("emoeval-dim")
        let ids = (0..<12).map { String(format: "u%02d", $0) }
        func table(_ values: [String]) -> String { zip(ids, values).map { "\($0) \($1)\n" }.joined() }
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try table(ids.map { "/audio/\($0).wav" }).write(to: data.appendingPathComponent("wav.scp"), atomically: true, encoding: .utf8)
        try table(ids.indices.map { Self.labels[$0 % 4] }).write(to: data.appendingPathComponent("utt2emo"), atomically: true, encoding: .utf8)
        try table(ids.indices.map { "s\($0 % 3)" }).write(to: data.appendingPathComponent("utt2spk"), atomically: true, encoding: .utf8)
        for (name, values) in [("arousal", Self.arousal), ("valence", Self.valence), ("dominance", Self.dominance)] {
            try table(values.map { "\($0)" }).write(to: data.appendingPathComponent("utt2\(name)"), atomically: true, encoding: .utf8)
        }
        let recipePath = root.appendingPathComponent("both.yaml").path
        try Self.recipeText.write(toFile: recipePath, atomically: true, encoding: .utf8)
        recipe = try loadRecipe(path: recipePath)
        let corpusData = try recipe.loadCorpus()
        store = try EvalStore.inMemory()
        let utterances = corpusData.utterances.map {
            UtteranceRecord(key: $0.id, audioPath: $0.audioPath, label: $0.label, speaker: $0.speaker, fold: $0.fold,
                            duration: 1)
        }
        let (corpus, stored) = try store.ensureCorpus(
            CorpusRecord(name: recipe.name, recipePath: recipePath, recipeSHA256: "r",
                         audioSetSHA256: CorpusRecord.audioSetSHA256(of: utterances), labels: recipe.labels),
            utterances: utterances)
        func addRun(_ variant: String, family: String, labels: [String], scores: (Int) -> [Float]) throws {
            let model = try store.ensureModel(ModelRecord(
                family: family, variant: variant, directory: "/models/\(variant)", checkpointSHA256: variant,
                labels: labels, rawLabels: labels, embeddingDim: 2, config: nil))
            let options = RunOptions()
            let run = try store.ensureRun(identity: RunRecord.identity(audioSetSHA256: corpus.audioSetSHA256,
                                                                       checkpointSHA256: variant, options: options),
                                          corpusId: corpus.id!, modelId: model.id!, options: options)
            let predictions = stored.indices.map { i in
                PredictionRecord(runId: run.id, utteranceId: stored[i].id!, scores: scores(i), topLabel: nil,
                                 topScore: nil, embedding: nil, audioSeconds: 1, decodeSeconds: 0, inferenceSeconds: 0)
            }
            try store.commit(predictions: predictions, failures: [], sessionId: nil)
            runs[variant] = run.id
        }
        // Categorical only: right on 3 of every 4 utterances.
        try addRun("cat", family: "emotion2vec", labels: ["angry", "happy", "neutral", "sad"]) { i in
            var s: [Float] = [0.1, 0.1, 0.1, 0.1]
            s[[2, 1, 0, 3][i % 4 == 3 ? 0 : i % 4]] = 0.7
            return s
        }
        // audEERING-shaped: [arousal, dominance, valence] on ≈ 0…1; "good" is close, "poor" noisy and biased.
        func shaped(_ i: Int, noise: Double, bias: Double) -> [Float] {
            let wobble = Double((i * 7) % 5 - 2) * noise
            return [Self.arousal[i], Self.dominance[i], Self.valence[i]].map { Float(($0 - 1) / 6 + wobble + bias) }
        }
        try addRun("dim-good", family: "wav2vec2-iemocap", labels: ["arousal", "dominance", "valence"]) {
            shaped($0, noise: 0.02, bias: 0)
        }
        try addRun("dim-poor", family: "wav2vec2-iemocap", labels: ["arousal", "dominance", "valence"]) {
            shaped($0, noise: 0.08, bias: 0.1)
        }
        // Both heads: four classes plus arousal and valence outputs named like the dimensions, on 1…7.
        try addRun("both", family: "emotion2vec", labels: ["angry", "happy", "neutral", "sad", "arousal", "valence"]) { i in
            var s: [Float] = [0.1, 0.1, 0.1, 0.1]
            s[[2, 1, 0, 3][i % 4]] = 0.7
            return s + [Float(Self.arousal[i] + 0.3), Float(Self.valence[i] - 0.2)]
        }
    }

    func evaluate() throws -> StoredEvaluation {
        try StoredEvaluation(recipe: recipe, store: store, databaseName: "both.sqlite",
                             selection: EvaluationSelection(bootstrap: BootstrapSettings(resamples: 200, seed: 5)))
    }
}

@Suite("DimensionalEvaluation")
struct DimensionalEvaluationTests {
    @Test("categorical and dimensional results of the same recipe, and of one run with both heads")
    func bothKinds() throws {
        let sample = try DimensionalSample()
        defer { try? FileManager.default.removeItem(at: sample.root) }
        let evaluation = try sample.evaluate()
        let name = { (variant: String) in "run \(sample.runs[variant]!)" }
        #expect(evaluation.sections.map(\.name) == [name("cat"), name("both")])
        #expect(evaluation.dimensionalSections.map(\.name) == [name("dim-good"), name("dim-poor"), name("both")])
        #expect(evaluation.sections[1].metrics.pooled.wa == 1)
        let both = evaluation.dimensionalSections[2]
        #expect(both.dimensions.map(\.dimension) == ["arousal", "valence"])   // no dominance output
        #expect(both.scaleAssumed && both.alignments["arousal"]?.isIdentity == true)
        // A constant +0.3 shift: r = 1, MAE = 0.3, CCC < 1 (CCC punishes the bias, r does not). Scores are
        // stored as float32, hence 1e-6.
        let arousal = both.dimensions[0].pooled
        #expect(abs((arousal.pearson ?? 0) - 1) < 1e-6 && abs((arousal.mae ?? 0) - 0.3) < 1e-6)
        #expect((arousal.ccc ?? 1) < 0.99)
    }

    @Test("labels-to-model alignment: CCC as on the annotation scale, MAE in model units, folds and intervals")
    func alignment() throws {
        let sample = try DimensionalSample()
        defer { try? FileManager.default.removeItem(at: sample.root) }
        let good = try sample.evaluate().dimensionalSections[0]
        #expect(good.outputs == ["arousal": "arousal", "dominance": "dominance", "valence": "valence"])
        #expect(!good.scaleAssumed)
        #expect(good.alignments["valence"]?.summary.hasPrefix("annotations 1…7 mapped linearly onto the model's 0…1") == true)
        let scores = try sample.store.predictions(runId: sample.runs["dim-good"]!).map(\.scores)
        let predictedOnLabelScale = scores.map { 1 + 6 * Double($0[2]) }   // valence is output 2
        let reference = RegressionMetrics(truth: DimensionalSample.valence, predicted: predictedOnLabelScale)
        let valence = try #require(good.dimensions.first { $0.dimension == "valence" })
        #expect(abs((valence.pooled.ccc ?? 0) - (reference.ccc ?? 9)) < 1e-9)   // float32 scores: 1e-9
        #expect(abs((valence.pooled.mae ?? 0) - (reference.mae ?? 9) / 6) < 1e-9)
        #expect(valence.folds.map(\.fold) == ["s0", "s1", "s2"])
        let interval = try #require(valence.intervals?.ccc)
        #expect(interval.unit == .speaker && interval.units == 3)
    }

    @Test("report markdown, SVG scatter, published figures and JSON carry the dimensional results")
    func reportAndJSON() throws {
        let sample = try DimensionalSample()
        defer { try? FileManager.default.removeItem(at: sample.root) }
        let evaluation = try sample.evaluate()
        let input = evaluation.reportInput(generated: "2026-12-05", toolkitVersion: "test", figurePrefix: "both")
        let rendered = renderReport(input)
        #expect(rendered.markdown.contains("## Dimensional results"))
        #expect(rendered.markdown.contains("CCC = 2·Σab / (Σa² + Σb² + n·(x̄ − ȳ)²)"))
        let goodRun = "run \(sample.runs["dim-good"]!)"
        let measured = try #require(evaluation.dimensionalSections[0].dimensions.first { $0.dimension == "valence" }?.pooled.ccc)
        #expect(rendered.markdown.contains("| dim-good | \(goodRun) | valence | CCC | 0.638 | \(String(format: "%.3f", measured)) |"))
        #expect(rendered.markdown.contains("Source: a paper. Caveat: another release"))
        #expect(rendered.markdown.contains("**The recipe gives no output scale for this model**"))
        let svg = try #require(rendered.figures.first { $0.name == "both-run-\(sample.runs["dim-good"]!)-dimensions.svg" })
        #expect(svg.svg.components(separatedBy: "<circle").count - 1 == 36)   // 12 points × 3 dimensions
        #expect(rendered.figures.filter { $0.name.hasSuffix("-confusion.svg") }.count == 2)

        let json = ReportJSON(input)
        #expect(json.dimensionalRuns.map(\.model) == ["dim-good", "dim-poor", "both"])
        let valence = try #require(json.dimensionalRuns[0].dimensions.first { $0.dimension == "valence" })
        #expect(valence.ccc == measured && valence.evaluationRange == [0, 1] && valence.intervals?["CCC"] != nil)
        #expect(json.dimensionReferences.map(\.value) == [0.9, 0.638])
        #expect(json.runs.count == 2)
        let text = try encodeJSON(json)
        #expect(try JSONDecoder().decode(ReportJSON.self, from: Data(text.utf8)) == json)
    }

    @Test("compare: paired ΔCCC per dimension between dimensional runs")
    func compare() throws {
        let sample = try DimensionalSample()
        defer { try? FileManager.default.removeItem(at: sample.root) }
        let input = try sample.evaluate().comparisonInput(generated: "d", toolkitVersion: "t")
        let good = "run \(sample.runs["dim-good"]!)", poor = "run \(sample.runs["dim-poor"]!)"
        let pair = input.dimensionComparisons.filter { $0.first == good && $0.second == poor }
        #expect(pair.map(\.dimension) == ["arousal", "valence", "dominance"])
        #expect(pair.allSatisfy { ($0.deltaCCC?.estimate ?? 0) < 0 && $0.commonCount == 12 })
        #expect(input.dimensionComparisons.filter { $0.second == "run \(sample.runs["both"]!)" }.map(\.dimension)
                == ["arousal", "valence", "arousal", "valence"])
        let markdown = renderComparison(input)
        #expect(markdown.contains("## Dimensional comparison (ΔCCC = second − first, paired bootstrap)"))
        #expect(try encodeJSON(ComparisonJSON(input)).contains("\"dimensionComparisons\""))
    }

    @Test("a recipe output map that does not fit the model is an error naming run, dimension and outputs")
    func badOutputs() throws {
        let sample = try DimensionalSample()
        defer { try? FileManager.default.removeItem(at: sample.root) }
        var recipe = sample.recipe
        recipe.models["wav2vec2-iemocap"]?.dimensions?.outputs[.valence] = "pleasure"
        do {
            _ = try StoredEvaluation(recipe: recipe, store: sample.store, databaseName: "x", selection: EvaluationSelection())
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("run \(sample.runs["dim-good"]!): dimension map: valence → 'pleasure', which is "
                                        + "neither an output label nor an index of the model"))
        }
    }
}
