// Slurm job arrays: `--shard auto` from the array variables, --jobs from the CPUs per task, provenance, and
// what `runs` / `merge` tell about the shards of an array.
import Foundation
import Testing
import EmoRunner
import EmoStore

@Suite("Slurm arrays, shard progress and merge completeness")
struct SlurmTests {
    let model = FakeModel()

    /// The variables Slurm sets in task `id` of `--array=min-max`.
    func arrayTask(_ id: Int, min: Int, max: Int, extra: [String: String] = [:]) -> SlurmEnvironment {
        SlurmEnvironment(arrayVariables(id, min: min, max: max).merging(extra) { $1 })
    }

    func arrayVariables(_ id: Int, min: Int, max: Int) -> [String: String] {
        [
            "SLURM_JOB_ID": "\(500 + id)", "SLURM_ARRAY_JOB_ID": "500", "SLURM_ARRAY_TASK_ID": "\(id)",
            "SLURM_ARRAY_TASK_MIN": "\(min)", "SLURM_ARRAY_TASK_MAX": "\(max)",
            "SLURM_ARRAY_TASK_COUNT": "\(max - min + 1)", "SLURMD_NODENAME": "node7", "HOME": "/root",
        ]
    }

    @Test("arrays numbered from 1 and from 0 give the same shards 1/N ... N/N")
    func arrayShards() throws {
        let fromOne = try (1...16).map { try arrayTask($0, min: 1, max: 16).arrayShard() }
        let fromZero = try (0...15).map { try arrayTask($0, min: 0, max: 15).arrayShard() }
        #expect(fromOne == fromZero)
        #expect(fromOne.map(\.description) == (1...16).map { "\($0)/16" })
        #expect(try arrayTask(1, min: 1, max: 1).arrayShard() == Shard(index: 1, count: 1))
    }

