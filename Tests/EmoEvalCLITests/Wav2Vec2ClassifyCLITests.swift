// `emoeval classify` on the tiny SpeechBrain wav2vec2 fixture: the directory is recognised, and --json adds
// SpeechBrain's classify_file fields (out_prob, score, index, text_lab) to the FunASR-shaped records.
import Foundation
import Testing
import EmoTestSupport

@Suite("emoeval classify with a SpeechBrain wav2vec2 directory")
struct Wav2Vec2ClassifyCLITests {
    /// fp32 accumulation order vs PyTorch (see Wav2Vec2ParityTests).
    static let probabilityTolerance = 1e-5
    static let keys = ["n720", "speech_0p5s", "speech_1p7s"]

    struct Record: Decodable {
        let key: String
        let labels: [String]
        let scores: [Double]
        let out_prob: [Double]
        let score: Double
        let index: Int
        let text_lab: String
        let feats: [Float]?
    }

    struct Reference: Decodable {
        let scores: [Double]
        let top_label: String
    }

    @Test("--json records carry out_prob, score, index and text_lab matching the references")
    func json() throws {
        let audio = Self.keys.map { Fixture.path("audio/\($0).wav") }
        let result = try Emoeval.run(["classify", "--json", "--model", Fixture.path("sb_w2v2_tiny_oldkeys")] + audio)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == Self.keys.count)
        for (line, key) in zip(lines, Self.keys) {
            let record = try JSONDecoder().decode(Record.self, from: Data(line.utf8))
            let reference = try JSONDecoder().decode(
                Reference.self, from: Data(contentsOf: Fixture.url("refs/sb_w2v2_tiny/hf/\(key).json")))
            #expect(record.key == key)
            #expect(record.labels == ["neu", "ang", "hap", "sad"])
            #expect(record.out_prob == record.scores)
            for (a, b) in zip(record.scores, reference.scores) { #expect(abs(a - b) <= Self.probabilityTolerance, "\(key)") }
            #expect(record.text_lab == reference.top_label, "\(key)")
            #expect(record.labels[record.index] == record.text_lab && record.score == record.scores.max())
            #expect(record.feats?.count == 32)
            #expect(line.range(of: "\"scores\":")!.lowerBound < line.range(of: "\"out_prob\":")!.lowerBound)
        }
    }

    @Test("text output: key, top label and its probability")
    func text() throws {
        let result = try Emoeval.run(["classify", "--model", Fixture.path("sb_w2v2_tiny_newkeys"),
                                      Fixture.path("audio/speech_1p7s.wav")])
        #expect(result.status == 0, "\(result.stderr)")
        let fields = result.stdout.trimmingCharacters(in: .newlines).split(separator: "\t").map(String.init)
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: Fixture.url("refs/sb_w2v2_tiny/hf/speech_1p7s.json")))
        #expect(fields.count == 3 && fields[0] == "speech_1p7s" && fields[1] == reference.top_label)
    }
}
