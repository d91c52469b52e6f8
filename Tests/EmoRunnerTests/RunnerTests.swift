// The runner against a fake model: determinism across --jobs, failures as rows, resume, cancel, limits.
import Foundation
import Testing
import EmoRunner
import EmoStore

@Suite("Runner")
struct RunnerTests {
    let model = FakeModel()

    func runner(_ store: EvalStore) -> Runner {
        Runner(store: store, loader: FakeAudio.loader, environment: FakeAudio.environment)
    }

    @Test("stored results are identical for 1, 2 and 3 workers", arguments: [2, 3])
    func jobsDeterminism(jobs: Int) throws {
        let utterances = FakeAudio.utterances(23, failing: [4: "missing"])
        let options = RunOptions(embeddings: true, frames: true)
        let one = try EvalStore.inMemory(), many = try EvalStore.inMemory()
        let a = try runner(one).run(FakeAudio.request(utterances, jobs: 1, options: options), model: model)
        let b = try runner(many).run(FakeAudio.request(utterances, jobs: jobs, options: options), model: model)
        #expect(a.predicted == 22 && b.predicted == 22)
        #expect(try RunTables(one, runId: a.runId) == RunTables(many, runId: b.runId))
        #expect(try one.embeddings(runId: a.runId).count == 22)
    }

    @Test("missing, corrupt and too-short utterances become failure rows and the run goes on")
    func failureRows() throws {
        var utterances = FakeAudio.utterances(8, failing: [1: "missing", 5: "corrupt"])
        utterances[6].duration = 0.01   // 160 samples < 400
        let store = try EvalStore.inMemory()
        let summary = try runner(store).run(FakeAudio.request(utterances, jobs: 2), model: model)
        #expect(summary.ending == .finished && summary.status == .complete)
        #expect(summary.predicted == 5 && summary.failed == 3)
        let failures = try store.failures(runId: summary.runId)
        #expect(failures.map(\.utteranceKey) == ["u01", "u05", "u06"])
        #expect(failures.map(\.kind) == [.missingAudio, .unreadableAudio, .inference])
        #expect(failures[0].message == "/corpus/u01-missing.wav: no such audio file")
        #expect(failures[2].message == "/corpus/u06.wav: input of 160 samples is shorter than 400")
        #expect(summary.failurePreview == failures)
    }

    @Test("running again skips what is stored; limit plus resume equals one full run")
    func resume() throws {
        let utterances = FakeAudio.utterances(15, failing: [3: "missing"])
        let full = try EvalStore.inMemory(), pieces = try EvalStore.inMemory()
        let reference = try runner(full).run(FakeAudio.request(utterances), model: model)
        let first = try runner(pieces).run(FakeAudio.request(utterances, jobs: 2, limit: 6), model: model)
        #expect(first.planned == 6 && first.deferred == 9 && first.status == .incomplete)
        let second = try runner(pieces).run(FakeAudio.request(utterances, jobs: 2), model: model)
        #expect(second.runId == first.runId && second.alreadyDone == 6 && second.planned == 9)
        #expect(second.status == .complete)
        let third = try runner(pieces).run(FakeAudio.request(utterances), model: model)
        #expect(third.planned == 0 && third.predicted == 0)
        #expect(try RunTables(pieces, runId: first.runId) == RunTables(full, runId: reference.runId))
        #expect(try pieces.sessions(runId: first.runId).count == 3)
    }

