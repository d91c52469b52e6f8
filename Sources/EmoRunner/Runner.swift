// Runs one model over a corpus into the store: plan, the inference pool, ordered batched commits, progress,
// stop rules.
import Foundation
import EmoKernels
import EmoModels
import EmoStore

/// Infers every pending utterance of a run and commits the results. The calling thread is the single writer.
public struct Runner: Sendable {
    public var store: EvalStore
    public var loader: AudioLoader
    public var environment: RunEnvironment
    /// Called on the writer thread after results arrive (throttle in the callee).
    public var progress: (@Sendable (RunProgress) -> Void)?

    public init(store: EvalStore, loader: AudioLoader, environment: RunEnvironment,
                progress: (@Sendable (RunProgress) -> Void)? = nil) {
        self.store = store
        self.loader = loader
        self.environment = environment
        self.progress = progress
    }

    /// Runs `model` over `request`'s corpus. Per-utterance problems become failure rows; the call throws only
    /// when the store fails. Cancelling `cancellation` stops after the utterances in flight, committing them.
    public func run(_ request: RunRequest, model: any EmotionModel,
                    cancellation: CancellationFlag = CancellationFlag()) throws -> RunSummary {
        let started = Date()
        var corpusRow = request.corpus
        corpusRow.audioSetSHA256 = CorpusRecord.audioSetSHA256(of: request.utterances)
        let (corpus, utterances) = try store.ensureCorpus(corpusRow, utterances: request.utterances)
        let modelRow = try store.ensureModel(try ModelRecord(model: model))
        var options = request.options
        options.record(model.precision)   // what the model computes at
        let identity = RunRecord.identity(audioSetSHA256: corpus.audioSetSHA256,
                                          checkpointSHA256: modelRow.checkpointSHA256, options: options)
        let run = try store.ensureRun(identity: identity, corpusId: try corpus.storedId(), modelId: try modelRow.storedId(),
                                      options: options)
        let runId = run.id
        if request.rerun { try store.clearResults(runId: runId) }
        if request.retryFailures { try store.clearFailures(runId: runId) }
        let plan = RunPlan.make(utterances: utterances, finished: try store.finishedUtteranceIds(runId: runId),
                                shard: request.shard, limit: request.limit)
        let session = try store.beginSession(RunSessionRecord(
            runId: runId, startedAt: StoreTime.string(started), toolkitVersion: environment.toolkitVersion,
            host: environment.host, blasCore: environment.blasCore, blasThreads: environment.blasThreads,
            jobs: request.jobs, shard: request.shard?.description, command: request.command,
            slurm: environment.slurm))
        let sessionId = try session.storedId()

        var writer = ResultWriter(store: store, runId: runId, sessionId: sessionId, labels: model.identity.labels,
                                  options: options, batchSize: request.batchSize,
                                  maxFailures: request.maxFailures)
        var ending = RunSummary.Ending.finished
        // Single-threaded BLAS per worker by default (restored when the run ends): see RunEnvironment.blasThreads.
        try BlasThreads.using(environment.blasThreads ?? BlasThreads.current) {
            if !plan.pending.isEmpty {
                var lastCommit = Date()
                var reported = RunProgress(modelVariant: model.identity.variant, done: 0, total: plan.pending.count,
                                           failed: 0, audioSeconds: 0, elapsed: 0,
                                           totalAudioSeconds: plan.pendingAudioSeconds)
                // After each result and whenever nothing arrived for commitInterval: commit a full batch or
                // what is due, and report progress.
                func commitAndReport() throws {
                    if writer.queued >= request.batchSize || Date().timeIntervalSince(lastCommit) >= request.commitInterval {
                        try writer.commitReady()
                        lastCommit = Date()
                    }
                    reported.done = writer.received
                    reported.failed = writer.failed
                    reported.audioSeconds = writer.audioSeconds
                    reported.elapsed = Date().timeIntervalSince(started)
                    progress?(reported)
                }
                let pending = plan.pending, loader = self.loader
                let sampleRate = model.sampleRate, minimumSamples = model.minimumSamples
                // The BLAS thread count was chosen above (blasThreads: nil leaves it). Workers may run ahead of the
                // writer without bound (window: all), so one long utterance does not stall the others; the writer
                // commits in plan order anyway and `--max-failures` trims by plan order.
                try runInferencePool(
                    model: model, count: pending.count, jobs: request.jobs, includeFrames: request.options.frames,
                    window: pending.count,
                    blasThreads: nil, isCancelled: { cancellation.isCancelled },
                    idleDeadline: { lastCommit.addingTimeInterval(request.commitInterval) }, idle: commitAndReport,
                    load: { try loader.load(pending[$0], sampleRate, minimumSamples) }
                ) { item in
                    try writer.receive(ItemResult(item, utterance: pending[item.index], sampleRate: sampleRate,
                                                  classify: loader.classify))
                    if writer.failureLimitReached, ending == .finished {
                        ending = .aborted
                        cancellation.cancel()
                    }
                    try commitAndReport()
                }
                try writer.commitReady()
                if ending == .finished && cancellation.isCancelled { ending = .interrupted }
            }
        }
        let sessionStatus: RunStatus = ending == .aborted ? .aborted
            : (ending == .interrupted || plan.deferred > 0 || request.shard != nil) ? .incomplete : .complete
        try store.finishSession(id: sessionId, status: sessionStatus)
        let stored = try store.runOverview(id: runId)
        return RunSummary(runId: runId, modelVariant: model.identity.variant + (options.precisionLabel.map { " (\($0))" } ?? ""), ending: ending, status: stored.run.status,
                          shareCount: plan.shareCount, alreadyDone: plan.alreadyDone, planned: plan.pending.count,
                          deferred: plan.deferred, predicted: writer.storedPredicted, failed: writer.storedFailed,
                          storedElsewhere: writer.storedElsewhere, storedFailures: stored.failed,
                          failurePreview: writer.failurePreview, audioSeconds: writer.audioSeconds,
                          wallSeconds: Date().timeIntervalSince(started))
    }
}
