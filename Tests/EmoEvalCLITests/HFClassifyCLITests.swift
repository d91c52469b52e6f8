// `emoeval classify` and `inspect` on the tiny Hugging Face fixtures: the directories are recognised, scores match
// the transformers references, and a missing preprocessor_config.json is a note naming the default assumed.
import Foundation
import Testing
import EmoTestSupport

@Suite("emoeval classify with Hugging Face directories")
struct HFClassifyCLITests {
    struct Record: Decodable {
        let key: String
        let labels: [String]
        let scores: [Double]
    }

    struct Reference: Decodable {
        let scores: [Double]
        let top_label: String
    }

    @Test("--json scores match the references (HuBERT classifier, audEERING regression head)",
          arguments: [("hf_hubert_tiny", 1e-5), ("hf_w2v2_dim_tiny", 2e-5)])
    func json(fixture: String, tolerance: Double) throws {
        let keys = ["speech_0p5s", "speech_3s"]
        let result = try Emoeval.run(["classify", "--json", "--model", Fixture.path(fixture)]
                                     + keys.map { Fixture.path("audio/\($0).wav") })
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == keys.count)
        for (line, key) in zip(lines, keys) {
            let record = try JSONDecoder().decode(Record.self, from: Data(line.utf8))
            let reference = try JSONDecoder().decode(
                Reference.self, from: Data(contentsOf: Fixture.url("refs/\(fixture)/\(key).json")))
            #expect(record.key == key && record.scores.count == reference.scores.count)
            for (a, b) in zip(record.scores, reference.scores) { #expect(abs(a - b) <= tolerance, "\(fixture)/\(key)") }
        }
    }

    @Test("a directory without preprocessor_config.json runs with a note on stderr")
    func missingPreprocessor() throws {
        let directory = try Fixture.temporaryDirectory("hf-cli").appendingPathComponent("hf_wavlm_tiny_base")
        try FileManager.default.copyItem(at: Fixture.url("hf_wavlm_tiny_base"), to: directory)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("preprocessor_config.json"))
        let result = try Emoeval.run(["classify", "--model", directory.path, Fixture.path("audio/speech_1p7s.wav")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("note: \(directory.path)/preprocessor_config.json: missing; assumed "
                                       + "Wav2Vec2FeatureExtractor's defaults (do_normalize true, sampling_rate 16000)"))
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: Fixture.url("refs/hf_wavlm_tiny_base/speech_1p7s.json")))
        #expect(result.stdout.split(separator: "\t").dropFirst().first.map(String.init) == reference.top_label)
    }

    @Test("inspect names the family and the files")
    func inspect() throws {
        let result = try Emoeval.run(["inspect", Fixture.path("hf_wavlm_tiny_stable")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("hf-wavlm") && result.stdout.contains("pytorch_model.bin"), "\(result.stdout)")
    }
}
