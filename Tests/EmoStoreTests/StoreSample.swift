// A small populated store shared by the EmoStore tests: one corpus of four utterances, one model, one run.
@testable import EmoStore

struct StoreSample {
    let store: EvalStore
    let corpus: CorpusRecord
    let utterances: [UtteranceRecord]
    let model: ModelRecord
    let run: RunRecord

    static let labels = ["ang", "hap", "neu", "sad"]

    static func utteranceRecords(count: Int = 4) -> [UtteranceRecord] {
        (0..<count).map { i in
            UtteranceRecord(key: "utt\(i)", audioPath: "/data/wav/utt\(i).wav", label: labels[i % 4],
                            speaker: "spk\(i % 2)", fold: "Session\(i % 2 + 1)", duration: 1.0 + Double(i))
        }
    }

    static func modelRecord(sha: String = "abc123") -> ModelRecord {
        ModelRecord(family: "emotion2vec", variant: "tiny", directory: "/models/tiny", checkpointSHA256: sha,
                    labels: labels, rawLabels: labels, embeddingDim: 3, config: "dim: 3")
    }

    /// A store (in memory unless `path` is given) holding the corpus, model and one run.
    init(path: String = ":memory:", options: RunOptions = RunOptions(embeddings: true)) throws {
        store = try EvalStore(path: path)
        let records = Self.utteranceRecords()
        let corpusRecord = CorpusRecord(name: "mini", recipePath: "Recipes/mini.yaml", recipeSHA256: "r1",
                                        audioSetSHA256: CorpusRecord.audioSetSHA256(of: records), labels: Self.labels)
        (corpus, utterances) = try store.ensureCorpus(corpusRecord, utterances: records)
        model = try store.ensureModel(Self.modelRecord())
        let identity = RunRecord.identity(audioSetSHA256: corpus.audioSetSHA256,
                                          checkpointSHA256: model.checkpointSHA256, options: options)
        run = try store.ensureRun(identity: identity, corpusId: corpus.id ?? -1, modelId: model.id ?? -1,
                                  options: options)
    }

    /// A deterministic prediction for utterance `index`.
    func prediction(_ index: Int, scale: Float = 1) -> PredictionRecord {
        let scores: [Float] = (0..<4).map { Float(($0 + index) % 4) * 0.1 * scale }
        let top = scores.indices.max { scores[$0] < scores[$1] } ?? 0
        return PredictionRecord(runId: run.id, utteranceId: utterances[index].id ?? -1, scores: scores,
                                topLabel: Self.labels[top], topScore: scores[top],
                                embedding: [Float(index), 0.5, -1], audioSeconds: 1.0 + Double(index),
                                decodeSeconds: 0.01, inferenceSeconds: 0.1)
    }

    func failure(_ index: Int, kind: FailureKind = .tooShort) -> FailureRecord {
        FailureRecord(runId: run.id, utteranceId: utterances[index].id ?? -1, kind: kind,
                      message: "utt\(index).wav: too short")
    }
}
