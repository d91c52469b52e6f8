// `emoeval run`, `runs`, `export`, `merge` end to end on the built binary with the tiny emotion2vec+ fixture.
import Foundation
import Testing
import EmoTestSupport
import EmoStore

@Suite("emoeval run / runs / export / merge", .serialized)
struct RunCLITests {
    @Test("run stores every utterance, failures become rows, exit status 3; runs and export read them back")
    func runEndToEnd() throws {
        let corpus = try RunCorpus(clipCount: 4)
        defer { corpus.remove() }
        let db = corpus.database("r.sqlite")
        let result = try Emoeval.run(["run", corpus.recipe, "--db", db, "--jobs", "2", "--progress", "lines"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.contains("4 predicted, 3 failed"))
        #expect(result.stdout.contains("Skipped 3 utterances; first 3:"))
        #expect(result.stderr.contains("7/7 (100.0%)"))
        let runs = try Emoeval.run(["runs", "--db", db])
        #expect(runs.stdout.contains("complete  clitest"), "\(runs.stdout)")
        let csv = try Emoeval.run(["export", "--db", db, "--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").count == 5)
        #expect(csv.stdout.hasPrefix("run,model,utterance,audio_path,label,speaker,fold,top_label,top_score"))
        let failures = try Emoeval.run(["export", "--db", db, "--failures", "--format", "jsonl"])
        let kinds = failures.stdout.split(separator: "\n").map { line in
            ["unreadable-audio", "missing-audio", "too-short"].first { line.contains("\"kind\":\"\($0)\"") } ?? "?"
        }
        #expect(kinds == ["unreadable-audio", "missing-audio", "too-short"])
        // Running the same command again resumes: nothing left to do.
        let again = try Emoeval.run(["run", corpus.recipe, "--db", db, "--progress", "none"])
        #expect(again.stdout.contains("0 predicted, 0 failed, 7 already stored"), "\(again.stdout)")
        #expect(again.status == 3)
        let missing = try Emoeval.run(["runs", "--db", corpus.database("nope.sqlite")])
        #expect(missing.status == 1 && missing.stderr.contains("nope.sqlite: no such result database"))
    }

    @Test("stored results are identical for --jobs 1 and --jobs 2")
    func jobsIdentical() throws {
        let corpus = try RunCorpus(clipCount: 4)
        defer { corpus.remove() }
        for (jobs, name) in [("1", "one.sqlite"), ("2", "two.sqlite")] {
            _ = try Emoeval.run(["run", corpus.recipe, "--db", corpus.database(name), "--jobs", jobs,
                                 "--embeddings", "--progress", "none"])
        }
        let one = try storedTables(corpus.database("one.sqlite"))
        #expect(one.count == 1 + 4 + 3)
        #expect(one == (try storedTables(corpus.database("two.sqlite"))))
    }

    @Test("SIGKILL at several points, then resume: the tables equal an uninterrupted run's")
    func killAndResume() throws {
        let corpus = try RunCorpus(clipCount: 12)
        defer { corpus.remove() }
        let reference = corpus.database("reference.sqlite")
        _ = try Emoeval.run(["run", corpus.recipe, "--db", reference, "--jobs", "2", "--progress", "none"])
        let killed = corpus.database("killed.sqlite")
        let arguments = ["run", corpus.recipe, "--db", killed, "--jobs", "2", "--batch-size", "1", "--progress", "none"]
        var storedAfterKills: [Int] = []
        // Kill once something more is stored, after a varying extra delay so kills fall between commits too.
        for (round, extraDelay) in [0.0, 0.15, 0.3].enumerated() {
            let process = try startEmoeval(arguments)
            let target = (storedAfterKills.last ?? 0) + 1 + round
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, process.isRunning, storedCount(killed) < target {
                Thread.sleep(forTimeInterval: 0.02)
            }
            Thread.sleep(forTimeInterval: extraDelay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            storedAfterKills.append(storedCount(killed))
        }
        let resumed = try Emoeval.run(arguments)
        #expect(resumed.status == 3, "\(resumed.stderr)")
        #expect(storedAfterKills.contains { $0 > 0 && $0 < corpus.count }, "kills at \(storedAfterKills)")
        #expect(try storedTables(killed) == storedTables(reference))
    }

    @Test("SIGINT commits what is done, prints how to resume and exits 130")
    func interrupt() throws {
        let corpus = try RunCorpus(clipCount: 12)
        defer { corpus.remove() }
        let db = corpus.database("r.sqlite")
        let process = Process()
        process.executableURL = Emoeval.binary
        process.arguments = ["run", corpus.recipe, "--db", db, "--jobs", "2", "--batch-size", "2", "--progress", "none"]
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until something is committed, then interrupt.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning, storedCount(db) == 0 {
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, SIGINT)
        let stderr = String(decoding: errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("resume with: "))
        let overview = try #require(try EvalStore(path: db).runOverviews().first)
        #expect(overview.predicted > 0 && overview.run.status == .incomplete)
        let resumed = try Emoeval.run(["run", corpus.recipe, "--db", db, "--progress", "none"])
        #expect(resumed.status == 3)
        #expect(try EvalStore(path: db).runOverviews().first?.run.status == .complete)
    }

    @Test("two shards merged equal one run; merge output names what it added")
    func shardsAndMerge() throws {
        let corpus = try RunCorpus(clipCount: 5)
        defer { corpus.remove() }
        _ = try Emoeval.run(["run", corpus.recipe, "--db", corpus.database("full.sqlite"), "--progress", "none"])
        for k in 1...2 {
            let shard = try Emoeval.run(["run", corpus.recipe, "--db", corpus.database("s\(k).sqlite"),
                                         "--shard", "\(k)/2", "--progress", "none"])
            #expect(shard.status == 0 || shard.status == 3)
        }
        let merged = try Emoeval.run(["merge", corpus.database("out.sqlite"), corpus.database("s1.sqlite"),
                                      corpus.database("s2.sqlite")])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("s2.sqlite: 1 run (0 new)"))
        let full = try storedTables(corpus.database("full.sqlite"))
        let out = try storedTables(corpus.database("out.sqlite"))
        // Row ids differ (shards interleave), so compare the sorted content without ids.
        let strip = { (rows: [String]) in rows.map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? $0 }.sorted() }
        #expect(strip(out) == strip(full))
        let bad = try Emoeval.run(["run", corpus.recipe, "--shard", "3/2"])
        #expect(bad.status == 64)
    }

