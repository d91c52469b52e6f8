// `emoeval classify` end to end on the tiny emotion2vec fixtures: output formats, .npy files, scp lists,
// per-file failures, and identical results for --jobs 1 and 2.
import Foundation
import Testing
import EmoTestSupport

@Suite("emoeval classify")
struct ClassifyCLITests {
    /// Same reasons as the library parity tests: fp32 accumulation order vs PyTorch.
    static let featureTolerance: Float = 1e-4
    static let scoreTolerance = 1e-5

    static let keys = ["n400", "n720", "speech_0p5s", "speech_1p7s"]
    static var audio: [String] { keys.map { Fixture.path("audio/\($0).wav") } }

    struct Record: Decodable {
        let key: String
        let labels: [String]
        let scores: [Double]
        let feats: [Float]?
    }

    struct Reference: Decodable {
        let labels: [String]
        let scores: [Double]
        let top_label: String?
    }

    static func reference(_ refs: String, _ key: String) throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Fixture.url("\(refs)/\(key).json")))
    }

    @Test("text output: key, English top label and its probability, one line per file")
    func text() throws {
        let result = try Emoeval.run(["classify", "--model", Fixture.path("e2v_tiny_plus")] + Self.audio)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.map { $0[0] } == Self.keys)
        for line in lines {
            let reference = try Self.reference("refs/e2v_tiny_plus", line[0])
            #expect(reference.top_label?.hasSuffix("/" + line[1]) == true || reference.top_label == line[1])
        }
    }

    @Test("--json: FunASR-shaped records matching FunASR's scores and embeddings")
    func json() throws {
        let result = try Emoeval.run(["classify", "--model", Fixture.path("e2v_tiny_plus_oldtokens"), "--json"] + Self.audio)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == Self.keys.count)
        for line in lines {
            #expect(line.hasPrefix("{\"key\":"))
            let record = try JSONDecoder().decode(Record.self, from: Data(line.utf8))
            let reference = try Self.reference("refs/e2v_tiny_plus_oldtokens", record.key)
            #expect(record.labels == reference.labels)
            #expect(zip(record.scores, reference.scores).allSatisfy { abs($0 - $1) <= Self.scoreTolerance })
            let utterance = try readNpy(Fixture.path("refs/e2v_tiny_plus_oldtokens/\(record.key).utterance.npy"))
            #expect(maxAbsDifference(record.feats ?? [], utterance.values) <= Self.featureTolerance)
        }
    }

    @Test("--output-dir with --granularity frame writes <key>.npy frames from a wav.scp")
    func npyFromScp() throws {
        let dir = try Fixture.temporaryDirectory("classify-npy")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scp = dir.appendingPathComponent("wav.scp")
        try "utt_a \(Fixture.path("audio/n720.wav"))\n\nutt_b\t\(Fixture.path("audio/speech_0p5s.wav"))\n"
            .write(to: scp, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("feats")
        let result = try Emoeval.run(["classify", "--model", Fixture.path("e2v_tiny_base"), "--scp", scp.path,
                                      "--granularity", "frame", "--output-dir", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "utt_a\t-\t-\nutt_b\t-\t-\n")
        for (key, source) in [("utt_a", "n720"), ("utt_b", "speech_0p5s")] {
            let written = try readNpy(out.appendingPathComponent("\(key).npy").path)
            let reference = try readNpy(Fixture.path("refs/e2v_tiny_base/\(source).frames.npy"))
            #expect(written.shape == reference.shape)
            #expect(maxAbsDifference(written.values, reference.values) <= Self.featureTolerance)
        }
    }

    @Test("a bad file is one line on stderr naming it; the others are processed; exit status 3")
    func badFiles() throws {
        let dir = try Fixture.temporaryDirectory("classify-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let corrupt = dir.appendingPathComponent("corrupt.wav")
        try Data("RIFF\u{0}\u{0}garbage".utf8).write(to: corrupt)
        let short = dir.appendingPathComponent("short.wav")
        let header = try Data(contentsOf: Fixture.url("audio/n400.wav"))
        try header.prefix(44 + 2 * 300).write(to: short)   // 300 samples: no RIFF size fix-up needed by libsndfile
        let result = try Emoeval.run(["classify", "--model", Fixture.path("e2v_tiny_plus"),
                                      Self.audio[0], corrupt.path, short.path, Self.audio[1]])
        #expect(result.status == 3)
        #expect(result.stdout.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) } == ["n400", "n720"])
        let errors = result.stderr.split(separator: "\n")
        #expect(errors.count == 2)
        #expect(errors.first?.contains(corrupt.path) == true && errors.last?.contains(short.path) == true)
    }

    @Test("results are identical for --jobs 1 and --jobs 2")
    func jobs() throws {
        let arguments = ["classify", "--model", Fixture.path("e2v_tiny_plus"), "--json", "--granularity", "frame"]
            + Self.audio + Self.audio.reversed()
        let one = try Emoeval.run(arguments + ["--jobs", "1"])
        let two = try Emoeval.run(arguments + ["--jobs", "2"])
        #expect(one.status == 0 && two.status == 0)
        #expect(!one.stdout.isEmpty && one.stdout == two.stdout)
    }

    @Test("a directory that is not a model: exit 1 and a message naming it")
    func notAModel() throws {
        let result = try Emoeval.run(["classify", "--model", Fixture.path("audio"), Self.audio[0]])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(Fixture.path("audio")): not a model directory"))
    }
}
