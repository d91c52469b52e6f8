// What a Slurm job tells its processes through the environment: the array task (→ `--shard auto`), the CPUs
// granted per task (→ the default `--jobs`) and the job's identity (→ provenance).
import EmoStore

/// The Slurm variables of a process's environment. Outside Slurm every property is nil.
public struct SlurmEnvironment: Sendable, Equatable {
    let variables: [String: String]

    /// Reads the `SLURM_*` variables of `environment` (e.g. `ProcessInfo.processInfo.environment`).
    public init(_ environment: [String: String]) {
        variables = environment.filter { $0.key.hasPrefix("SLURM") }
    }

    /// `SLURM_CPUS_PER_TASK` (set inside a job submitted with `--cpus-per-task`), when it is a positive number.
    public var cpusPerTask: Int? {
        variables["SLURM_CPUS_PER_TASK"].flatMap { Int($0) }.flatMap { $0 >= 1 ? $0 : nil }
    }

    /// The job this process runs in (`SLURM_ARRAY_JOB_ID` for an array task, else `SLURM_JOB_ID`).
    public var job: SlurmJob? {
        guard let id = variables["SLURM_ARRAY_JOB_ID"] ?? variables["SLURM_JOB_ID"], !id.isEmpty else { return nil }
        return SlurmJob(jobId: id, arrayTaskId: variables["SLURM_ARRAY_TASK_ID"].flatMap { Int($0) },
                        node: variables["SLURMD_NODENAME"] ?? variables["SLURM_NODELIST"])
    }

    /// The shard of this array task: K = task id − lowest task id + 1, N = number of tasks, so
    /// `--array=1-16` and `--array=0-15` both give shards 1/16 … 16/16.
    ///
    /// Throws `RunnerError.shardAuto` outside an array, and for arrays whose indices do not start at 0 or 1 or
    /// have gaps (`--array=2`, `1-16:2`, `1,3,5`): such an array is usually a re-submission of some tasks of
    /// an earlier array, whose shard numbers the task ids alone cannot give.
    public func arrayShard() throws -> Shard {
        guard let idText = variables["SLURM_ARRAY_TASK_ID"] else {
            throw RunnerError.shardAuto("""
                not in a Slurm job array (SLURM_ARRAY_TASK_ID is not set); submit with `sbatch --array=1-N`, \
                or give the shard as --shard K/N
                """)
        }
        func number(_ name: String) throws -> Int {
            guard let text = variables[name], let value = Int(text) else {
                throw RunnerError.shardAuto("\(name) is \(variables[name].map { "'\($0)'" } ?? "not set") in this array task")
            }
            return value
        }
        guard let id = Int(idText) else { throw RunnerError.shardAuto("SLURM_ARRAY_TASK_ID is '\(idText)'") }
        let count = try number("SLURM_ARRAY_TASK_COUNT"), min = try number("SLURM_ARRAY_TASK_MIN")
        let max = variables["SLURM_ARRAY_TASK_MAX"].flatMap { Int($0) } ?? min + count - 1
        guard min == 0 || min == 1 else {
            throw RunnerError.shardAuto("""
                the array's task ids start at \(min); --shard auto needs an array numbered from 0 or 1 \
                (--array=1-N or 0-(N-1)): to re-run some tasks, requeue them (`scontrol requeue JOB_TASK`) or \
                resubmit the whole array (finished shards find nothing left to do)
                """)
        }
        guard max - min + 1 == count, count >= 1, id >= min, id <= max else {
            throw RunnerError.shardAuto("""
                the array has \(count) task\(count == 1 ? "" : "s") with ids \(min)...\(max): --shard auto needs \
                contiguous ids (no step, no list with gaps)
                """)
        }
        return try Shard(index: id - min + 1, count: count)
    }
}
