// What a run invocation did: counts, status and the first failures (printed by the CLI).
import EmoStore

/// The outcome of one `Runner.run` call.
public struct RunSummary: Sendable, Equatable {
    public enum Ending: String, Sendable, Equatable {
        /// Every planned utterance was processed.
        case finished
        /// Stopped by a cancellation (SIGINT); what was done is committed.
        case interrupted
        /// Stopped by `--max-failures`.
        case aborted
    }

    public var runId: Int64
    public var modelVariant: String
    public var ending: Ending
    /// The run's status in the store afterwards.
    public var status: RunStatus
    /// Utterances in this invocation's share (the corpus or one shard).
    public var shareCount: Int
    /// Share utterances already stored before this invocation.
    public var alreadyDone: Int
    /// Utterances planned in this invocation.
    public var planned: Int
    /// Left for later by `--limit`.
    public var deferred: Int
    /// Predictions stored by this invocation.
    public var predicted: Int
    /// Failures stored by this invocation.
    public var failed: Int
    /// Utterances this invocation processed but found stored meanwhile by another process writing the same
    /// database (its results were identical and are not stored twice).
    public var storedElsewhere: Int = 0
    /// Failures stored for the run in this database, from any invocation.
    public var storedFailures: Int
    /// The first failures of this invocation (at most 5), in plan order.
    public var failurePreview: [FailedUtterance]
    public var audioSeconds: Double
    public var wallSeconds: Double

    /// Audio seconds per wall-clock second.
    public var realTimeFactor: Double { wallSeconds > 0 ? audioSeconds / wallSeconds : 0 }
}