    @Test("a Slurm array's tasks: --shard auto, {shard} paths, --jobs and provenance; merge names a missing shard")
    func slurmArray() throws {
        let corpus = try RunCorpus(clipCount: 4)
        defer { corpus.remove() }
        let template = corpus.database("shards/clitest-{shard}-of-{shards}.sqlite")
        // --array=0-2 (numbered from 0): tasks 0, 1, 2 are shards 1/3, 2/3, 3/3.
        for task in 0...2 {
            let environment = ["SLURM_JOB_ID": "\(701 + task)", "SLURM_ARRAY_JOB_ID": "700",
                               "SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_ARRAY_TASK_MIN": "0",
                               "SLURM_ARRAY_TASK_MAX": "2", "SLURM_ARRAY_TASK_COUNT": "3",
                               "SLURM_CPUS_PER_TASK": "2", "SLURMD_NODENAME": "node\(task)"]
            let result = try Emoeval.run(["run", corpus.recipe, "--shard", "auto", "--db", template,
                                          "--progress", "none"], environment: environment)
            #expect(result.status == 0 || result.status == 3, "\(result.stderr)")
            #expect(result.stdout.contains("e2v_tiny_plus shard \(task + 1)/3: "), "\(result.stdout)")
        }
        let shards = (1...3).map { corpus.database("shards/clitest-\($0)-of-3.sqlite") }
        for (k, path) in shards.enumerated() {
            let store = try EvalStore(path: path)
            let run = try #require(try store.runOverviews().first)
            let session = try #require(try store.sessions(runId: run.run.id).first)
            #expect(session.shard == "\(k + 1)/3" && session.jobs == 2)
            #expect(session.slurm == SlurmJob(jobId: "700", arrayTaskId: k, node: "node\(k)"))
        }
        let runs = try Emoeval.run(["runs"] + shards)
        #expect(runs.status == 0 && runs.stdout.contains("700_0") && runs.stdout.contains("node2"), "\(runs.stdout)")
        #expect(runs.stdout.contains("total e2v_tiny_plus on clitest: 7/7 done, 3 failed; shards complete 3/3"))

        // Task 2 (shard 2/3) "failed": merging the others lists its utterances and exits 3 unless --partial.
        let missing = try Emoeval.run(["merge", corpus.database("m.sqlite"), shards[0], shards[2]])
        #expect(missing.status == 3, "\(missing.stderr)")
        #expect(missing.stdout.contains("INCOMPLETE: run 1 e2v_tiny_plus on clitest: "))
        #expect(missing.stdout.contains("  shard 2/3: "), "\(missing.stdout)")
        #expect(missing.stderr.contains("--partial accepts a partial merge"))
        let partial = try Emoeval.run(["merge", "--partial", corpus.database("p.sqlite"), shards[0], shards[2]])
        #expect(partial.status == 0 && partial.stdout.contains("  shard 2/3: "))
        let complete = try Emoeval.run(["merge", corpus.database("m.sqlite"), shards[1]])
        #expect(complete.status == 0, "\(complete.stderr)")
        #expect(complete.stdout.contains("complete: run 1 e2v_tiny_plus on clitest: 7/7 utterances (4 predicted, 3 failed)"))

        let outside = try Emoeval.run(["run", corpus.recipe, "--shard", "auto", "--db", template])
        #expect(outside.status == 64 && outside.stderr.contains("--shard auto: not in a Slurm job array"))
        let noShard = try Emoeval.run(["run", corpus.recipe, "--db", template])
        #expect(noShard.status == 64 && noShard.stderr.contains("{shard} and {shards} need --shard"))
    }

    @Test("two processes writing one database at once lose nothing")
    func concurrentProcesses() throws {
        let corpus = try RunCorpus(clipCount: 6)
        defer { corpus.remove() }
        let db = corpus.database("shared.sqlite")
        let base = ["run", corpus.recipe, "--db", db, "--jobs", "1", "--batch-size", "1", "--progress", "none"]
        let first = try startEmoeval(base)
        let second = try startEmoeval(base + ["--embeddings"])
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 3 && second.terminationStatus == 3)
        let overviews = try EvalStore(path: db).runOverviews()
        #expect(overviews.count == 2)
        #expect(overviews.allSatisfy { $0.predicted == 6 && $0.failed == 3 && $0.run.status == .complete })
    }
}
