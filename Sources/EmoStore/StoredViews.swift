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
}

/// One failure joined with its utterance.
public struct FailedUtterance: Sendable, Equatable {
    public var utteranceKey: String
    public var audioPath: String
    public var kind: FailureKind
    public var message: String
}

/// One stored utterance embedding with the metadata a linear probe needs.
public struct UtteranceEmbedding: Sendable, Equatable {
    public var utteranceKey: String
    public var label: String?
    public var speaker: String?
    public var fold: String?
    /// Shape (D).
    public var embedding: [Float]
}
