// `emoeval report` and `emoeval compare` end to end on a small database written through EmoStore.

import EmoStore
import EmoTestSupport
import Foundation
import Testing

/// A temp folder with a recipe, an (empty) data directory and a database holding two runs of 16 utterances.
private struct ReportWorkspace {
    static let modelLabels = ["angry", "disgusted", "fearful", "happy", "neutral", "other", "sad", "surprised",
                              "unknown"]
    static let datasetLabels = ["neu", "hap", "ang", "sad"]
    static let toModel = ["neu": "neutral", "hap": "happy", "ang": "angry", "sad": "sad"]

    let directory: URL
    var recipe: String { directory.appendingPathComponent("clidemo.yaml").path }
    var database: String { directory.appendingPathComponent("results.sqlite").path }

    init() throws {
        directory = try Fixture.temporaryDirectory("emoeval-report")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"),
                                                withIntermediateDirectories: true)
        try """
        name: clidemo
        data: data
        labels: [neu, hap, ang, sad]
        folds: {by: speaker}
        models:
          emotion2vec:
            label_map: {neutral: neu, happy: hap, angry: ang, sad: sad}
            policy: restricted
        references:
          - model: tiny_a
            family: emotion2vec
            figures: {UA: 90.0, WA: 91.5}
            protocol: made up for this test
            source: nowhere
            seen_in_training: "no"
            same_protocol: false
        """.write(toFile: recipe, atomically: true, encoding: .utf8)
        try writeDatabase()
    }

    /// Utterance i: label datasetLabels[i % 4], speaker spk(i / 4). Model A: the true class scores 0.5, but
    /// for i % 5 == 0 "surprised" scores 0.6 (right under restricted, "other" under full). Model B: wrong
    /// (next label) for i % 3 == 0. Utterance 16 failed in run 2.
    private func writeDatabase() throws {
        let store = try EvalStore(path: database)
        let utterances = (0..<17).map { i in
            UtteranceRecord(key: String(format: "u%02d", i), audioPath: "/data/u\(i).wav",
                            label: Self.datasetLabels[i % 4], speaker: "spk\(i / 4)", fold: "spk\(i / 4)",
                            duration: 1)
        }
        let corpus = try store.ensureCorpus(CorpusRecord(name: "clidemo", recipePath: recipe, recipeSHA256: "r",
                                                         audioSetSHA256: CorpusRecord.audioSetSHA256(of: utterances),
                                                         labels: Self.datasetLabels), utterances: utterances)
        for (index, variant) in ["tiny_a", "tiny_b"].enumerated() {
            let model = try store.ensureModel(ModelRecord(family: "emotion2vec", variant: variant, directory: "/m",
                                                          checkpointSHA256: String(repeating: "\(index + 1)", count: 64),
                                                          labels: Self.modelLabels, rawLabels: Self.modelLabels,
                                                          embeddingDim: 8, config: nil))
            let run = try store.ensureRun(identity: variant, corpusId: corpus.corpus.id ?? 0, modelId: model.id ?? 0,
                                          options: RunOptions())
            let session = try store.beginSession(RunSessionRecord(
                runId: run.id, startedAt: "2026-01-01T00:00:00Z", toolkitVersion: "0.1.0", host: "test",
                blasCore: nil, blasThreads: nil, jobs: 1, shard: nil, command: "test"))
            var predictions: [PredictionRecord] = [], failures: [FailureRecord] = []
            for (i, u) in corpus.utterances.enumerated() {
                if index == 1 && i == 16 {
                    failures.append(FailureRecord(runId: run.id, utteranceId: u.id ?? 0, kind: .tooShort,
                                                  message: "120 samples"))
                    continue
                }
                var truth = i % 4
                if index == 1 && i % 3 == 0 { truth = (truth + 1) % 4 }
                var scores = [Float](repeating: 0.01, count: 9)
                let modelIndex = Self.modelLabels.firstIndex(of: Self.toModel[Self.datasetLabels[truth]] ?? "") ?? 0
                scores[modelIndex] = index == 0 && i % 5 == 0 ? 0.3 : 0.5
                if index == 0 && i % 5 == 0 { scores[7] = 0.6 }
                predictions.append(PredictionRecord(runId: run.id, utteranceId: u.id ?? 0, scores: scores,
                                                    topLabel: nil, topScore: nil, audioSeconds: 1, decodeSeconds: 0,
                                                    inferenceSeconds: 0))
            }
            try store.commit(predictions: predictions, failures: failures, sessionId: session.id)
            try store.finishSession(id: session.id ?? 0, status: .complete)
        }
        // An embedding-only run (no classifier head): never part of a report.
        let base = try store.ensureModel(ModelRecord(family: "emotion2vec", variant: "tiny_base", directory: "/b",
                                                     checkpointSHA256: String(repeating: "9", count: 64), labels: [],
                                                     rawLabels: [], embeddingDim: 8, config: nil))
        let run = try store.ensureRun(identity: "base", corpusId: corpus.corpus.id ?? 0, modelId: base.id ?? 0,
                                      options: RunOptions(embeddings: true))
        try store.commit(predictions: [PredictionRecord(runId: run.id, utteranceId: corpus.utterances[0].id ?? 0,
                                                        scores: [], topLabel: nil, topScore: nil, embedding: [1, 2],
                                                        audioSeconds: 1, decodeSeconds: 0, inferenceSeconds: 0)],
                         failures: [], sessionId: nil)
    }
}

