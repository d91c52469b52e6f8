// End-to-end tests of `emoeval prepare` and `emoeval validate`, running the built binary.
import EmoTestSupport
import Foundation
import Testing

@Suite("CLI: prepare, validate")
struct CorpusCLITests {
    /// Writes `text` (or a tiny 16 kHz WAV when `text` is nil) at `root/relativePath`.
    static func put(_ root: URL, _ relativePath: String, _ text: String? = nil) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let text { try text.write(to: url, atomically: true, encoding: .utf8); return }
        let samples = 8000  // 0.5 s
        var data = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); u32(36 + 2 * samples); data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(1); u32(16000); u32(32000); u16(2); u16(16)
        data.append(contentsOf: Array("data".utf8)); u32(2 * samples)
        for i in 0..<samples { u16(i % 2 == 0 ? 1 : 0xFFFF) }
        try data.write(to: url)
    }

    /// A one-session IEMOCAP tree: 4 utterances, one malformed summary line.
    static func makeIEMOCAP(_ root: URL) throws {
        let s = "IEMOCAP_full_release/Session1"
        try put(root, "\(s)/dialog/EmoEvaluation/Ses01F_impro01.txt", """
        % [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]

        [1.0 - 2.0]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]
        [2.0 - 3.0]\tSes01F_impro01_M000\texc\t[2.5000, 2.5000, 2.5000]
        [3.0 - 4.0]\tSes01F_impro01_M001\tfru\t[2.5000, 2.5000, 2.5000]
        [4.0 - 5.0]\tSes01F_impro01_F001 sad
        [5.0 - 6.0]\tSes01F_impro01_F002\tang\t[2.5000, 2.5000, 2.5000]

        """)
        for id in ["F000", "M000", "M001", "F001", "F002"] {
            try put(root, "\(s)/sentences/wav/Ses01F_impro01/Ses01F_impro01_\(id).wav")
        }
    }

    @Test("prepare iemocap refuses malformed input, writes with --allow-problems (exit 3), validate counts it")
    func prepareThenValidate() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.makeIEMOCAP(root)
        let out = root.appendingPathComponent("data/iemocap").path

        let refused = try Emoeval.run(["prepare", "iemocap", root.path, out])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Ses01F_impro01.txt:6: malformed summary line"))
        #expect(!FileManager.default.fileExists(atPath: out))

        let written = try Emoeval.run(["prepare", "iemocap", root.path, out, "--allow-problems"])
        #expect(written.status == 3)
        #expect(written.stdout.contains("labels: ang 1, exc 1, neu 1\n"))
        #expect(written.stdout.contains("published-count check skipped: only 1 of 5 sessions present"))
        let utt2spk = try String(contentsOfFile: out + "/utt2spk", encoding: .utf8)
        #expect(utt2spk == "Ses01F_impro01_F000 Ses01F\nSes01F_impro01_F002 Ses01F\nSes01F_impro01_M000 Ses01M\n")

        // The shipped recipe, placed as in the repository (Recipes/ next to data/).
        let shipped = Fixture.packageRoot.appendingPathComponent("Recipes/iemocap-4class.yaml")
        try Self.put(root, "Recipes/iemocap-4class.yaml", try String(contentsOf: shipped, encoding: .utf8))
        let validated = try Emoeval.run(["validate", "Recipes/iemocap-4class.yaml"], in: root)
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stdout.contains("""
        | label | Ses01 | total |
        |-------|------:|------:|
        | neu   |     1 |     1 |
        | hap   |     1 |     1 |
        | ang   |     1 |     1 |
        | sad   |     0 |     0 |
        | total |     3 |     3 |
        """))
        #expect(validated.stdout.contains("total: 3 utterances, 1.5 s\n"))
    }

    @Test("prepare on all five sessions compares with the published counts and warns loudly (exit 0)")
    func countWarnings() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for session in 1...5 {
            let dialog = "Ses0\(session)F_impro01", s = "Session\(session)"
            try Self.put(root, "\(s)/dialog/EmoEvaluation/\(dialog).txt",
                         "[1.0 - 2.0]\t\(dialog)_F000\tneu\t[2.5000, 2.5000, 2.5000]\n")
            try Self.put(root, "\(s)/sentences/wav/\(dialog)/\(dialog)_F000.wav")
        }
        let out = root.appendingPathComponent("data").path
        let result = try Emoeval.run(["prepare", "iemocap", root.path, out])
        #expect(result.status == 0)
        #expect(result.stderr.contains("WARNING: IEMOCAP counts differ from the published ones:"))
        #expect(result.stderr.contains("WARNING:   5 utterances, but the published standard set has 5531"))
        #expect(result.stderr.contains("WARNING:   Session1: 1 utterances, published 1085"))
        #expect(result.stderr.contains("WARNING:   label neu: 5 utterances, published 1708"))
        #expect(result.stderr.contains("WARNING:   hap+exc: 0 utterances, published 1636"))
        #expect(result.stdout.contains("wrote 5 utterances"))
        #expect(result.stdout.contains("per session: Ses01 1, Ses02 1, Ses03 1, Ses04 1, Ses05 1\n"))
    }

    @Test("validate Recipes/demo.yaml prints counts per label, fold and speaker and the total duration")
    func validateDemo() throws {
        let result = try Emoeval.run(["validate", "Recipes/demo.yaml"], in: Fixture.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("| total |    4 |    4 |    4 |    12 |"))
        #expect(result.stdout.contains("spk1 4   spk2 4   spk3 4"))
        #expect(result.stdout.contains("total: 12 utterances, 16.8 s"))
        #expect(result.stdout.contains("group gender: female 4   male 8\ngroup accent: gb 4   scottish 4   us 4\n"))
        #expect(result.stdout.contains("duration bands (s): 1, 2, 4, 8"))
    }

    @Test("validate names every problem of a bad recipe with its line and exits 1")
    func validateBadRecipe() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.put(root, "r.yaml", "name: bad\ndata: d\nlabels: [a]\nfolds: {by: fold}\nextra: 1\n")
        let result = try Emoeval.run(["validate", root.appendingPathComponent("r.yaml").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("r.yaml:4: 'folds.by': 'fold' is not one of none, session, speaker, file"))
        #expect(result.stderr.contains("r.yaml:5: unknown key 'extra'"))
    }

    @Test("--set is for iemocap only (usage error)")
    func setOnlyForIEMOCAP() throws {
        let result = try Emoeval.run(["prepare", "ravdess", "/tmp", "/tmp/x", "--set", "full"])
        #expect(result.status == 64)
    }
}