    @Test("--shard auto outside an array, in a partial resubmission or an array with gaps is a clear error")
    func arrayShardErrors() throws {
        func message(_ environment: SlurmEnvironment) -> String {
            do { _ = try environment.arrayShard(); return "no error" } catch { return "\(error)" }
        }
        #expect(message(SlurmEnvironment(["SLURM_JOB_ID": "12", "HOME": "/root"]))
                .hasPrefix("--shard auto: not in a Slurm job array (SLURM_ARRAY_TASK_ID is not set)"))
        #expect(message(SlurmEnvironment([:])).contains("give the shard as --shard K/N"))
        // `sbatch --array=5` (re-running task 5 of 16 alone) cannot know N: refused, with what to do instead.
        #expect(message(arrayTask(5, min: 5, max: 5)).contains("the array's task ids start at 5"))
        #expect(message(arrayTask(5, min: 5, max: 5)).contains("scontrol requeue"))
        // --array=1-16:2 has 8 tasks with ids 1...15.
        let stepped = arrayTask(3, min: 1, max: 15, extra: ["SLURM_ARRAY_TASK_COUNT": "8"])
        #expect(message(stepped).contains("needs contiguous ids"))
        #expect(message(SlurmEnvironment(["SLURM_ARRAY_TASK_ID": "2"])).contains("SLURM_ARRAY_TASK_COUNT is not set"))
    }

    @Test("--jobs default, job provenance")
    func cpusAndJob() {
        #expect(arrayTask(2, min: 1, max: 4, extra: ["SLURM_CPUS_PER_TASK": "8"]).cpusPerTask == 8)
        #expect(arrayTask(2, min: 1, max: 4).cpusPerTask == nil)
        #expect(SlurmEnvironment(["SLURM_CPUS_PER_TASK": "0"]).cpusPerTask == nil)
        #expect(arrayTask(2, min: 1, max: 4).job == SlurmJob(jobId: "500", arrayTaskId: 2, node: "node7"))
        #expect(arrayTask(2, min: 1, max: 4).job?.displayId == "500_2")
        #expect(SlurmEnvironment(["SLURM_JOB_ID": "77"]).job == SlurmJob(jobId: "77"))
        #expect(SlurmEnvironment(["HOME": "/root"]).job == nil)
    }

    @Test("{shard} and {shards} in a database path")
    func placeholders() throws {
        let shard = try Shard(index: 3, count: 16)
        #expect(shard.substitute(in: "shards/iemocap-{shard}-of-{shards}.sqlite") == "shards/iemocap-3-of-16.sqlite")
        #expect(Shard.hasPlaceholder("a-{shards}.sqlite") && !Shard.hasPlaceholder("a.sqlite"))
    }

    /// Shard `k` of 3 of 17 fake utterances, run in its own store with an array task's provenance.
    func shardStore(_ k: Int, _ utterances: [UtteranceRecord]) throws -> EvalStore {
        let store = try EvalStore.inMemory()
        var environment = FakeAudio.environment
        environment.slurm = arrayTask(k, min: 1, max: 3).job
        _ = try Runner(store: store, loader: FakeAudio.loader, environment: environment)
            .run(FakeAudio.request(utterances, shard: try Shard(index: k, count: 3)), model: model)
        return store
    }

    @Test("sessions record the Slurm job, array task and node, and merge keeps them")
    func provenanceSurvivesMerge() throws {
        let utterances = FakeAudio.utterances(17)
        let merged = try EvalStore.inMemory()
        for k in 1...3 { _ = try merged.merge(from: try shardStore(k, utterances), sourceName: "shard\(k)") }
        let run = try #require(try merged.runOverviews().first)
        let sessions = try merged.sessions(runId: run.run.id)
        #expect(sessions.map(\.slurm) == (1...3).map { SlurmJob(jobId: "500", arrayTaskId: $0, node: "node7") })
        #expect(sessions.map(\.shard) == ["1/3", "2/3", "3/3"])
    }

    @Test("a merge missing one shard names that shard and exactly its utterances")
    func completeness() throws {
        let utterances = FakeAudio.utterances(17, failing: [4: "corrupt"])
        let merged = try EvalStore.inMemory()
        for k in [1, 3] { _ = try merged.merge(from: try shardStore(k, utterances), sourceName: "shard\(k)") }
        let check = try #require(try RunCompleteness.check(merged).first)
        let second = try Shard(index: 2, count: 3).keys(of: utterances).sorted()
        #expect(!second.isEmpty && check.missing == second)
        #expect(check.shardCount == 3 && check.missingByShard == [2: second])
        _ = try merged.merge(from: try shardStore(2, utterances), sourceName: "shard2")
        // The corrupt utterance is a stored failure: present, so the run is complete.
        let after = try #require(try RunCompleteness.check(merged).first)
        #expect(after.isComplete && after.overview.failed == 1)
        #expect(try RunCompleteness.check(merged, identities: []).isEmpty)
    }

    @Test("per-shard progress: each shard's share, status, job and node; totals over the databases")
    func shardProgress() throws {
        let utterances = FakeAudio.utterances(17)
        // Shard 2 stopped early (as if cancelled): --limit 2 of its share.
        let partial = try EvalStore.inMemory()
        var environment = FakeAudio.environment
        environment.slurm = arrayTask(2, min: 1, max: 3).job
        _ = try Runner(store: partial, loader: FakeAudio.loader, environment: environment)
            .run(FakeAudio.request(utterances, shard: try Shard(index: 2, count: 3), limit: 2), model: model)
        let entries = try ShardProgress.read(try shardStore(1, utterances), database: "s1.sqlite")
            + ShardProgress.read(partial, database: "s2.sqlite")
        let shares = try (1...2).map { try Shard(index: $0, count: 3).keys(of: utterances).count }
        #expect(entries.map(\.shareCount) == shares)
        #expect(entries.map(\.done) == [shares[0], 2])
        #expect(entries.map(\.status) == [.complete, .incomplete])
        let table = RunListing.renderShards(entries)
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("database   run  model  shard  status      done"))
        #expect(lines[1].contains("1/3    complete    \(shares[0])/\(shares[0])"))
        #expect(lines[1].hasSuffix("500_1      node7"))
        #expect(lines[2].contains("2/3    incomplete  2/\(shares[1])"))
        #expect(lines[3] == "total fake on fake: \(shares[0] + 2)/17 done, 0 failed; shards complete 1/3; "
                + "no database for shard 3")
    }
}
