// The writer's state: reorders results into plan order and commits them in batched transactions.
import EmoModels
import EmoStore

/// Turns the inference pool's results into store rows and commits them in plan order, so the tables are the
/// same for any number of workers and a killed run leaves a prefix of its plan.
struct ResultWriter {
    let store: EvalStore
    let runId: Int64
    let sessionId: Int64?
    let labels: [String]
    let options: RunOptions
    let batchSize: Int
    /// `--max-failures`: once more failures than this are in plan order, nothing after that point is kept,
    /// so an aborted run stores the same prefix of its plan whatever the timing of the workers.
    let maxFailures: Int?

    private var waiting: [Int: ItemResult] = [:]
    private var nextSequence = 0
    private var ready: [ItemResult] = []
    private(set) var received = 0
    private(set) var predicted = 0
    private(set) var failed = 0
    private(set) var audioSeconds = 0.0
    private(set) var failurePreview: [FailedUtterance] = []
    /// Results of this writer that another process (sharing the database) had stored first; not counted in
    /// `storedPredicted` / `storedFailed`.
    private(set) var storedElsewhere = 0
    /// Predictions and failures this writer actually inserted.
    private(set) var storedPredicted = 0
    private(set) var storedFailed = 0
    /// True once the failures in plan order exceed `maxFailures`.
    private(set) var failureLimitReached = false

    init(store: EvalStore, runId: Int64, sessionId: Int64?, labels: [String], options: RunOptions, batchSize: Int,
         maxFailures: Int? = nil) {
        self.store = store
        self.runId = runId
        self.sessionId = sessionId
        self.labels = labels
        self.options = options
        self.batchSize = batchSize
        self.maxFailures = maxFailures
    }

    /// Results ready to commit (contiguous from the start of the plan).
    var queued: Int { ready.count }

    /// Takes one result (the pool delivers them in plan order; any order is accepted); results join `ready` in
    /// plan order. Counts (`predicted`, `failed`, `audioSeconds`) cover only results in plan order, i.e. what is
    /// or will be committed.
    mutating func receive(_ result: ItemResult) throws {
        received += 1
        guard !failureLimitReached else { return }
        waiting[result.sequence] = result
        while !failureLimitReached, let next = waiting.removeValue(forKey: nextSequence) {
            if case let .failure(kind, message) = next.outcome {
                failed += 1
                if failurePreview.count < 5 {
                    failurePreview.append(FailedUtterance(utteranceKey: next.utterance.key,
                                                          audioPath: next.utterance.audioPath, kind: kind,
                                                          message: message))
                }
                if let maxFailures, failed > maxFailures { failureLimitReached = true; waiting.removeAll() }
            } else {
                predicted += 1
                audioSeconds += next.audioSeconds
            }
            ready.append(next)
            nextSequence += 1
        }
    }

    /// Commits every ready result in one transaction.
    mutating func commitReady() throws {
        guard !ready.isEmpty else { return }
        var predictions: [PredictionRecord] = []
        var failures: [FailureRecord] = []
        for result in ready {
            let utteranceId = try result.utterance.storedId()
            switch result.outcome {
            case let .failure(kind, message):
                failures.append(FailureRecord(runId: runId, utteranceId: utteranceId, kind: kind, message: message))
            case let .output(output):
                predictions.append(try prediction(output, result, utteranceId: utteranceId))
            }
        }
        let inserted = try store.commit(predictions: predictions, failures: failures, sessionId: sessionId)
        storedPredicted += inserted.predicted
        storedFailed += inserted.failed
        storedElsewhere += ready.count - inserted.predicted - inserted.failed
        ready.removeAll(keepingCapacity: true)
    }

    private func prediction(_ output: ModelOutput, _ result: ItemResult, utteranceId: Int64) throws -> PredictionRecord {
        var top: Int?
        for (index, score) in output.scores.enumerated() where top.map({ score > output.scores[$0] }) ?? true {
            top = index
        }
        let topLabel = top.flatMap { $0 < labels.count ? labels[$0] : nil }
        let frames = options.frames ? output.frames : nil
        return PredictionRecord(
            runId: runId, utteranceId: utteranceId, scores: output.scores, topLabel: topLabel,
            topScore: top.map { output.scores[$0] }, embedding: options.embeddings ? output.embedding : nil,
            frames: frames?.data, frameCount: frames?.shape.first, frameDim: frames?.shape.last,
            audioSeconds: result.audioSeconds, decodeSeconds: result.decodeSeconds,
            inferenceSeconds: result.inferenceSeconds)
    }
}
