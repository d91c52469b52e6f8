// Wav2Vec2Config: wav2vec2-base defaults, config.json overrides, frame geometry, and errors naming the field.
import EmoModels
import EmoTestSupport
import Foundation
import Testing

@Suite("Wav2Vec2Config")
struct Wav2Vec2ConfigTests {
    @Test("a directory without config.json gets facebook/wav2vec2-base")
    func defaults() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try Wav2Vec2Config.load(directory: directory.path)
        #expect(config == .base)
        #expect(config.source == nil)
        #expect(config.hiddenSize == 768 && config.numHiddenLayers == 12 && config.numAttentionHeads == 12)
        #expect(config.intermediateSize == 3072 && config.numConvPosEmbeddings == 128)
        #expect(config.numConvPosEmbeddingGroups == 16 && !config.convBias)
        #expect(config.convLayers.map(\.kernel) == [10, 3, 3, 3, 3, 2, 2])
        #expect(config.convLayers.map(\.stride) == [5, 2, 2, 2, 2, 2, 2])
        #expect(config.architectureName == "wav2vec2-base")
    }

    @Test("frame geometry: T = ⌊(N − 400)/320⌋ + 1, 400 samples minimum", arguments: [
        (399, 0), (400, 1), (401, 1), (719, 1), (720, 2), (16_000, 49), (97_523, 304),
    ])
    func frames(samples: Int, frames: Int) {
        #expect(Wav2Vec2Config.base.frameCount(samples: samples) == frames)
        #expect(Wav2Vec2Config.base.minimumSamples == 400)
    }

    @Test("FLOP count of 1 s at wav2vec2-base size is the spec's 13.8 GFLOP (6.91 GMAC)")
    func flops() {
        let shapes = Wav2Vec2Config.base.gemmShapes(samples: 16_000, classes: 4)
        let gflop = shapes.reduce(0) { $0 + $1.flops } / 1e9
        #expect(abs(gflop - 13.82) < 0.05, "\(gflop)")
        #expect(shapes.first == GemmShape(m: 3199, n: 512, k: 10, transposeB: true))
    }

    @Test("the tiny fixture's config.json overrides the sizes")
    func tinyConfig() throws {
        let config = try Wav2Vec2Config.load(directory: Fixture.path("sb_w2v2_tiny_newkeys"))
        #expect(config.hiddenSize == 32 && config.numHiddenLayers == 2 && config.numAttentionHeads == 4)
        #expect(config.intermediateSize == 64 && config.numConvPosEmbeddings == 16)
        #expect(config.convLayers.map(\.channels) == Array(repeating: 32, count: 7))
        #expect(config.source?.hasSuffix("config.json") == true)
        #expect(config.architectureName == "wav2vec2-32x2")
    }

    @Test("missing fields keep the transformers defaults")
    func partial() throws {
        let config = try Wav2Vec2Config.decode(json: Data(#"{"hidden_size": 64, "num_attention_heads": 4}"#.utf8),
                                               file: "config.json")
        #expect(config.hiddenSize == 64 && config.numAttentionHeads == 4)
        #expect(config.numHiddenLayers == 12 && config.convLayers == Wav2Vec2Config.base.convLayers)
    }

    @Test("unsupported or malformed values name the field", arguments: [
        (#"{"feat_extract_norm": "batch"}"#, "feat_extract_norm"),
        (#"{"conv_pos_batch_norm": true}"#, "conv_pos_batch_norm"),
        (#"{"add_adapter": true}"#, "add_adapter"),
        (#"{"hidden_act": "relu"}"#, "hidden_act"),
        (#"{"model_type": "hubert"}"#, "model_type"),
        (#"{"conv_dim": [512, 512], "conv_kernel": [10], "conv_stride": [5]}"#, "conv_dim"),
        (#"{"hidden_size": "768"}"#, "hidden_size"),
        (#"{"conv_kernel": [10, 3, "x", 3, 3, 2, 2]}"#, "conv_kernel.2"),
        (#"{"hidden_size": 100, "num_attention_heads": 12}"#, "num_attention_heads"),
    ])
    func invalid(json: String, field: String) throws {
        let error = #expect(throws: ModelError.self) {
            let config = try Wav2Vec2Config.decode(json: Data(json.utf8), file: "dir/config.json")
            try config.validate()
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.hasPrefix("dir/config.json: field '\(field)'"), "\(message)")
    }

    @Test("a file that is not JSON is one clear error")
    func notJSON() {
        let error = #expect(throws: ModelError.self) {
            _ = try Wav2Vec2Config.decode(json: Data("hidden_size: 3".utf8), file: "x/config.json")
        }
        #expect(error.map { "\($0)" }?.hasPrefix("x/config.json: ") == true)
    }
}
