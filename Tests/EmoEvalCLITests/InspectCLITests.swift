// `emoeval inspect` on a checkpoint file and on model directories, text and --json.
import Foundation
import Testing
import EmoTestSupport

@Suite("emoeval inspect")
struct InspectCLITests {
    struct Report: Decodable {
        struct Tensor: Decodable, Equatable {
            let name: String
            let dtype: String
            let shape: [Int]
            let bytes: Int
        }
        let kind: String
        let family: String?
        let tensors: [Tensor]
        let tensorCount: Int
        let parameters: Int
        let bytes: Int
    }

    @Test("a checkpoint file: tensor table and totals")
    func fileText() throws {
        let result = try Emoeval.run(["inspect", Fixture.path("sb_w2v2_tiny_newkeys/model.ckpt")])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("0.w.weight") && $0.contains("float32") && $0.contains("[4, 32]")
            && $0.hasSuffix("512") })
        #expect(lines.contains("1 tensors, 128 parameters, 512 bytes"))
    }

    @Test("a wrapped checkpoint file as JSON: unwrapped names, every tensor listed")
    func fileJSON() throws {
        let result = try Emoeval.run(["inspect", Fixture.path("e2v_tiny_plus_wrapped/model.pt"), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.kind == "file")
        #expect(report.family == nil)
        #expect(report.tensors.count == 77)
        #expect(report.tensorCount == 77)
        #expect(report.parameters == 195_277)
        #expect(report.bytes == 195_277 * 4)
        #expect(report.tensors.first == .init(name: "modality_encoders.AUDIO.extra_tokens", dtype: "float32",
                                              shape: [1, 10, 64], bytes: 2560))
        #expect(!report.tensors.contains { $0.name.hasPrefix("module.") || $0.name.hasPrefix("optimizer") })
    }

    @Test("a SpeechBrain directory: files, family and both checkpoints")
    func directoryText() throws {
        let result = try Emoeval.run(["inspect", Fixture.path("sb_w2v2_tiny_oldkeys")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("family: wav2vec2-iemocap"))
        for file in ["hyperparams.yaml", "wav2vec2.ckpt", "model.ckpt", "label_encoder.txt"] {
            #expect(result.stdout.contains(file))
        }
        #expect(result.stdout.contains("model.encoder.pos_conv_embed.conv.weight_g"))
        #expect(result.stdout.contains("total: 52 tensors, 36,272 parameters, 145,088 bytes"))
    }

    @Test("an emotion2vec directory as JSON")
    func directoryJSON() throws {
        let result = try Emoeval.run(["inspect", "--json", Fixture.path("e2v_tiny_base")])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.kind == "directory")
        #expect(report.family == "emotion2vec")
        #expect(report.tensors.count == 85)
        #expect(report.parameters == 199_172)
    }

    @Test("a file that is not a checkpoint fails with a one-line reason")
    func notACheckpoint() throws {
        let result = try Emoeval.run(["inspect", Fixture.path("audio/n400.wav")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("not a torch zip checkpoint or safetensors file"))
    }
}
