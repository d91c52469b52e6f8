// The store's schema, writes and read APIs, on in-memory and file databases.
import Foundation
import Testing
import EmoTestSupport
@testable import EmoStore

@Suite("EvalStore")
struct EvalStoreTests {
    @Test("a fp32 run's options and identity are those of runs stored before precisions existed; int8 is another run")
    func precisionInIdentity() {
        #expect(JSONText.encode(RunOptions()) == JSONText.encode(RunOptions(precision: nil)))
        #expect(!JSONText.encode(RunOptions()).contains("precision"))
        let fp32 = RunRecord.identity(audioSetSHA256: "a", checkpointSHA256: "c", options: RunOptions(embeddings: true))
        let int8 = RunRecord.identity(audioSetSHA256: "a", checkpointSHA256: "c",
                                      options: RunOptions(embeddings: true, precision: "int8"))
        // The options text every earlier emoeval hashed into a run's identity.
        #expect(JSONText.encode(RunOptions(embeddings: true)) == #"{"embeddings":true,"frames":false}"#)
        #expect(int8 != fp32)
        // A run stored by another int8 arithmetic (an earlier scheme, stored without one) is another run too.
        let v2 = RunRecord.identity(audioSetSHA256: "a", checkpointSHA256: "c",
                                    options: RunOptions(embeddings: true, precision: "int8", quantization: "int8-v2 …"))
        #expect(v2 != int8 && v2 != fp32)
        #expect(!JSONText.encode(RunOptions(embeddings: true, precision: "int8")).contains("quantization"))
        // Listings tell the two apart.
        #expect(RunOptions(precision: "int8").precisionLabel == "int8 v1")
        #expect(RunOptions(precision: "int8", quantization: "int8-v2 …").precisionLabel == "int8")
        #expect(RunOptions().precisionLabel == nil)
    }

