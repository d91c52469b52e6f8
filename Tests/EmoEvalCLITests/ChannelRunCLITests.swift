// `emoeval run` applies utt2channel (EmoBox's channel selection: MELD's channel 3 of 5.1 clips): the stored scores of
// a selected channel equal those of a mono file holding that channel and differ from the channel mean; an index past
// the file's channels is a failure of that utterance naming the file; `validate` rejects it at utt2channel's line; a
// database written before the channel column migrates and resumes, and `utt2channel` 1 on mono files (what
// `prepare emobox` writes) keeps the audio-set hash, so such a run resumes instead of starting again.
import Foundation
import Testing
import EmoTestSupport
@testable import EmoStore

@Suite("run: utt2channel", .serialized)
struct ChannelRunCLITests {
    /// A 16 kHz PCM16 WAV with one array of samples per channel (all the same length).
    static func wav(_ channels: [[Int16]]) -> Data {
        let count = channels[0].count, n = channels.count
        var data = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); u32(36 + 2 * count * n)
        data.append(contentsOf: Array("WAVEfmt ".utf8)); u32(16); u16(1); u16(n); u32(16000); u32(32000 * n)
        u16(2 * n); u16(16)
        data.append(contentsOf: Array("data".utf8)); u32(2 * count * n)
        for i in 0..<count { for channel in channels { withUnsafeBytes(of: channel[i].littleEndian) { data.append(contentsOf: $0) } } }
        return data
    }

    /// 0.6 s of a deterministic signal: a sine at `frequency` plus a little pseudo-noise from `seed`.
    static func signal(frequency: Double, seed: UInt64) -> [Int16] {
        var state = seed
        return (0..<9600).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(Int64(bitPattern: state) >> 40) / Double(1 << 23)
            return Int16((sin(2 * Double.pi * frequency * Double(i) / 16000) * 0.3 + noise * 0.05) * 32767)
        }
    }

    struct Corpus {
        let directory: URL
        let recipe: String
        var data: URL { directory.appendingPathComponent("data") }

        /// `entries`: (utterance id, audio path, channel or nil), sorted by id here.
        init(_ entries: [(String, String, Int?)]) throws {
            directory = try Fixture.temporaryDirectory("emoeval-channel")
            recipe = directory.appendingPathComponent("channels.yaml").path
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
            try write(entries)
            try """
                name: channels
                data: data
                labels: [neu, hap, ang, sad]
                models:
                  emotion2vec:
                    label_map: {neutral: neu, happy: hap, angry: ang, sad: sad}
                    policy: restricted
                model_directories: [\(Fixture.path("e2v_tiny_plus"))]

                """.write(toFile: recipe, atomically: true, encoding: .utf8)
        }

        func write(_ entries: [(String, String, Int?)]) throws {
            let sorted = entries.sorted { $0.0 < $1.0 }
            func table(_ name: String, _ rows: [String]) throws {
                let path = data.appendingPathComponent(name)
                if rows.isEmpty { try? FileManager.default.removeItem(at: path); return }
                try rows.map { $0 + "\n" }.joined().write(to: path, atomically: true, encoding: .utf8)
            }
            try table("wav.scp", sorted.map { "\($0.0) \($0.1)" })
            try table("utt2emo", sorted.map { "\($0.0) neu" })
            // Like every optional table, utt2channel names every utterance once it exists: `mean` for no selection.
            let anyChannel = sorted.contains { $0.2 != nil }
            try table("utt2channel", anyChannel ? sorted.map { "\($0.0) \($0.2.map(String.init) ?? "mean")" } : [])
        }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    /// Scores per utterance key and failures (kind, message) per key, of the database's only run.
    static func stored(_ db: String) throws -> (scores: [String: [Float]], failures: [String: (String, String)]) {
        let store = try EvalStore(path: db)
        let overviews = try store.runOverviews()
        #expect(overviews.count == 1)
        let overview = try #require(overviews.first)
        let keys = Dictionary(uniqueKeysWithValues: try store.utterances(corpusId: overview.corpus.id ?? -1)
            .map { ($0.id ?? -1, $0.key) })
        var scores: [String: [Float]] = [:], failures: [String: (String, String)] = [:]
        for row in try store.predictionRecords(runId: overview.run.id ?? -1) { scores[keys[row.utteranceId] ?? "?"] = row.scores }
        for row in try store.failureRecords(runId: overview.run.id ?? -1) {
            failures[keys[row.utteranceId] ?? "?"] = (row.kind.rawValue, row.message)
        }
        return (scores, failures)
    }

    @Test("the selected channel is what is classified: equal to the mono file of that channel, not the mean; out of range is a failure naming file and channel")
    func selectedChannel() throws {
        let left = Self.signal(frequency: 220, seed: 1), right = Self.signal(frequency: 1300, seed: 2)
        let corpus = try Corpus([])
        defer { corpus.remove() }
        try Self.wav([left, right]).write(to: URL(fileURLWithPath: corpus.path("stereo.wav")))
        try Self.wav([left]).write(to: URL(fileURLWithPath: corpus.path("left.wav")))
        try Self.wav([right]).write(to: URL(fileURLWithPath: corpus.path("right.wav")))
        let stereo = corpus.path("stereo.wav"), m4a = Fixture.path("ffmpeg/meld_like_5.1.m4a")
        try corpus.write([
            ("s_ch1", stereo, 1), ("s_ch2", stereo, 2), ("s_mean", stereo, nil), ("s_ch3", stereo, 3),
            ("m_left", corpus.path("left.wav"), nil), ("m_right", corpus.path("right.wav"), nil),
            ("x51_ch3", m4a, 3), ("x51_ch1", m4a, 1), ("x51_mean", m4a, nil), ("x51_ch7", m4a, 7),
        ])
        let db = corpus.path("r.sqlite")
        let run = try Emoeval.run(["run", corpus.recipe, "--db", db, "--progress", "none"])
        #expect(run.status == 3, "\(run.stdout)\n\(run.stderr)")
        let (scores, failures) = try Self.stored(db)
        // Stereo WAV: channel k is exactly the mono file holding channel k; the mean is neither.
        #expect(scores["s_ch1"] != nil && scores["s_ch1"] == scores["m_left"])
        #expect(scores["s_ch2"] != nil && scores["s_ch2"] == scores["m_right"])
        #expect(scores["s_mean"] != nil && scores["s_mean"] != scores["s_ch1"] && scores["s_mean"] != scores["s_ch2"])
        #expect(scores["s_ch1"] != scores["s_ch2"])
        let stereoFailure = try #require(failures["s_ch3"])
        #expect(stereoFailure.0 == "unreadable-audio")
        #expect(stereoFailure.1.contains(stereo) && stereoFailure.1.contains("channel 3 requested, the file has 2"),
                "\(stereoFailure.1)")
        // 5.1 AAC (FFmpeg): the signal is only in channel 3, as in MELD's clips.
        let ffmpeg = try AudioCLITests.ffmpegFacts().object["available"] as? Bool == true
        if ffmpeg {
            #expect(scores["x51_ch3"] != nil && scores["x51_mean"] != nil && scores["x51_ch1"] != nil)
            #expect(scores["x51_ch3"] != scores["x51_mean"] && scores["x51_ch3"] != scores["x51_ch1"])
            let surround = try #require(failures["x51_ch7"])
            #expect(surround.1.contains(m4a) && surround.1.contains("channel 7 requested, the file has 6"), "\(surround.1)")
            #expect(failures.count == 2, "\(failures)")
        }
        // The stored rows say which channel was decoded.
        let store = try EvalStore(path: db)
        let corpusId = try #require(try store.runOverviews().first?.corpus.id)
        let channels = Dictionary(uniqueKeysWithValues: try store.utterances(corpusId: corpusId).map { ($0.key, $0.channel) })
        #expect(channels["s_ch1"] == .some(1) && channels["s_ch2"] == .some(2) && channels["s_mean"] == .some(nil))
        #expect(channels["x51_ch3"] == .some(3))
        // validate: the out-of-range indices are errors at utt2channel's lines (exit 1), naming the file.
        let validate = try Emoeval.run(["validate", corpus.recipe])
        #expect(validate.status == 1, "\(validate.stdout)\n\(validate.stderr)")
        let utt2channel = corpus.data.appendingPathComponent("utt2channel").path
        #expect(validate.stderr.contains("\(utt2channel):5: channel 3 of 's_ch3' is out of range: \(stereo) has 2 channels"),
                "\(validate.stderr)")
        if ffmpeg {
            #expect(validate.stderr.contains("channel 7 of 'x51_ch7' is out of range: \(m4a) has 6 channels"))
        }
    }

    @Test("a database written before the channel column migrates; utt2channel 1 on mono files keeps the hash, so the run resumes")
    func olderStoreResumes() throws {
        let corpus = try Corpus([])
        defer { corpus.remove() }
        try Self.wav([Self.signal(frequency: 300, seed: 3)]).write(to: URL(fileURLWithPath: corpus.path("a.wav")))
        try Self.wav([Self.signal(frequency: 700, seed: 4)]).write(to: URL(fileURLWithPath: corpus.path("b.wav")))
        try corpus.write([("u1", corpus.path("a.wav"), nil), ("u2", corpus.path("b.wav"), nil)])
        let db = corpus.path("old.sqlite")
        let first = try Emoeval.run(["run", corpus.recipe, "--db", db, "--progress", "none"])
        #expect(first.status == 0, "\(first.stderr)")
        let before = try Self.stored(db).scores
        // Make it the database an emoeval before "v3-utterance-channel" wrote: no channel column, no migration row.
        do {
            let store = try EvalStore(path: db)
            try store.access { sql in
                try sql.execute("ALTER TABLE utterance DROP COLUMN channel")
                try sql.run("DELETE FROM migration WHERE name = 'v3-utterance-channel'")
            }
        }
        // What `prepare emobox` writes for a mono corpus: channel 1 everywhere.
        try corpus.write([("u1", corpus.path("a.wav"), 1), ("u2", corpus.path("b.wav"), 1)])
        let again = try Emoeval.run(["run", corpus.recipe, "--db", db, "--progress", "none"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 predicted, 0 failed, 2 already stored"), "\(again.stdout)")
        let store = try EvalStore(path: db)
        #expect(try store.appliedMigrations().last == "v3-utterance-channel")
        #expect(try store.runOverviews().count == 1)
        #expect(try Self.stored(db).scores == before)
    }
}
