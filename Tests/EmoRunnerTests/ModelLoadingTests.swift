// Model loading for runs: the checkpoint sha256 is cached by path, size and modification time.
import Foundation
import Testing
import EmoCheckpoint
import EmoHash
import EmoModels
import EmoRunner
import EmoStore
import EmoTestSupport

@Suite("Model loading")
struct ModelLoadingTests {
    @Test("the checkpoint hash is computed once, cached, and recomputed when the file changes")
    func hashCache() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("model.pt")
        try Data("first".utf8).write(to: file)
        let store = try EvalStore.inMemory()
        let first = try cachedSHA256(ofFile: file.path, store: store)
        #expect(first == sha256Hex(of: Array("first".utf8)))
        // A stale cache entry would be returned as is: prove the cache is read by planting a marker value.
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        try store.storeCheckpointHash(CheckpointHashRecord(path: file.path, size: size, modificationTime: modified,
                                                           sha256: "cached"))
        #expect(try cachedSHA256(ofFile: file.path, store: store) == "cached")
        try Data("second!".utf8).write(to: file)
        #expect(try cachedSHA256(ofFile: file.path, store: store) == sha256Hex(of: Array("second!".utf8)))
    }

    @Test("the tiny emotion2vec+ fixture loads with the cached hash as its identity")
    func loadsFixture() throws {
        let store = try EvalStore.inMemory()
        let model = try loadModel(directory: Fixture.path("e2v_tiny_plus"), hashCache: store)
        let sha = try sha256Hex(ofFile: Fixture.path("e2v_tiny_plus/model.pt"))
        #expect(try model.hashedIdentity().checkpointSHA256 == sha)
        #expect(try ModelRecord(model: model).config?.isEmpty == false)
    }

    /// A model loaded without a known hash hashes its checkpoint when its identity is first stored. If the file is
    /// gone by then, storing fails with an error naming the file; no stand-in text ever takes the hash's place.
    @Test("a checkpoint deleted after load: storing the model fails naming the file, for every lazily hashing family")
    func deletedCheckpoint() throws {
        for (fixture, file) in [("e2v_tiny_plus", "model.pt"), ("sb_w2v2_tiny_newkeys", "wav2vec2.ckpt"),
                                ("hf_w2v2_tiny_base", "model.safetensors")] {
            let scratch = try TemporaryDirectory()
            let copy = scratch.url.appendingPathComponent(fixture)
            try FileManager.default.copyItem(at: Fixture.url(fixture), to: copy)
            let model = try loadModel(directory: copy.path)
            let checkpoint = copy.appendingPathComponent(file).path
            try FileManager.default.removeItem(atPath: checkpoint)

            let store = try EvalStore.inMemory()
            let error = #expect(throws: ModelError.self, "\(fixture)") {
                _ = try store.ensureModel(try ModelRecord(model: model))
            }
            guard let error, case let .checkpointUnhashable(named, _) = error else {
                Issue.record("\(fixture): expected checkpointUnhashable, got \(String(describing: error))")
                continue
            }
            #expect(named == checkpoint, "\(fixture)")
            let text = "\(error)"
            #expect(text.hasPrefix("\(checkpoint): cannot compute the checkpoint's sha256") && !text.contains("unavailable"),
                    "\(fixture): \(text)")
            // The outcome is kept: asking again gives the same error, not a different answer.
            #expect(throws: error) { _ = try model.hashedIdentity() }
            // The identity without the hash is still there (what classify prints), and it holds no hash.
            #expect(model.identity.checkpointSHA256.isEmpty && !model.identity.variant.isEmpty, "\(fixture)")
        }
    }
}
