// Detection of released model directories (emotion2vec / SpeechBrain) from their files.
import Foundation
import Testing
import EmoModels
import EmoTestSupport

@Suite("Model directory detection")
struct ModelDirectoryTests {
    @Test("emotion2vec+ directories", arguments: ["e2v_tiny_plus", "e2v_tiny_plus_wrapped", "e2v_tiny_plus_oldtokens"])
    func emotion2vecPlus(name: String) throws {
        let directory = try detectModelDirectory(Fixture.path(name))
        #expect(directory.family == .emotion2vec)
        #expect(directory.checkpoint.hasSuffix("\(name)/model.pt"))
        #expect(directory.config.hasSuffix("\(name)/config.yaml"))
        #expect(directory.labels?.hasSuffix("\(name)/tokens.txt") == true)
        #expect(directory.metadata?.hasSuffix("configuration.json") == true)
        #expect(directory.headCheckpoint == nil)
        #expect(directory.checkpoints.count == 1)
    }

    @Test("emotion2vec_base: emotion2vec_base.pt, no tokens")
    func emotion2vecBase() throws {
        let directory = try detectModelDirectory(Fixture.path("e2v_tiny_base"))
        #expect(directory.family == .emotion2vec)
        #expect(directory.checkpoint.hasSuffix("e2v_tiny_base/emotion2vec_base.pt"))
        #expect(directory.labels == nil)
    }

    @Test("SpeechBrain directories", arguments: ["sb_w2v2_tiny_newkeys", "sb_w2v2_tiny_oldkeys"])
    func speechBrain(name: String) throws {
        let directory = try detectModelDirectory(Fixture.path(name))
        #expect(directory.family == .wav2vec2IEMOCAP)
        #expect(directory.config.hasSuffix("hyperparams.yaml"))
        #expect(directory.checkpoint.hasSuffix("wav2vec2.ckpt"))
        #expect(directory.headCheckpoint?.hasSuffix("model.ckpt") == true)
        #expect(directory.labels?.hasSuffix("label_encoder.txt") == true)
        #expect(directory.metadata?.hasSuffix("config.json") == true)
        #expect(directory.files.map(\.role) == ["config", "checkpoint", "head checkpoint", "labels", "metadata"])
    }

    @Test("a directory without checkpoint names what is missing")
    func missingCheckpoint() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("model: Emotion2vec\n".utf8).write(to: directory.appendingPathComponent("config.yaml"))
        #expect {
            try detectModelDirectory(directory.path)
        } throws: { error in
            "\(error)".contains("missing model.pt or emotion2vec_base.pt")
        }
    }

    @Test("an incomplete SpeechBrain directory lists the missing files")
    func incompleteSpeechBrain() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["hyperparams.yaml", "wav2vec2.ckpt"] {
            try Data().write(to: directory.appendingPathComponent(name))
        }
        #expect {
            try detectModelDirectory(directory.path)
        } throws: { error in
            guard case let .incomplete(_, family, _, missing) = error as? ModelDirectoryError else { return false }
            return family == .wav2vec2IEMOCAP && missing == ["model.ckpt", "label_encoder.txt"]
        }
    }

    @Test("a file or an unrelated directory is rejected")
    func notAModelDirectory() {
        #expect(throws: ModelDirectoryError.notADirectory(path: Fixture.path("e2v_tiny_plus/model.pt"))) {
            try detectModelDirectory(Fixture.path("e2v_tiny_plus/model.pt"))
        }
        #expect {
            try detectModelDirectory(Fixture.path("audio"))
        } throws: { error in
            "\(error)".contains("not a model directory") && "\(error)".contains("hyperparams.yaml")
        }
    }
}
