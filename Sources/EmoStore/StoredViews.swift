// Joined read-only views handed to report, probe, export and `runs`.

/// A run with its model, corpus and progress counts (what `emoeval runs` lists).
public struct RunOverview: Sendable, Equatable {
    public var run: RunRecord
    public var model: ModelRecord
    public var corpus: CorpusRecord
    /// Utterances in the run's corpus.
    public var utteranceCount: Int
    public var predicted: Int
    public var failed: Int
    /// Earliest session start and latest session end (ISO 8601), if any session exists.
    public var startedAt: String?
    public var finishedAt: String?
    /// Sum of the sessions' wall-clock durations, seconds.
    public var wallSeconds: Double
    /// Audio seconds predicted.
    public var audioSeconds: Double

    public init(run: RunRecord, model: ModelRecord, corpus: CorpusRecord, utteranceCount: Int, predicted: Int,
                failed: Int, startedAt: String?, finishedAt: String?, wallSeconds: Double, audioSeconds: Double) {
        self.run = run
        self.model = model
        self.corpus = corpus
        self.utteranceCount = utteranceCount
        self.predicted = predicted
        self.failed = failed
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.wallSeconds = wallSeconds
        self.audioSeconds = audioSeconds
    }
}

/// One prediction joined with its utterance: what metrics and export need.
public struct ScoredUtterance: Sendable, Equatable {
    public var utteranceKey: String
    public var audioPath: String
    /// Dataset label (after the recipe's raw-label map).
    public var label: String?
    public var rawLabel: String?
    public var speaker: String?
    public var fold: String?
    /// Every raw score in the model's label order (`RunOverview.model.labels`).
    public var scores: [Float]
    public var topLabel: String?
    public var topScore: Float?
    public var audioSeconds: Double
    public var decodeSeconds: Double
    public var inferenceSeconds: Double

    public init(utteranceKey: String, audioPath: String, label: String?, rawLabel: String?, speaker: String?,
                fold: String?, scores: [Float], topLabel: String?, topScore: Float?, audioSeconds: Double, decodeSeconds:
                Double, inferenceSeconds: Double) {
        self.utteranceKey = utteranceKey
        self.audioPath = audioPath
        self.label = label
        self.rawLabel = rawLabel
        self.speaker = speaker
        self.fold = fold
        self.scores = scores
        self.topLabel = topLabel
        self.topScore = topScore
        self.audioSeconds = audioSeconds
        self.decodeSeconds = decodeSeconds
        self.inferenceSeconds = inferenceSeconds
    }
}

/// One failure joined with its utterance.
public struct FailedUtterance: Sendable, Equatable {
    public var utteranceKey: String
    public var audioPath: String
    public var kind: FailureKind
    public var message: String

    public init(utteranceKey: String, audioPath: String, kind: FailureKind, message: String) {
        self.utteranceKey = utteranceKey
        self.audioPath = audioPath
        self.kind = kind
        self.message = message
    }
}

/// One stored utterance embedding with the metadata a linear probe needs.
public struct UtteranceEmbedding: Sendable, Equatable {
    public var utteranceKey: String
    public var label: String?
    public var speaker: String?
    public var fold: String?
    /// Shape (D).
    public var embedding: [Float]

    public init(utteranceKey: String, label: String?, speaker: String?, fold: String?, embedding: [Float]) {
        self.utteranceKey = utteranceKey
        self.label = label
        self.speaker = speaker
        self.fold = fold
        self.embedding = embedding
    }
}
