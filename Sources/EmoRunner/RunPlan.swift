// What is left to do for a run: pure function of the corpus, what the store already holds and the options.
import EmoStore

/// The pending utterances of one run, in key order.
public struct RunPlan: Sendable, Equatable {
    /// Utterances still to infer, sorted by key.
    public var pending: [UtteranceRecord]
    /// Utterances of this run's share (all, or one shard's) already holding a prediction or failure.
    public var alreadyDone: Int
    /// Utterances in this run's share.
    public var shareCount: Int
    /// Pending utterances beyond `--limit`, left for a later invocation.
    public var deferred: Int

    public init(pending: [UtteranceRecord], alreadyDone: Int, shareCount: Int, deferred: Int) {
        self.pending = pending
        self.alreadyDone = alreadyDone
        self.shareCount = shareCount
        self.deferred = deferred
    }

    /// Builds the plan.
    /// - Parameters:
    ///   - utterances: every utterance of the corpus, with store ids.
    ///   - finished: ids of utterances that already have a prediction (or a failure, unless failures are retried).
    ///   - shard: restricts the share to one shard.
    ///   - limit: at most this many pending utterances are planned.
    public static func make(utterances: [UtteranceRecord], finished: Set<Int64>, shard: Shard? = nil,
                            limit: Int? = nil) -> RunPlan {
        var share = utterances.sorted { $0.key < $1.key }
        if let shard {
            let keys = shard.keys(of: utterances)
            share = share.filter { keys.contains($0.key) }
        }
        let open = share.filter { utterance in utterance.id.map { !finished.contains($0) } ?? true }
        let planned = limit.map { Array(open.prefix(max(0, $0))) } ?? open
        return RunPlan(pending: planned, alreadyDone: share.count - open.count, shareCount: share.count,
                       deferred: open.count - planned.count)
    }

    /// Seconds of audio pending (unknown durations count as 0).
    public var pendingAudioSeconds: Double {
        pending.reduce(0) { $0 + ($1.duration ?? 0) }
    }
}
