// Loading failures: every bad model directory or input yields one ModelError naming the file and the item.
import Foundation
import Testing
@testable import EmoModels
import EmoCheckpoint
import EmoTestSupport

@Suite("emotion2vec loading and bad input")
struct Emotion2VecLoadingTests {
    /// A writable copy of a fixture model directory.
    static func copy(_ name: String) throws -> URL {
        let dir = try Fixture.temporaryDirectory("e2v-load").appendingPathComponent(name)
        try FileManager.default.copyItem(at: Fixture.url(name), to: dir)
        return dir
    }

    static func load(_ dir: URL, checkpoint: String = "model.pt") throws -> Emotion2Vec {
        let tokens = dir.appendingPathComponent("tokens.txt").path
        return try Emotion2Vec(directory: dir.path, configPath: dir.appendingPathComponent("config.yaml").path,
                               checkpointPath: dir.appendingPathComponent(checkpoint).path, tokensPath: tokens)
    }

    static func edit(_ dir: URL, _ file: String, _ original: String, _ replacement: String) throws {
        let url = dir.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(original))
        try text.replacingOccurrences(of: original, with: replacement).write(to: url, atomically: true, encoding: .utf8)
    }

    @Test("config disagreeing with the weights names the field, both values and a hint", arguments: [
        ("  embed_dim: 64\n", "  embed_dim: 32\n", "model_conf.embed_dim"),
        ("  depth: 2\n", "  depth: 3\n", "model_conf.depth"),
        ("      prenet_depth: 1\n", "      prenet_depth: 2\n", "model_conf.modalities.audio.prenet_depth"),
        ("      num_alibi_heads: 4\n", "      num_alibi_heads: 2\n", "model_conf.modalities.audio.num_alibi_heads"),
        ("  mlp_ratio: 4.0\n", "  mlp_ratio: 2.0\n", "model_conf.mlp_ratio"),
        ("[(32,2,2)] + [(32,2,2)]", "[(32,2,2)]", "model_conf.modalities.audio.feature_encoder_spec"),
    ])
    func configMismatch(original: String, replacement: String, field: String) throws {
        let dir = try Self.copy("e2v_tiny_plus")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try Self.edit(dir, "config.yaml", original, replacement)
        do {
            _ = try Self.load(dir)
            Issue.record("loading should fail for \(field)")
        } catch let error as ModelError {
            guard case let .configMismatch(file, errorField, _, checkpoint, _, hint) = error else {
                Issue.record("unexpected error \(error)"); return
            }
            #expect(file.hasSuffix("config.yaml") && checkpoint.hasSuffix("model.pt") && errorField == field)
            #expect(!hint.isEmpty && "\(error)".contains("\nhint: "))
        }
    }

    @Test("a missing tokens.txt is named when config.yaml asks for a head")
    func missingTokens() throws {
        let dir = try Self.copy("e2v_tiny_plus")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("tokens.txt"))
        #expect(throws: ModelError.self) { try Self.load(dir) }
        do { _ = try Self.load(dir) } catch { #expect("\(error)".contains("missing tokens.txt")) }
    }

    @Test("tokens.txt with a different number of rows than the classifier")
    func labelCountMismatch() throws {
        let dir = try Self.copy("e2v_tiny_plus")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try Self.edit(dir, "tokens.txt", "吃惊/surprised\n", "")
        do {
            _ = try Self.load(dir)
            Issue.record("expected a mismatch")
        } catch let ModelError.configMismatch(file, field, configValue, _, checkpointValue, _) {
            #expect(file.hasSuffix("tokens.txt") && field == "labels" && configValue == "8 lines")
            #expect(checkpointValue.hasPrefix("9 classes"))
        }
    }

    @Test("a corrupt checkpoint fails with the checkpoint reader's error")
    func corruptCheckpoint() throws {
        let dir = try Self.copy("e2v_tiny_plus")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try Data("not a checkpoint".utf8).write(to: dir.appendingPathComponent("model.pt"))
        #expect(throws: (any Error).self) { try Self.load(dir) }
    }

    @Test("inputs shorter than one frame or holding NaN are refused")
    func badInput() throws {
        let model = try Self.load(Fixture.url("e2v_tiny_plus"))
        #expect(model.minimumSamples == 400)
        #expect(throws: ModelError.inputTooShort(samples: 399, minimum: 400)) {
            try model.infer([Float](repeating: 0.1, count: 399), includeFrames: false)
        }
        var samples = [Float](repeating: 0.1, count: 800)
        samples[5] = .nan
        #expect(throws: ModelError.nonFiniteInput(index: 5)) { try model.infer(samples, includeFrames: false) }
    }

    @Test("identity: family, variant, sha256, labels")
    func identity() throws {
        let model = try Self.load(Fixture.url("e2v_tiny_plus"))
        #expect(model.identity.family == .emotion2vec && model.identity.variant == "e2v_tiny_plus")
        #expect(try model.hashedIdentity().checkpointSHA256 == "8365cd4d7c4825e772d9c990e6bc72fe3f5c685580dcf725ee977aed935a2980")
        #expect(model.identity.labels.count == 9 && model.embeddingDim == 64 && model.sampleRate == 16000)
        #expect(Emotion2Vec.variantName(directory: "/x/models--emotion2vec--emotion2vec_plus_large/snapshots/ab12")
                == "emotion2vec_plus_large")
        #expect(Emotion2Vec.variantName(directory: "/models/iic/emotion2vec_base/") == "emotion2vec_base")
    }
}
