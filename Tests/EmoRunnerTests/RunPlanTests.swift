// RunPlan and Shard: pure planning of pending work.
import Testing
import EmoRunner
import EmoStore

@Suite("RunPlan")
struct RunPlanTests {
    @Test("pending = share minus finished, in key order, cut by the limit")
    func pending() {
        var utterances = FakeAudio.utterances(6).reversed().map { $0 }
        for i in utterances.indices { utterances[i].id = Int64(10 + i) }   // u05 → 10 ... u00 → 15
        let plan = RunPlan.make(utterances: utterances, finished: [10, 14], limit: 3)
        #expect(plan.pending.map(\.key) == ["u00", "u02", "u03"])
        #expect(plan.alreadyDone == 2 && plan.shareCount == 6 && plan.deferred == 1)
    }

    @Test("every utterance lands in exactly one shard and shards are balanced by duration")
    func shardsPartition() throws {
        let utterances = FakeAudio.utterances(37)
        let total = utterances.reduce(0) { $0 + ($1.duration ?? 0) }
        var seen: [String: Int] = [:]
        var loads: [Double] = []
        for k in 1...4 {
            let keys = try Shard(index: k, count: 4).keys(of: utterances.shuffled())
            for key in keys { seen[key, default: 0] += 1 }
            loads.append(utterances.filter { keys.contains($0.key) }.reduce(0) { $0 + ($1.duration ?? 0) })
        }
        #expect(seen.count == 37 && seen.values.allSatisfy { $0 == 1 })
        // Greedy longest-first keeps every shard within one longest utterance (1.9 s) of the mean.
        #expect(loads.allSatisfy { abs($0 - total / 4) <= 1.9 })
    }

    @Test("--shard text is parsed and checked")
    func parsing() throws {
        #expect(try Shard(parsing: "3/8") == Shard(index: 3, count: 8))
        for bad in ["0/2", "3/2", "1/0", "a/b", "1", "1/2/3", ""] {
            #expect(throws: RunnerError.invalidShard(bad)) { try Shard(parsing: bad) }
        }
    }

    @Test("progress estimates time left by audio when durations are known")
    func progressETA() {
        let progress = RunProgress(modelVariant: "m", done: 10, total: 40, failed: 0, audioSeconds: 25, elapsed: 5,
                                   totalAudioSeconds: 100)
        #expect(progress.audioSecondsPerSecond == 5)
        #expect(progress.estimatedSecondsLeft == 15)
    }
}
