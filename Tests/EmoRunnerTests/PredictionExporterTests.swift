// Export formats, the runs table and progress lines: exact text a user or a script reads.
import Testing
import EmoRunner
import EmoStore

@Suite("Export, listing and progress text")
struct PredictionExporterTests {
    /// A store holding one finished fake run with one failure.
    func sample() throws -> (EvalStore, RunOverview) {
        let store = try EvalStore.inMemory()
        var utterances = FakeAudio.utterances(3, failing: [2: "missing"])
        utterances[0].audioPath = "/corpus/with,comma \"quoted\".wav"
        let summary = try Runner(store: store, loader: FakeAudio.loader, environment: FakeAudio.environment)
            .run(FakeAudio.request(utterances), model: FakeModel())
        return (store, try store.runOverview(id: summary.runId))
    }

    @Test("CSV has one score column per model label and quotes fields per RFC 4180")
    func csv() throws {
        let (store, overview) = try sample()
        let rows = try store.predictions(runId: overview.run.id)
        let text = PredictionExporter(format: .csv).predictions([(overview, rows)])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == "run,model,utterance,audio_path,label,speaker,fold,top_label,top_score,audio_seconds,"
                + "compute_seconds,score_angry,score_happy,score_neutral,score_sad")
        #expect(lines[1].hasPrefix("1,fake,u00,\"/corpus/with,comma \"\"quoted\"\".wav\",angry,s0,f0,"))
        #expect(lines[2].hasSuffix(rows[1].scores.map { "\($0)" }.joined(separator: ",")))
    }

    @Test("JSON Lines: one object per prediction with every score by label")
    func jsonl() throws {
        let (store, overview) = try sample()
        let rows = try store.predictions(runId: overview.run.id)
        let text = PredictionExporter(format: .jsonl).predictions([(overview, rows)])
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix("{\"run\":1,\"model\":\"fake\",\"checkpoint_sha256\":\"fa1e\",\"utterance\":\"u01\","))
        #expect(lines[1].contains("\"scores\":{\"angry\":\(rows[1].scores[0]),\"happy\":\(rows[1].scores[1]),"))
        #expect(lines[0].contains("\"audio_path\":\"/corpus/with,comma \\\"quoted\\\".wav\""))
    }

    @Test("failures export names utterance, kind and message")
    func failures() throws {
        let (store, overview) = try sample()
        let text = PredictionExporter(format: .csv).failures([(overview, try store.failures(runId: 1))])
        #expect(text == "run,model,utterance,audio_path,kind,message\n"
                + "1,fake,u02,/corpus/u02-missing.wav,missing-audio,/corpus/u02-missing.wav: no such audio file\n")
    }

    @Test("the runs table lists status, counts and failures")
    func listing() throws {
        let (_, overview) = try sample()
        let lines = RunListing.render([overview]).split(separator: "\n")
        #expect(lines[0].hasPrefix("id  status    corpus  model  options  done  failed  audio  wall"))
        #expect(lines[1].hasPrefix("1   complete  fake    fake   -        3/3   1       "))
    }

    @Test("progress lines show rate, real-time audio rate, ETA and failures")
    func progressLines() {
        let p = RunProgress(modelVariant: "m", done: 10, total: 40, failed: 2, audioSeconds: 25, elapsed: 5,
                            totalAudioSeconds: 100)
        #expect(ProgressPrinter.plainLine(p) == "m: 10/40 (25.0%)  2.0 utt/s  5.0 audio-s/s  ETA 0:15  2 failed")
        #expect(ProgressPrinter.barLine(p, width: 8) == "m [##......] 10/40  2.0 utt/s  5.0 audio-s/s  ETA 0:15  2 failed")
        #expect(ProgressPrinter.clock(3725) == "1:02:05")
    }
}
