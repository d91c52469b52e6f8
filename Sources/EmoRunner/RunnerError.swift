// Errors that stop a run as a whole (per-utterance problems become failure rows instead).

/// Why `emoeval run` (or `merge`/`export`) could not proceed.
public enum RunnerError: Error, Equatable, CustomStringConvertible {
    /// `--shard` is not `K/N` with 1 ≤ K ≤ N.
    case invalidShard(String)
    /// `--shard auto` outside a usable Slurm job array.
    case shardAuto(String)
    /// `--db` holds a `{shard}` / `{shards}` placeholder but no shard was given.
    case shardPlaceholderWithoutShard(path: String)
    /// More utterances failed than `--max-failures` allows.
    case tooManyFailures(failed: Int, limit: Int)
    /// The model's labels cannot be stored (e.g. scores and labels of different lengths).
    case modelOutputMismatch(model: String, scores: Int, labels: Int)
    /// `runs`, `export` or `merge` was pointed at a database file that does not exist.
    case missingDatabase(path: String)

    public var description: String {
        switch self {
        case let .invalidShard(text):
            return "--shard '\(text)': expected K/N with 1 <= K <= N (e.g. 3/8), or auto in a Slurm job array"
        case let .shardAuto(problem):
            return "--shard auto: \(problem)"
        case let .shardPlaceholderWithoutShard(path):
            return "--db \(path): {shard} and {shards} need --shard K/N or --shard auto"
        case let .tooManyFailures(failed, limit):
            return "stopped: \(failed) utterances failed, more than --max-failures \(limit)"
                + "\nhint: the failures are stored; list them with `emoeval export --failures`, fix the data, "
                + "and re-run with --retry-failures"
        case let .modelOutputMismatch(model, scores, labels):
            return "\(model): the model returned \(scores) scores but has \(labels) labels"
        case let .missingDatabase(path):
            return "\(path): no such result database\nhint: `emoeval run RECIPE --db \(path)` creates it"
        }
    }
}
