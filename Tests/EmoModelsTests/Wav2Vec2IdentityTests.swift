// Identity of a SpeechBrain model as the runner and the report see it: the release's name as the variant
// (so a recipe's reference figures match it) and a checkpoint hash handed in from the runner's cache.
import EmoTestSupport
import Foundation
@testable import EmoModels
import Testing

@Suite("Wav2Vec2Classifier identity")
struct Wav2Vec2IdentityTests {
    /// A copy of the tiny fixture under a Hugging Face cache path naming the release.
    private func releaseLikeCopy() throws -> (root: URL, directory: String) {
        let root = try Fixture.temporaryDirectory("w2v2-identity")
        let dir = root.appendingPathComponent("models--speechbrain--emotion-recognition-wav2vec2-IEMOCAP/snapshots/5917e0d")
        try FileManager.default.createDirectory(at: dir.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixture.url("sb_w2v2_tiny_oldkeys"), to: dir)
        return (root, dir.path)
    }

    @Test("a directory named after the release gives the release's name as the variant")
    func releaseVariant() throws {
        let (root, dir) = try releaseLikeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let model = try Wav2Vec2Classifier(directory: dir)
        #expect(model.identity.variant == "emotion-recognition-wav2vec2-IEMOCAP")
        #expect(Wav2Vec2Classifier.releaseName(directory: "/models/speechbrain/emotion-recognition-wav2vec2-IEMOCAP")
                == "emotion-recognition-wav2vec2-IEMOCAP")
        #expect(Wav2Vec2Classifier.releaseName(directory: Fixture.path("sb_w2v2_tiny_oldkeys")) == nil)
    }

    @Test("a known checkpoint sha256 is used as given, without hashing the file")
    func knownHash() throws {
        let found = try detectModelDirectory(Fixture.path("sb_w2v2_tiny_newkeys"))
        let model = try Wav2Vec2Classifier(directory: found, checkpointSHA256: "cached-hash")
        #expect(try model.hashedIdentity().checkpointSHA256 == "cached-hash")
    }
}
