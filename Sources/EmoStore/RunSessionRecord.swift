// A row of `runSession`: one process working on a run (provenance of that invocation).

/// One invocation of `emoeval run` on a run: who, where, with what, when, and how much it did.
public struct RunSessionRecord: Sendable, Equatable {
    public var id: Int64?
    public var runId: Int64
    public var startedAt: String
    public var finishedAt: String?
    public var status: RunStatus
    public var toolkitVersion: String
    public var host: String
    /// OpenBLAS core name (e.g. "Haswell"), when known.
    public var blasCore: String?
    /// OpenBLAS threads per worker.
    public var blasThreads: Int?
    public var jobs: Int
    /// "K/N" for a shard, nil otherwise.
    public var shard: String?
    /// The command line as typed.
    public var command: String
    public var predicted: Int
    public var failed: Int
    public var audioSeconds: Double
    /// The Slurm job the session ran in, nil outside Slurm.
    public var slurm: SlurmJob?

    public init(id: Int64? = nil, runId: Int64, startedAt: String, finishedAt: String? = nil,
                status: RunStatus = .running, toolkitVersion: String, host: String, blasCore: String?,
                blasThreads: Int?, jobs: Int, shard: String?, command: String, predicted: Int = 0, failed: Int = 0,
                audioSeconds: Double = 0, slurm: SlurmJob? = nil) {
        self.id = id
        self.runId = runId
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.toolkitVersion = toolkitVersion
        self.host = host
        self.blasCore = blasCore
        self.blasThreads = blasThreads
        self.jobs = jobs
        self.shard = shard
        self.command = command
        self.predicted = predicted
        self.failed = failed
        self.audioSeconds = audioSeconds
        self.slurm = slurm
    }

    static let columns = """
        id, runId, startedAt, finishedAt, status, toolkitVersion, host, blasCore, blasThreads, jobs, shard, \
        command, predicted, failed, audioSeconds, slurmJobId, slurmArrayTaskId, slurmNode
        """

    /// Inserts a session from `insertValues`.
    static let insertSQL = """
        INSERT INTO runSession (runId, startedAt, finishedAt, status, toolkitVersion, host, blasCore, blasThreads,
        jobs, shard, command, predicted, failed, audioSeconds, slurmJobId, slurmArrayTaskId, slurmNode)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    init(row: Statement) throws {
        id = row.int64(0)
        runId = row.int64(1)
        startedAt = row.string(2)
        finishedAt = row.optionalString(3)
        let statusText = row.string(4)
        guard let status = RunStatus(rawValue: statusText) else {
            throw StoreError.corruptValue(table: "runSession", column: "status",
                                          problem: "unknown status '\(statusText)'")
        }
        self.status = status
        toolkitVersion = row.string(5)
        host = row.string(6)
        blasCore = row.optionalString(7)
        blasThreads = row.optionalInt(8)
        jobs = row.int(9)
        shard = row.optionalString(10)
        command = row.string(11)
        predicted = row.int(12)
        failed = row.int(13)
        audioSeconds = row.double(14)
        slurm = row.optionalString(15).map {
            SlurmJob(jobId: $0, arrayTaskId: row.optionalInt(16), node: row.optionalString(17))
        }
    }

    var insertValues: [SQLValue] {
        [.integer(runId), .text(startedAt), .optional(finishedAt), .text(status.rawValue), .text(toolkitVersion),
         .text(host), .optional(blasCore), .optional(blasThreads), .integer(Int64(jobs)), .optional(shard),
         .text(command), .integer(Int64(predicted)), .integer(Int64(failed)), .real(audioSeconds),
         .optional(slurm?.jobId), .optional(slurm?.arrayTaskId), .optional(slurm?.node)]
    }
}