@Suite("ReportCLI")
struct ReportCLITests {
    @Test("report writes markdown and SVG heat maps; output is stable but for the date line")
    func reportFiles() throws {
        let w = try ReportWorkspace()
        defer { try? FileManager.default.removeItem(at: w.directory) }
        let out = w.directory.appendingPathComponent("Reports/clidemo.md").path
        let result = try Emoeval.run(["report", w.recipe, "--db", w.database, "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("run 1 tiny_a [restricted]: N=17 WA 100.00"))
        let markdown = try String(contentsOfFile: out, encoding: .utf8)
        for figure in ["clidemo-run-1-confusion.svg", "clidemo-run-2-confusion.svg"] {
            #expect(FileManager.default.fileExists(atPath: w.directory.appendingPathComponent("Reports/\(figure)").path))
            #expect(markdown.contains("](\(figure))"))
        }
        #expect(markdown.contains("| tiny_a | run 1 | WA | 91.50 | 100.00 | +8.50 |"))
        #expect(markdown.contains("| too-short | 1 |"))
        let again = try Emoeval.run(["report", w.recipe, "--db", w.database, "-o", "-"])
        #expect(!markdown.contains("tiny_base"))   // the embedding-only run is left out
        let strip = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("Generated:") } }
        #expect(strip(again.stdout) == strip(markdown))
    }

    @Test("--json prints the figures; --policy full counts unmapped winners as errors")
    func json() throws {
        let w = try ReportWorkspace()
        defer { try? FileManager.default.removeItem(at: w.directory) }
        let restricted = try Emoeval.run(["report", w.recipe, "--db", w.database, "--json", "--run", "1"])
        #expect(restricted.status == 0, "\(restricted.stderr)")
        let a = try #require(JSONSerialization.jsonObject(with: Data(restricted.stdout.utf8)) as? [String: Any])
        let runA = try #require((a["runs"] as? [[String: Any]])?.first)
        #expect(runA["policy"] as? String == "restricted" && runA["wa"] as? Double == 1)
        #expect(runA["labels"] as? [String] == ReportWorkspace.datasetLabels)
        let full = try Emoeval.run(["report", w.recipe, "--db", w.database, "--json", "--run", "1", "--policy", "full"])
        let b = try #require(JSONSerialization.jsonObject(with: Data(full.stdout.utf8)) as? [String: Any])
        let runB = try #require((b["runs"] as? [[String: Any]])?.first)
        // i % 5 == 0 for i in 0..<17: 0, 5, 10, 15 → 4 of 17 go to "other".
        #expect(runB["policy"] as? String == "full" && runB["otherPredictions"] as? Int == 4)
        #expect(abs((runB["wa"] as? Double ?? 0) - 13.0 / 17) < 1e-12)
        #expect((runB["confusionColumns"] as? [String])?.last == "other")
    }

    @Test("compare pairs the runs on common utterances")
    func compare() throws {
        let w = try ReportWorkspace()
        defer { try? FileManager.default.removeItem(at: w.directory) }
        let result = try Emoeval.run(["compare", w.recipe, "--db", w.database])
        #expect(result.status == 0, "\(result.stderr)")
        // Run 2 is wrong on u00, u03, u06, u09, u12, u15 (6 of 16 common); run 1 is always right:
        // p = 2 · 0.5^6 = 0.03125, printed with three significant digits.
        #expect(result.stdout.contains("| run 1 | run 2 | 16 | 6 | 0 | 0.0313 |"))
        #expect(result.stdout.contains("## Agreement"))
    }

    @Test("the bundled demo: run, then report; full-policy WA equals the share of exported top labels that are right")
    func demoEndToEnd() throws {
        let directory = try Fixture.temporaryDirectory("emoeval-demo-report")
        defer { try? FileManager.default.removeItem(at: directory) }
        let recipe = Fixture.packageRoot.appendingPathComponent("Recipes/demo.yaml").path
        let db = directory.appendingPathComponent("demo.sqlite").path
        let run = try Emoeval.run(["run", recipe, "--db", db, "--jobs", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Emoeval.run(["report", recipe, "--db", db, "-o", directory.appendingPathComponent("demo.md").path])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("run 1 e2v_tiny_plus [restricted]: N=12 "))
        let json = try Emoeval.run(["report", recipe, "--db", db, "--json", "--policy", "full"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let wa = try #require((object["runs"] as? [[String: Any]])?.first?["wa"] as? Double)
        let export = try Emoeval.run(["export", "--db", db, "--format", "jsonl"])
        let map = ["neutral": "neu", "happy": "hap", "angry": "ang", "sad": "sad"]
        var right = 0, total = 0
        for line in export.stdout.split(separator: "\n") {
            let row = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            total += 1
            if let top = row["top_label"] as? String, map[top] == row["label"] as? String { right += 1 }
        }
        #expect(total == 12 && wa == Double(right) / Double(total))
    }

    @Test("a missing database or recipe without runs is a clear error")
    func errors() throws {
        let w = try ReportWorkspace()
        defer { try? FileManager.default.removeItem(at: w.directory) }
        let missing = try Emoeval.run(["report", w.recipe, "--db", w.directory.appendingPathComponent("no.sqlite").path])
        #expect(missing.status == 1 && missing.stderr.contains("no such result database"))
        let unknown = try Emoeval.run(["report", w.recipe, "--db", w.database, "--run", "9"])
        #expect(unknown.status == 1 && unknown.stderr.contains("there is no run 9"))
    }
}
