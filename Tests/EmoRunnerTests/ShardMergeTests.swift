// Scale-out at library level: shards merged equal one run; two writers on one file lose nothing.
import Foundation
import Testing
import EmoTestSupport
import EmoRunner
import EmoStore

@Suite("Shards, merge and concurrent writers")
struct ShardMergeTests {
    let model = FakeModel()

    @Test("three shard databases merge into the table of a single run")
    func shardsMerge() throws {
        let utterances = FakeAudio.utterances(17, failing: [9: "corrupt"])
        let full = try EvalStore.inMemory()
        let reference = try Runner(store: full, loader: FakeAudio.loader, environment: FakeAudio.environment)
            .run(FakeAudio.request(utterances), model: model)
        let merged = try EvalStore.inMemory()
        // Merge in reverse shard order: the result must not depend on it (predictions are keyed by utterance).
        var shardCounts: [Int] = []
        for k in [3, 1, 2] {
            let shardStore = try EvalStore.inMemory()
            let summary = try Runner(store: shardStore, loader: FakeAudio.loader, environment: FakeAudio.environment)
                .run(FakeAudio.request(utterances, shard: try Shard(index: k, count: 3)), model: model)
            #expect(summary.status == .incomplete)
            shardCounts.append(summary.shareCount)
            _ = try merged.merge(from: shardStore, sourceName: "shard\(k)")
        }
        #expect(shardCounts.reduce(0, +) == 17)
        let overview = try #require(try merged.runOverviews().first)
        #expect(overview.run.status == .complete && overview.predicted == 16 && overview.failed == 1)
        #expect(try merged.predictions(runId: overview.run.id).map(\.scores)
                == full.predictions(runId: reference.runId).map(\.scores))
        #expect(try merged.sessions(runId: overview.run.id).compactMap(\.shard).sorted() == ["1/3", "2/3", "3/3"])
    }

    @Test("two writers on one database file (two connections, two models) lose nothing")
    func concurrentWriters() async throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("shared.sqlite").path
        let utterances = FakeAudio.utterances(40)
        var second = model
        second.identity.checkpointSHA256 = "5ec0d"
        second.identity.variant = "fake2"
        let models = [model, second]
        let summaries = try await withThrowingTaskGroup(of: RunSummary.self) { group in
            for m in models {
                group.addTask {
                    let store = try EvalStore(path: path)
                    return try Runner(store: store, loader: FakeAudio.loader, environment: FakeAudio.environment)
                        .run(FakeAudio.request(utterances, jobs: 2, batchSize: 1), model: m)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let store = try EvalStore(path: path)
        let overviews = try store.runOverviews()
        #expect(overviews.count == 2 && summaries.count == 2)
        #expect(overviews.allSatisfy { $0.predicted == 40 && $0.run.status == .complete })
    }
}
