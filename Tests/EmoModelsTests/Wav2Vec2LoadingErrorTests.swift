// Bad model directories and bad input for the wav2vec2 classifier: one clear line naming the file and the
// missing or mis-shaped weight (or setting). Broken checkpoints are made by patching bytes of a copy of the
// tiny fixture: torch zips store entries uncompressed, so a same-length edit of the pickle keeps it valid.
import EmoModels
import EmoTestSupport
import Foundation
import Testing

/// A temporary copy of `sb_w2v2_tiny_newkeys`, removed by `cleanUp()`.
private struct BrokenDirectory {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = try Fixture.temporaryDirectory("w2v2-broken")
        for name in ["config.json", "hyperparams.yaml", "label_encoder.txt", "model.ckpt", "wav2vec2.ckpt"] {
            try FileManager.default.copyItem(at: Fixture.url("sb_w2v2_tiny_newkeys/" + name),
                                             to: url.appendingPathComponent(name))
        }
    }

    /// Replaces the first occurrence of `old` by `new` (same length) in `file`.
    func patch(_ file: String, _ old: [UInt8], _ new: [UInt8]) throws {
        precondition(old.count == new.count)
        let fileURL = url.appendingPathComponent(file)
        var bytes = [UInt8](try Data(contentsOf: fileURL))
        let start = try #require((0...(bytes.count - old.count)).first { Array(bytes[$0..<($0 + old.count)]) == old })
        bytes.replaceSubrange(start..<(start + old.count), with: new)
        try Data(bytes).write(to: fileURL)
    }

    func write(_ file: String, _ text: String) throws {
        try Data(text.utf8).write(to: url.appendingPathComponent(file))
    }

    func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

/// Loads `directory` and returns the error message (a failure if loading succeeds).
private func loadError(_ directory: BrokenDirectory) -> String {
    let error = #expect(throws: ModelError.self) { _ = try Wav2Vec2Classifier(directory: directory.path) }
    return error.map { "\($0)" } ?? ""
}

@Suite("Wav2Vec2Classifier: bad directories and bad input")
struct Wav2Vec2LoadingErrorTests {
    @Test("a missing weight is named with its file")
    func missingWeight() throws {
        let directory = try BrokenDirectory()
        defer { directory.cleanUp() }
        try directory.patch("wav2vec2.ckpt", Array("layers.1.final_layer_norm.bias".utf8),
                            Array("layers.1.final_layer_norm.bia5".utf8))
        let message = loadError(directory)
        #expect(message == "\(directory.path)/wav2vec2.ckpt: missing tensor 'model.encoder.layers.1.final_layer_norm.bias'")
    }

    @Test("a missing weight-norm half fails instead of falling back to the other spelling")
    func missingWeightNormHalf() throws {
        let directory = try BrokenDirectory()
        defer { directory.cleanUp() }
        try directory.patch("wav2vec2.ckpt", Array("parametrizations.weight.original1".utf8),
                            Array("parametrizations.weight.original7".utf8))
        #expect(loadError(directory).hasSuffix(
            "wav2vec2.ckpt: missing tensor 'model.encoder.pos_conv_embed.conv.parametrizations.weight.original1'"))
    }

    @Test("a mis-shaped weight is named with both shapes")
    func misShapedWeight() throws {
        let directory = try BrokenDirectory()
        defer { directory.cleanUp() }
        // model.ckpt pickle: 0.w.weight is _rebuild_tensor_v2(storage, 0, (4, 32), (32, 1), ...); make it (4, 16).
        try directory.patch("model.ckpt", [0x4B, 0x04, 0x4B, 0x20, 0x86], [0x4B, 0x04, 0x4B, 0x10, 0x86])
        #expect(loadError(directory) == "\(directory.path)/model.ckpt: tensor '0.w.weight' has shape [4, 16], expected [4, 32]")
    }

    @Test("a config.json that disagrees with the checkpoint names the field and the tensor")
    func configMismatch() throws {
        let directory = try BrokenDirectory()
        defer { directory.cleanUp() }
        try directory.write("config.json", #"{"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4,"#
                            + #" "intermediate_size": 64, "conv_dim": [32, 32, 32, 32, 32, 32, 32],"#
                            + #" "num_conv_pos_embeddings": 128}"#)
        let message = loadError(directory)
        #expect(message.hasPrefix("\(directory.path)/config.json: 'num_conv_pos_embeddings' is 128 but "
                                  + "\(directory.path)/wav2vec2.ckpt has 16"), "\(message)")
    }

    @Test("without config.json the wav2vec2-base sizes are assumed, and the error says so")
    func missingConfig() throws {
        let directory = try BrokenDirectory()
        defer { directory.cleanUp() }
        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("config.json"))
        let message = loadError(directory)
        #expect(message.contains("'conv_dim[0]' is 512 but"), "\(message)")
        #expect(message.contains("hint: the directory has no config.json"), "\(message)")
    }

    @Test("a head bias that hyperparams.yaml declares but model.ckpt lacks is named")
    func headBiasDisagrees() throws {
        let directory = try BrokenDirectory()
        defer { directory.cleanUp() }
        try directory.patch("hyperparams.yaml", Array("bias: False".utf8), Array("bias: True ".utf8))
        #expect(loadError(directory) == "\(directory.path)/model.ckpt: missing tensor '0.w.bias'")
    }

    @Test("a missing file is named")
    func missingFile() throws {
        let directory = try BrokenDirectory()
        defer { directory.cleanUp() }
        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("label_encoder.txt"))
        #expect(loadError(directory).hasPrefix("\(directory.path): missing label_encoder.txt"))
    }

    @Test("too-short and non-finite input are refused")
    func badInput() throws {
        let model = try Wav2Vec2Classifier(directory: Fixture.path("sb_w2v2_tiny_newkeys"))
        #expect(throws: ModelError.inputTooShort(samples: 399, minimum: 400)) {
            _ = try model.infer([Float](repeating: 0.1, count: 399), includeFrames: false)
        }
        var samples = [Float](repeating: 0.1, count: 800)
        samples[7] = .nan
        #expect(throws: ModelError.nonFiniteInput(index: 7)) { _ = try model.infer(samples, includeFrames: false) }
    }
}
