// config.yaml decoding: the YAML spelling, field-path errors, validate(), and feature_encoder_spec parsing.
import Foundation
import Testing
@testable import EmoModels
import EmoTestSupport

@Suite("Emotion2VecConfig")
struct Emotion2VecConfigTests {
    static func fixtureYAML() throws -> String {
        try String(contentsOfFile: Fixture.path("e2v_tiny_plus/config.yaml"), encoding: .utf8)
    }

    @Test("decodes the tiny fixture config with its YAML spelling")
    func decodesFixture() throws {
        let file = try Emotion2VecConfigFile(contentsOf: Fixture.path("e2v_tiny_plus/config.yaml"))
        let c = file.modelConf
        #expect(file.model == "Emotion2vec")
        #expect(file.tokenizer == "CharTokenizer" && file.hasClassifierHead && file.unknownSymbol == "<unk>")
        #expect(c.embedDim == 64 && c.depth == 2 && c.numHeads == 4 && c.normEps == 1e-5 && c.mlpRatio == 4)
        #expect(c.ffnDim == 256 && c.headDim == 16 && !c.layerNormFirst && c.normalize)
        #expect(c.audio.prenetDepth == 1 && c.audio.numExtraTokens == 10 && c.audio.numAlibiHeads == 4)
        #expect(c.audio.convPosKernel == 19 && c.audio.convPosGroups == 16 && c.audio.convPosDepth == 5)
        #expect(try c.convLayers() == [ConvLayerSpec(channels: 32, kernel: 10, stride: 5)]
                + Array(repeating: ConvLayerSpec(channels: 32, kernel: 3, stride: 2), count: 4)
                + Array(repeating: ConvLayerSpec(channels: 32, kernel: 2, stride: 2), count: 2))
        let base = try Emotion2VecConfigFile(contentsOf: Fixture.path("e2v_tiny_base/config.yaml"))
        #expect(!base.hasClassifierHead)
    }

    @Test("a missing field is reported with its dotted path")
    func missingField() throws {
        let yaml = try Self.fixtureYAML().replacingOccurrences(of: "      prenet_depth: 1\n", with: "")
        #expect(throws: ModelError.missingConfigField(file: "c.yaml", field: "model_conf.modalities.audio.prenet_depth")) {
            try Emotion2VecConfigFile(yaml: yaml, file: "c.yaml")
        }
        let message = "\(ModelError.missingConfigField(file: "c.yaml", field: "model_conf.embed_dim"))"
        #expect(message == "c.yaml: missing field 'model_conf.embed_dim'")
    }

    @Test("a wrongly typed field names its path")
    func typeMismatch() throws {
        let yaml = try Self.fixtureYAML().replacingOccurrences(of: "  embed_dim: 64\n", with: "  embed_dim: wide\n")
        do {
            _ = try Emotion2VecConfigFile(yaml: yaml, file: "c.yaml")
            Issue.record("expected an error")
        } catch let error as ModelError {
            guard case let .invalidConfig(file, field, _) = error else { Issue.record("\(error)"); return }
            #expect(file == "c.yaml" && field == "model_conf.embed_dim")
        }
    }

    @Test("validate() rejects impossible and unsupported combinations", arguments: [
        ("  num_heads: 4\n", "  num_heads: 5\n", "model_conf.num_heads"),
        ("  layer_norm_first: false\n", "  layer_norm_first: true\n", "model_conf.layer_norm_first"),
        ("      conv_pos_groups: 16\n", "      conv_pos_groups: 7\n", "model_conf.modalities.audio.conv_pos_groups"),
        ("  extractor_mode: layer_norm\n  shared", "  extractor_mode: default\n  shared", ""),
        ("(32, 10, 5)", "(32, 10 5)", "model_conf.modalities.audio.feature_encoder_spec"),
        ("      num_alibi_heads: 4\n", "      num_alibi_heads: 8\n", "model_conf.modalities.audio.num_alibi_heads"),
    ])
    func validation(original: String, replacement: String, field: String) throws {
        let yaml = try Self.fixtureYAML().replacingOccurrences(of: original, with: replacement)
        #expect(yaml != (try Self.fixtureYAML()))
        if field.isEmpty {
            // model_conf.extractor_mode is not what the audio encoder reads; changing it alone is harmless.
            #expect(throws: Never.self) { try Emotion2VecConfigFile(yaml: yaml, file: "c.yaml") }
            return
        }
        do {
            _ = try Emotion2VecConfigFile(yaml: yaml, file: "c.yaml")
            Issue.record("expected an error for \(field)")
        } catch let ModelError.invalidConfig(file, errorField, _) {
            #expect(file == "c.yaml" && errorField == field)
        }
    }

    @Test("feature_encoder_spec: sums, repeats on either side, whitespace")
    func specParser() throws {
        let released = try ConvLayerSpec.parse("[(512,10,5)] + [(512,3,2)] * 4 + [(512,2,2)] + [(512,2,2)]")
        #expect(released.count == 7 && released[0] == ConvLayerSpec(channels: 512, kernel: 10, stride: 5))
        #expect(released[6] == ConvLayerSpec(channels: 512, kernel: 2, stride: 2))
        #expect(try ConvLayerSpec.parse(" 2 * [ (8, 3, 1), ] ") == Array(repeating: ConvLayerSpec(channels: 8, kernel: 3, stride: 1), count: 2))
        for bad in ["", "[]", "[(1,2)]", "[(1,2,3)] -", "__import__('os')", "[(0,2,2)]"] {
            #expect(throws: ModelError.self) { try ConvLayerSpec.parse(bad) }
        }
    }
}
