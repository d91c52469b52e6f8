// `emoeval probe` as a library call: features → folds → training → runs in the store.
import EmoKernels
import Foundation
import EmoCorpus
import EmoKernels
import EmoModels
import EmoRunner
import EmoStore

/// One probe experiment over a recipe's corpus.
public struct ProbeRequest: Sendable {
    public var recipe: Recipe
    public var corpus: Corpus
    public var probeProtocol: ProbeProtocol
    public var settings: ProbeSettings
    public var databasePath: String
    /// Feature file; nil = `FeatureExtraction.defaultPath` next to the database.
    public var featurePath: String?
    /// Utterances extracted at once.
    public var jobs: Int
    /// The command line, stored with the run session.
    public var command: String

    public init(recipe: Recipe, corpus: Corpus, probeProtocol: ProbeProtocol, settings: ProbeSettings,
                databasePath: String, featurePath: String? = nil, jobs: Int = 1, command: String = "emoeval probe") {
        self.recipe = recipe
        self.corpus = corpus
        self.probeProtocol = probeProtocol
        self.settings = settings
        self.databasePath = databasePath
        self.featurePath = featurePath
        self.jobs = jobs
        self.command = command
    }
}

/// What `runProbe` did.
public struct ProbeOutcome: Sendable {
    public var runId: Int64
    /// The stored model variant naming the protocol, e.g. "emotion2vec_plus_base+probe:loso".
    public var variant: String
    public var featurePath: String
    public var featuresReused: Bool
    /// Utterances left out (no features or a label outside the recipe's label set).
    public var excluded: Int
    public var result: ProbeResult
}

/// The model variant stored for a probe: base variant + head + protocol (+ non-default epochs/seed).
public func probeVariant(base: String, probeProtocol: ProbeProtocol, settings: ProbeSettings) -> String {
    let head = settings.head == .mlp ? "probe" : "logreg"
    var name = "\(base)+\(head):\(probeProtocol.rawValue)" + (probeProtocol.selectsOnTest ? "*" : "")
    let defaults = ProbeSettings()
    if settings.epochs != defaults.epochs { name += " e\(settings.epochs)" }
    if settings.seed != defaults.seed { name += " s\(settings.seed)" }
    return name
}

