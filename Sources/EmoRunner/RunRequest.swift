// Everything one `emoeval run` invocation asks for, as plain values (the CLI builds it).
import EmoStore

/// One run request: a corpus, options, and how to execute it.
public struct RunRequest: Sendable {
    /// The corpus row to store (its `audioSetSHA256` is recomputed from `utterances`).
    public var corpus: CorpusRecord
    /// Every utterance of the corpus (the shard and limit select from them).
    public var utterances: [UtteranceRecord]
    /// Options that are part of the run's identity.
    public var options: RunOptions
    /// Worker threads.
    public var jobs: Int
    public var shard: Shard?
    /// Infer at most this many pending utterances in this invocation.
    public var limit: Int?
    /// Stop once more than this many utterances failed in this invocation.
    public var maxFailures: Int?
    /// Delete the run's stored results first and infer everything again.
    public var rerun: Bool
    /// Try the run's stored failures again.
    public var retryFailures: Bool
    /// Results per transaction (a killed process loses at most this many, plus the in-flight ones).
    public var batchSize: Int
    /// Commit at least this often, seconds, even when the batch is not full.
    public var commitInterval: Double
    /// The command line as typed, for provenance.
    public var command: String

    public init(corpus: CorpusRecord, utterances: [UtteranceRecord], options: RunOptions = RunOptions(),
                jobs: Int = 1, shard: Shard? = nil, limit: Int? = nil, maxFailures: Int? = nil, rerun: Bool = false,
                retryFailures: Bool = false, batchSize: Int = 32, commitInterval: Double = 2, command: String) {
        self.corpus = corpus
        self.utterances = utterances
        self.options = options
        self.jobs = jobs
        self.shard = shard
        self.limit = limit
        self.maxFailures = maxFailures
        self.rerun = rerun
        self.retryFailures = retryFailures
        self.batchSize = batchSize
        self.commitInterval = commitInterval
        self.command = command
    }
}

/// Where and with what a run executes (recorded in `runSession`).
public struct RunEnvironment: Sendable {
    public var toolkitVersion: String
    public var host: String
    public var blasCore: String?
    public var blasThreads: Int?
    /// The Slurm job this process runs in, if any.
    public var slurm: SlurmJob?

    public init(toolkitVersion: String, host: String, blasCore: String?, blasThreads: Int?, slurm: SlurmJob? = nil) {
        self.toolkitVersion = toolkitVersion
        self.host = host
        self.blasCore = blasCore
        self.blasThreads = blasThreads
        self.slurm = slurm
    }
}
