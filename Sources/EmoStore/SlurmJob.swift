// Where a session ran when it ran under Slurm (stored in `runSession`, so a shard's provenance names its task).

/// The Slurm job a session ran in.
public struct SlurmJob: Sendable, Equatable {
    /// The job id; for an array task, the array's job id (`SLURM_ARRAY_JOB_ID`, as in `squeue`'s `123_4`).
    public var jobId: String
    /// The array task id (`SLURM_ARRAY_TASK_ID`), nil outside an array.
    public var arrayTaskId: Int?
    /// The node the task ran on (`SLURMD_NODENAME`).
    public var node: String?

    public init(jobId: String, arrayTaskId: Int? = nil, node: String? = nil) {
        self.jobId = jobId
        self.arrayTaskId = arrayTaskId
        self.node = node
    }

    /// "123_4" for an array task, "123" otherwise: the id `squeue`, `scontrol` and `sacct` accept.
    public var displayId: String {
        arrayTaskId.map { "\(jobId)_\($0)" } ?? jobId
    }
}
