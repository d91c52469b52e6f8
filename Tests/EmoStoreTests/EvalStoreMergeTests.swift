// Merging shard databases: complementary shards combine, identical overlaps are fine, conflicts are refused.
import Testing
@testable import EmoStore

@Suite("EvalStore merge")
struct EvalStoreMergeTests {
    @Test("two shards merge into one complete run")
    func shards() throws {
        let first = try StoreSample(), second = try StoreSample()
        try first.store.commit(predictions: [first.prediction(0), first.prediction(2)], failures: [], sessionId: nil)
        try second.store.commit(predictions: [second.prediction(1)], failures: [second.failure(3)], sessionId: nil)
        let out = try EvalStore.inMemory()
        let a = try out.merge(from: first.store, sourceName: "a.sqlite")
        #expect(a == MergeSummary(runs: 1, newRuns: 1, predictions: 2, failures: 0))
        let b = try out.merge(from: second.store, sourceName: "b.sqlite")
        #expect(b == MergeSummary(runs: 1, newRuns: 0, predictions: 1, failures: 1))
        let overview = try #require(try out.runOverviews().first)
        #expect(overview.predicted == 3 && overview.failed == 1 && overview.run.status == .complete)
        #expect(overview.run.identity == first.run.identity)
        let merged = try out.predictions(runId: overview.run.id)
        #expect(merged.map(\.scores) == [0, 1, 2].map { first.prediction($0).scores })
        // Merging the same shard again adds nothing.
        #expect(try out.merge(from: first.store, sourceName: "a.sqlite").predictions == 0)
    }

    @Test("different scores for the same run and utterance are refused and nothing is written")
    func conflict() throws {
        let first = try StoreSample(), second = try StoreSample()
        try first.store.commit(predictions: [first.prediction(0)], failures: [], sessionId: nil)
        try second.store.commit(predictions: [second.prediction(0, scale: 2), second.prediction(1)], failures: [],
                                sessionId: nil)
        let out = try EvalStore.inMemory()
        _ = try out.merge(from: first.store, sourceName: "a.sqlite")
        #expect {
            _ = try out.merge(from: second.store, sourceName: "b.sqlite")
        } throws: { error in
            "\(error)".hasPrefix("b.sqlite: cannot merge: run 1: utterance 'utt0' has different scores")
        }
        #expect(try out.runOverviews().first?.predicted == 1)
    }

    @Test("a prediction from one shard replaces a failure from another")
    func predictionWins() throws {
        let first = try StoreSample(), second = try StoreSample()
        try first.store.commit(predictions: [], failures: [first.failure(0, kind: .missingAudio)], sessionId: nil)
        try second.store.commit(predictions: [second.prediction(0)], failures: [], sessionId: nil)
        let out = try EvalStore.inMemory()
        _ = try out.merge(from: first.store, sourceName: "a")
        _ = try out.merge(from: second.store, sourceName: "b")
        let overview = try #require(try out.runOverviews().first)
        #expect(overview.predicted == 1 && overview.failed == 0)
    }
}