/// Extracts or reuses features, trains per fold and stores the test predictions as one run whose model
/// row has family "probe", the recipe's labels and a variant naming the protocol. OpenBLAS runs one thread
/// meanwhile (restored afterwards).
public func runProbe(_ request: ProbeRequest, model: any EmotionModel,
                     progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> ProbeOutcome {
    // One OpenBLAS thread: extraction and folds run in parallel workers instead, and the figures then do not
    // depend on --jobs (a threaded sgemm may sum in another order).
    try BlasThreads.using(1) { try runProbeSingleThreaded(request, model: model, progress: progress) }
}

private func runProbeSingleThreaded(_ request: ProbeRequest, model: any EmotionModel,
                                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?) throws -> ProbeOutcome {
    let started = Date()
    let environment = RunEnvironment.current(blasThreads: 1)
    let utterances = UtteranceRecord.records(of: request.corpus)
    let store = try EvalStore(path: request.databasePath)
    var corpusRow = CorpusRecord(recipe: request.recipe)
    corpusRow.audioSetSHA256 = CorpusRecord.audioSetSHA256(of: utterances)
    let (corpus, stored) = try store.ensureCorpus(corpusRow, utterances: utterances)
    var storedIds: [String: Int64] = [:]
    for row in stored { if let id = row.id { storedIds[row.key] = id } }

    let identity = try model.hashedIdentity()
    // int8 features are other features: their own key, file, variant ("…+int8") and run options.
    var options = RunOptions()
    options.record(model.precision)
    let baseVariant = identity.variant + (options.precision.map { "+\($0)" } ?? "")
    let key = FeatureExtraction.key(checkpointSHA256: identity.checkpointSHA256, corpusName: request.recipe.name,
                                    utterances: utterances, precision: model.precision.scheme)
    let path = request.featurePath
        ?? FeatureExtraction.defaultPath(databasePath: request.databasePath, variant: baseVariant, key: key)
    let extracted = try FeatureExtraction.loadOrExtract(model: model, utterances: utterances, loader: .standard,
                                                        path: path, key: key, jobs: request.jobs, progress: progress)
    let classes = request.recipe.labels
    let labels = request.corpus.utterances.map { classes.firstIndex(of: $0.label) ?? -1 }
    let included = labels.indices.filter { labels[$0] >= 0 && extracted.features.lengths[$0] > 0 }
    let subsetFolds = try makeFolds(protocol: request.probeProtocol,
                                    sessions: included.map { request.corpus.utterances[$0].fold
                                        ?? request.corpus.utterances[$0].session },
                                    speakers: included.map { request.corpus.utterances[$0].speaker },
                                    seed: request.settings.seed)
    let folds = subsetFolds.map { fold in
        ProbeFold(name: fold.name, train: fold.train.map { included[$0] },
                  validation: fold.validation.map { included[$0] }, test: fold.test.map { included[$0] })
    }
    let features = request.settings.head == .logreg ? extracted.features.meanPooled() : extracted.features
    let result = try trainProbe(features: features, labels: labels.map { max($0, 0) }, classes: classes,
                                folds: folds, settings: request.settings)

    let variant = probeVariant(base: baseVariant, probeProtocol: request.probeProtocol, settings: request.settings)
    let settingsText = "head \(request.settings.head.rawValue), protocol \(request.probeProtocol.rawValue), "
        + "epochs \(request.settings.epochs), batch \(request.settings.batchSize), seed \(request.settings.seed), "
        + "hidden \(request.settings.hiddenDim), RMSprop + CyclicLR stepped per epoch"
    let description = settingsText + "; features \(path)"
    let modelRow = try store.ensureModel(ModelRecord(
        family: "probe", variant: variant, directory: identity.directory, checkpointSHA256: identity.checkpointSHA256,
        labels: classes, rawLabels: classes, embeddingDim: model.embeddingDim, config: description))
    let runIdentity = RunRecord.identity(audioSetSHA256: corpus.audioSetSHA256,
                                         checkpointSHA256: "\(identity.checkpointSHA256)|\(variant)|\(settingsText)",
                                         options: options)
    let run = try store.ensureRun(identity: runIdentity, corpusId: try corpus.storedId(), modelId: try modelRow.storedId(),
                                  options: options)
    let runId = run.id
    try store.clearResults(runId: runId)
    let session = try store.beginSession(RunSessionRecord(
        runId: runId, startedAt: StoreTime.string(started), toolkitVersion: environment.toolkitVersion,
        host: environment.host, blasCore: environment.blasCore, blasThreads: environment.blasThreads,
        jobs: request.jobs, shard: nil, command: request.command))
    var predictions: [PredictionRecord] = []
    for fold in result.folds {
        for (k, index) in fold.testIndices.enumerated() {
            guard let utteranceId = storedIds[utterances[index].key] else { continue }
            let probabilities = fold.probabilities[k], top = fold.predicted[k]
            predictions.append(PredictionRecord(
                runId: runId, utteranceId: utteranceId, scores: probabilities, topLabel: classes[top],
                topScore: probabilities[top], audioSeconds: utterances[index].duration ?? 0, decodeSeconds: 0,
                inferenceSeconds: 0))
        }
    }
    var failures: [FailureRecord] = []
    for (index, failure) in extracted.failures.sorted(by: { $0.key < $1.key }) {
        guard let utteranceId = storedIds[utterances[index].key] else { continue }
        failures.append(FailureRecord(runId: runId, utteranceId: utteranceId, kind: failure.0, message: failure.1))
    }
    let sessionId = try session.storedId()
    _ = try store.commit(predictions: predictions, failures: failures, sessionId: sessionId)
    try store.finishSession(id: sessionId, status: .complete)
    return ProbeOutcome(runId: runId, variant: variant, featurePath: path, featuresReused: extracted.reused,
                        excluded: utterances.count - included.count, result: result)
}
