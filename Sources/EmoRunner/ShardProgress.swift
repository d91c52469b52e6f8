// How far the shards of an array have got: per database and run, the shard's share and what is stored of it;
// and, after a merge, which utterances of a run are in no shard (`emoeval runs A B...`, `emoeval merge`).
import EmoStore

/// One run in one (shard) database.
public struct ShardProgress: Sendable, Equatable {
    public var database: String
    public var overview: RunOverview
    /// The shard its latest session worked on, nil for a whole-corpus run.
    public var shard: Shard?
    /// Utterances in the shard's share (the whole corpus when `shard` is nil).
    public var shareCount: Int
    /// Share utterances holding a prediction or a failure.
    public var done: Int
    public var failed: Int
    /// The latest session (status, Slurm job, node).
    public var latestSession: RunSessionRecord?
    /// Keys of the share's finished utterances (for totals across databases).
    public var finishedKeys: Set<String>

    /// `complete` when the share is done, else the latest session's status (`running` also when its process
    /// was killed).
    public var status: RunStatus {
        if done >= shareCount { return .complete }
        return latestSession?.status ?? overview.run.status
    }

    /// Reads every run of `store`.
    public static func read(_ store: EvalStore, database: String) throws -> [ShardProgress] {
        try store.runOverviews().map { overview in
            let runId = overview.run.id
            let sessions = try store.sessions(runId: runId)
            let utterances = try store.utterances(corpusId: try overview.corpus.storedId())
            let shard = sessions.last?.shard.flatMap { try? Shard(parsing: $0) }
            let share = shard.map { $0.keys(of: utterances) } ?? Set(utterances.map(\.key))
            let finishedIds = try store.finishedUtteranceIds(runId: runId)
            let finished = Set(utterances.filter { $0.id.map(finishedIds.contains) ?? false }.map(\.key))
            return ShardProgress(database: database, overview: overview, shard: shard, shareCount: share.count,
                                 done: finished.intersection(share).count, failed: overview.failed,
                                 latestSession: sessions.last, finishedKeys: finished)
        }
    }
}

/// What a merged run lacks: the utterances of its corpus with neither a prediction nor a failure in any input.
public struct RunCompleteness: Sendable, Equatable {
    public var overview: RunOverview
    /// Keys of the utterances in no input, sorted.
    public var missing: [String]
    /// N when the run's shard sessions all used N shards (the missing keys are then grouped by shard).
    public var shardCount: Int?
    /// Shard K → its missing keys (only with `shardCount`).
    public var missingByShard: [Int: [String]]

    public var isComplete: Bool { missing.isEmpty }

    /// Checks the runs of `store` whose identity is in `identities` (every run when nil).
    public static func check(_ store: EvalStore, identities: Set<String>? = nil) throws -> [RunCompleteness] {
        try store.runOverviews().filter { identities?.contains($0.run.identity) ?? true }.map { overview in
            let runId = overview.run.id
            let missing = try store.unfinishedUtterances(runId: runId).map(\.key)
            let counts = Set(try store.sessions(runId: runId).compactMap { $0.shard.flatMap { try? Shard(parsing: $0) }?.count })
            var byShard: [Int: [String]] = [:]
            let shardCount = counts.count == 1 ? counts.first : nil
            if let n = shardCount, !missing.isEmpty {
                let utterances = try store.utterances(corpusId: try overview.corpus.storedId())
                let missingSet = Set(missing)
                for k in 1...n {
                    guard let shard = try? Shard(index: k, count: n) else { continue }
                    let keys = shard.keys(of: utterances).intersection(missingSet).sorted()
                    if !keys.isEmpty { byShard[k] = keys }
                }
            }
            return RunCompleteness(overview: overview, missing: missing, shardCount: shardCount,
                                   missingByShard: byShard)
        }
    }
}