    @Test("opening applies every migration once, in order")
    func migrations() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.sqlite").path
        let first = try EvalStore(path: path)
        #expect(try first.appliedMigrations() == Migrations.all.map(\.name))
        let again = try EvalStore(path: path)
        #expect(try again.appliedMigrations() == Migrations.all.map(\.name))
        let mode = try again.access { db in try db.query("PRAGMA journal_mode") { $0.string(0) } }
        #expect(mode == ["wal"])
        let foreignKeys = try again.access { db in try db.query("PRAGMA foreign_keys") { $0.int(0) } }
        #expect(foreignKeys == [1])
    }

    @Test("a database written before the Slurm provenance columns opens, migrates and keeps its sessions")
    func olderSchema() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v1.sqlite").path
        do {  // What emoeval wrote before "v2-slurm-provenance".
            let old = try Database(path: path, busyTimeoutMilliseconds: 1000)
            try old.execute("CREATE TABLE migration (name TEXT PRIMARY KEY NOT NULL, appliedAt TEXT NOT NULL)")
            try old.execute(Migrations.all[0].sql)
            try old.execute("INSERT INTO migration VALUES ('v1-initial', '2026-01-01T00:00:00Z')")
            try old.execute("""
                INSERT INTO runSession (runId, startedAt, status, toolkitVersion, host, jobs, shard, command)
                VALUES (1, '2026-01-01T00:00:00Z', 'incomplete', '0.1', 'old-host', 4, '2/8', 'emoeval run x')
                """)
        }
        let store = try EvalStore(path: path)
        #expect(try store.appliedMigrations() == Migrations.all.map(\.name))
        let session = try #require(try store.sessions(runId: 1).first)
        #expect(session.host == "old-host" && session.shard == "2/8" && session.jobs == 4 && session.slurm == nil)
    }

    @Test("a database from a newer emoeval is refused with the unknown migration named")
    func newerSchema() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.sqlite").path
        let store = try EvalStore(path: path)
        try store.access { db in try db.run("INSERT INTO migration VALUES ('v99-future', 'x')") }
        #expect(throws: StoreError.unknownMigrations(path: path, names: ["v99-future"])) {
            _ = try EvalStore(path: path)
        }
    }

    @Test("SQLite errors read like GRDB's and name the SQL")
    func errorMessage() throws {
        let sample = try StoreSample()
        try sample.store.commit(predictions: [sample.prediction(0)], failures: [], sessionId: nil)
        let sql = "INSERT INTO prediction (runId, utteranceId, scores, audioSeconds, decodeSeconds, inferenceSeconds) "
            + "SELECT runId, utteranceId, scores, 1, 1, 1 FROM prediction"
        do {
            try sample.store.access { db in try db.run(sql) }
            Issue.record("duplicate insert succeeded")
        } catch let error as StoreError {
            #expect(error.description == ":memory:: SQLite error 19: UNIQUE constraint failed: prediction.runId, "
                    + "prediction.utteranceId - while executing `\(sql)`")
        }
    }

    @Test("every store error names the database file")
    func errorsNameTheFile() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.sqlite").path
        let store = try EvalStore(path: path)
        try store.access { db in try db.execute("DROP TABLE failure") }
        let error = #expect(throws: StoreError.self) { try store.failures(runId: 1) }
        #expect(error?.description.hasPrefix("\(path): SQLite error 1: no such table: failure") == true,
                "\(String(describing: error))")
        let text = dir.appendingPathComponent("text.sqlite").path
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: text))
        let notDatabase = #expect(throws: StoreError.self) { try EvalStore(path: text) }
        #expect(notDatabase?.description.hasPrefix("\(text): ") == true, "\(String(describing: notDatabase))")
    }

    @Test("ensure* calls are idempotent and return stored ids")
    func idempotent() throws {
        let sample = try StoreSample()
        let model = try sample.store.ensureModel(StoreSample.modelRecord())
        #expect(model == sample.model)
        let (corpus, utterances) = try sample.store.ensureCorpus(sample.corpus, utterances: StoreSample.utteranceRecords())
        #expect(corpus.id == sample.corpus.id)
        #expect(utterances.map(\.id) == sample.utterances.map(\.id))
        let run = try sample.store.ensureRun(identity: sample.run.identity, corpusId: corpus.id ?? 0,
                                             modelId: model.id ?? 0, options: sample.run.options)
        #expect(run.id == sample.run.id)
        #expect(try sample.store.runOverviews().count == 1)
    }

    @Test("run identity changes with options, checkpoint and audio set")
    func identity() {
        let base = RunRecord.identity(audioSetSHA256: "a", checkpointSHA256: "c", options: RunOptions())
        #expect(base != RunRecord.identity(audioSetSHA256: "a", checkpointSHA256: "c",
                                           options: RunOptions(embeddings: true)))
        #expect(base != RunRecord.identity(audioSetSHA256: "a", checkpointSHA256: "d", options: RunOptions()))
        #expect(base != RunRecord.identity(audioSetSHA256: "b", checkpointSHA256: "c", options: RunOptions()))
        var moved = StoreSample.utteranceRecords()
        let original = CorpusRecord.audioSetSHA256(of: moved)
        moved = moved.map { var u = $0; u.audioPath = "/other/mount/" + u.audioPath.split(separator: "/").last!; return u }
        #expect(CorpusRecord.audioSetSHA256(of: moved) == original)
    }

    @Test("audio-set hash: utterances without a channel hash as before the channel existed; a channel enters it and is stored")
    func channelInHash() throws {
        let plain = [UtteranceRecord(key: "a", audioPath: "/m/x.wav", label: "neu"),
                     UtteranceRecord(key: "b", audioPath: "/m/y.wav", segmentStart: 1.5, segmentEnd: 2.5, label: "hap")]
        // sha256 of "a\tx.wav\t-\nb\ty.wav\t1.5-2.5\n", the text every earlier emoeval hashed.
        #expect(CorpusRecord.audioSetSHA256(of: plain) == "2866e20f9da6c26b2b44c006eccff40fb35aed16b849e57be167ed96729c23c5")
        var selected = plain
        selected[0].channel = 2
        #expect(CorpusRecord.audioSetSHA256(of: selected) != CorpusRecord.audioSetSHA256(of: plain))
        selected[0].channel = 3
        let three = CorpusRecord.audioSetSHA256(of: selected)
        selected[0].channel = 2
        #expect(three != CorpusRecord.audioSetSHA256(of: selected))
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EvalStore(path: dir.appendingPathComponent("r.sqlite").path)
        let corpus = CorpusRecord(name: "c", recipePath: "c.yaml", recipeSHA256: "r",
                                  audioSetSHA256: CorpusRecord.audioSetSHA256(of: selected), labels: ["neu", "hap"])
        let (stored, rows) = try store.ensureCorpus(corpus, utterances: selected)
        #expect(rows.map(\.channel) == [2, nil])
        #expect(try store.utterances(corpusId: stored.id ?? -1).map(\.channel) == [2, nil])
    }

    @Test("predictions and failures round-trip; a prediction replaces a failure, never the reverse")
    func commitAndRead() throws {
        let sample = try StoreSample()
        let runId = sample.run.id
        let session = try sample.store.beginSession(RunSessionRecord(
            runId: runId, startedAt: StoreTime.now(), toolkitVersion: "0.1.0", host: "h", blasCore: "Haswell",
            blasThreads: 1, jobs: 2, shard: nil, command: "emoeval run x"))
        var inserted = try sample.store.commit(predictions: [sample.prediction(0), sample.prediction(1)],
                                               failures: [sample.failure(2), sample.failure(3)], sessionId: session.id)
        #expect(inserted == (2, 2))
        // The same rows again (another process got there first): nothing changes.
        inserted = try sample.store.commit(predictions: [sample.prediction(0, scale: 2)], failures: [sample.failure(0)],
                                           sessionId: session.id)
        #expect(inserted == (0, 0))
        inserted = try sample.store.commit(predictions: [sample.prediction(3)], failures: [], sessionId: session.id)
        #expect(inserted == (1, 0))

        let predictions = try sample.store.predictions(runId: runId)
        #expect(predictions.map(\.utteranceKey) == ["utt0", "utt1", "utt3"])
        #expect(predictions[0].scores == sample.prediction(0).scores)
        #expect(predictions[2].label == "sad" && predictions[2].speaker == "spk1" && predictions[2].fold == "Session2")
        #expect(predictions[2].topLabel == sample.prediction(3).topLabel)
        let failures = try sample.store.failures(runId: runId)
        #expect(failures == [FailedUtterance(utteranceKey: "utt2", audioPath: "/data/wav/utt2.wav", kind: .tooShort,
                                             message: "utt2.wav: too short")])
        #expect(try sample.store.embeddings(runId: runId).map(\.embedding) == [[0, 0.5, -1], [1, 0.5, -1], [3, 0.5, -1]])
        let record1 = try sample.store.predictionRecords(runId: runId)[1]
        #expect(record1 == {
            var p = sample.prediction(1); p.id = 2; p.sessionId = session.id; return p
        }())

        try sample.store.finishSession(id: try #require(session.id), status: .incomplete)
        let overview = try #require(try sample.store.runOverviews().first)
        #expect(overview.utteranceCount == 4 && overview.predicted == 3 && overview.failed == 1)
        #expect(overview.run.status == .complete)
        #expect(abs(overview.audioSeconds - 7) < 1e-9)
        let stored = try #require(try sample.store.sessions(runId: runId).first)
        #expect(stored.predicted == 3 && stored.failed == 2 && stored.status == .incomplete)
    }

    @Test("an utterance is found by its row id; an id the database does not hold gives nil")
    func utteranceById() throws {
        let sample = try StoreSample()
        for stored in sample.utterances {
            #expect(try sample.store.utterance(id: try #require(stored.id)) == stored)
        }
        let largest = sample.utterances.compactMap(\.id).max() ?? 0
        #expect(try sample.store.utterance(id: largest + 1) == nil)
        #expect(try sample.store.utterance(id: -1) == nil)
    }

    @Test("a run with pending utterances keeps the session's status")
    func incompleteStatus() throws {
        let sample = try StoreSample()
        let session = try sample.store.beginSession(RunSessionRecord(
            runId: sample.run.id, startedAt: StoreTime.now(), toolkitVersion: "0", host: "h", blasCore: nil,
            blasThreads: nil, jobs: 1, shard: "1/2", command: "c"))
        try sample.store.commit(predictions: [sample.prediction(0)], failures: [], sessionId: session.id)
        try sample.store.finishSession(id: session.id ?? 0, status: .incomplete)
        #expect(try sample.store.runOverview(id: sample.run.id).run.status == .incomplete)
        #expect(try sample.store.finishedUtteranceIds(runId: sample.run.id) == [sample.utterances[0].id ?? -1])
    }

    @Test("the checkpoint hash cache is keyed by path, size and modification time")
    func checkpointCache() throws {
        let store = try EvalStore.inMemory()
        try store.storeCheckpointHash(CheckpointHashRecord(path: "/m/model.pt", size: 10, modificationTime: 5,
                                                           sha256: "aa"))
        #expect(try store.cachedCheckpointHash(path: "/m/model.pt", size: 10, modificationTime: 5) == "aa")
        #expect(try store.cachedCheckpointHash(path: "/m/model.pt", size: 11, modificationTime: 5) == nil)
        #expect(try store.cachedCheckpointHash(path: "/m/model.pt", size: 10, modificationTime: 6) == nil)
    }
}