    @Test("a cancelled run commits a prefix of its plan and resumes to the same tables")
    func cancelAndResume() throws {
        let utterances = FakeAudio.utterances(30)
        let full = try EvalStore.inMemory(), store = try EvalStore.inMemory()
        let reference = try runner(full).run(FakeAudio.request(utterances), model: model)
        let flag = CancellationFlag()
        var slow = model
        slow.delay = 0.002
        var cancelling = runner(store)
        cancelling.progress = { progress in if progress.done >= 7 { flag.cancel() } }
        let stopped = try cancelling.run(FakeAudio.request(utterances, jobs: 3), model: slow, cancellation: flag)
        #expect(stopped.ending == .interrupted && stopped.status == .incomplete)
        #expect(stopped.predicted >= 7 && stopped.predicted < 30)
        let keys = try store.predictions(runId: stopped.runId).map(\.utteranceKey)
        #expect(keys == utterances.prefix(keys.count).map(\.key))
        _ = try runner(store).run(FakeAudio.request(utterances, jobs: 2), model: model)
        #expect(try RunTables(store, runId: stopped.runId) == RunTables(full, runId: reference.runId))
    }

    @Test("--max-failures stops a flood of failures at the same point of the plan for any timing")
    func maxFailures() throws {
        // Every other utterance fails: the 4th failure in plan order is utterance 7, so exactly utterances 0...7
        // are kept (4 predictions, 4 failures), however far the workers ran ahead before the writer saw it.
        let failing = Dictionary(uniqueKeysWithValues: stride(from: 1, to: 300, by: 2).map { ($0, "missing") })
        for jobs in [1, 2] {
            let store = try EvalStore.inMemory()
            let summary = try runner(store).run(FakeAudio.request(FakeAudio.utterances(300, failing: failing),
                                                                  jobs: jobs, maxFailures: 3), model: model)
            #expect(summary.ending == .aborted && summary.status == .aborted)
            #expect(summary.failed == 4 && summary.predicted == 4, "jobs \(jobs)")
            #expect(try store.failures(runId: summary.runId).count == 4)
            #expect(try store.predictions(runId: summary.runId).count == 4)
        }
    }

    @Test("options are part of the run identity")
    func optionsIdentity() throws {
        let store = try EvalStore.inMemory()
        let utterances = FakeAudio.utterances(3)
        let plain = try runner(store).run(FakeAudio.request(utterances), model: model)
        let withEmbeddings = try runner(store).run(FakeAudio.request(utterances, options: RunOptions(embeddings: true)),
                                                   model: model)
        #expect(plain.runId != withEmbeddings.runId && withEmbeddings.predicted == 3)
        #expect(try store.embeddings(runId: plain.runId).isEmpty)
    }

    @Test("results are committed every commitInterval while a slow utterance still runs")
    func timedCommits() throws {
        let utterances = FakeAudio.utterances(6)
        let store = try EvalStore.inMemory()
        let runId = try runner(store).run(FakeAudio.request(utterances, limit: 0), model: model).runId
        // u03's audio "loads" until the three before it are in the database (at most 10 s): with a batch of
        // 100 only the timed commit can store them meanwhile.
        let seen = CommittedBeforeLoad()
        let loader = AudioLoader(load: { utterance, rate, minimum in
            if utterance.key == "u03" {
                let deadline = Date().addingTimeInterval(10)
                while Date() < deadline {
                    if (try? store.predictions(runId: runId).count) == 3 { seen.set(); break }
                    Thread.sleep(forTimeInterval: 0.01)
                }
            }
            return try FakeAudio.loader.load(utterance, rate, minimum)
        }, classify: FakeAudio.loader.classify)
        var request = FakeAudio.request(utterances, jobs: 2, batchSize: 100)
        request.commitInterval = 0.05
        let summary = try Runner(store: store, loader: loader, environment: FakeAudio.environment)
            .run(request, model: model)
        #expect(summary.runId == runId && summary.predicted == 6)
        #expect(seen.value, "u00...u02 were not committed while u03 was loading")
    }
}

/// Set from a loader thread, read by the test.
private final class CommittedBeforeLoad: @unchecked Sendable {   // @unchecked: `flag` only under `lock`.
    private let lock = NSLock()
    private var flag = false
    func set() { lock.lock(); flag = true; lock.unlock() }
    var value: Bool { lock.lock(); defer { lock.unlock() }; return flag }
}
