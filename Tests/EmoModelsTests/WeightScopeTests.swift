// WeightScope: scoped names, shape checks, zero-copy weights and the "every key consumed" rule.
import Testing
@testable import EmoModels
import EmoCheckpoint
import EmoTestSupport

@Suite("WeightScope")
struct WeightScopeTests {
    static func root(_ path: String) throws -> WeightScope {
        let checkpoint = try loadCheckpoint(path: Fixture.path(path))
        return WeightScope(tensors: checkpoint.tensors, file: path)
    }

    @Test("scoped lookup, shape check and missing tensor name the full key and the file")
    func lookup() throws {
        let root = try Self.root("e2v_tiny_plus/model.pt")
        let norm = root.scope("blocks").scope("0").scope("norm1")
        #expect(norm.prefix == "blocks.0.norm1.")
        let weight = try norm.weight("weight", shape: [64])
        #expect(weight.shape == [64] && weight.isExternal)
        #expect(throws: ModelError.shapeMismatch(file: "e2v_tiny_plus/model.pt", name: "blocks.0.norm1.bias",
                                                 expected: [32], got: [64])) {
            try norm.weight("bias", shape: [32])
        }
        #expect(throws: ModelError.missingTensor(file: "e2v_tiny_plus/model.pt", name: "blocks.0.norm3.weight")) {
            try root.scope("blocks.0.norm3").weight("weight", shape: [64])
        }
        #expect("\(ModelError.shapeMismatch(file: "m.pt", name: "a.b", expected: [2], got: [3]))"
                == "m.pt: tensor 'a.b' has shape [3], expected [2]")
        #expect(root.scope("blocks").childIndices() == [0, 1])
        #expect(root.scope("modality_encoders.AUDIO.context_encoder.blocks").childIndices() == [0])
    }

    @Test("checkAllConsumed lists leftovers; the base model's decoder keys are the named exception")
    func leftovers() throws {
        let root = try Self.root("e2v_tiny_base/emotion2vec_base.pt")
        _ = try root.weight("blocks.0.norm1.weight", shape: [64])
        do {
            try root.checkAllConsumed()
            Issue.record("expected leftovers")
        } catch let ModelError.unusedTensors(file, names, count) {
            #expect(file == "e2v_tiny_base/emotion2vec_base.pt" && names.count == 10 && count == 84)
        }
        // A fully built base model consumed everything except the decoder keys it names.
        let dir = Fixture.path("e2v_tiny_base")
        let model = try Emotion2Vec(directory: dir, configPath: dir + "/config.yaml",
                                    checkpointPath: dir + "/emotion2vec_base.pt", tokensPath: nil)
        #expect(model.identity.labels.isEmpty)
        #expect(Emotion2Vec.ignoredKeys.contains { $0.prefix == "modality_encoders.AUDIO.decoder." })
    }
}
