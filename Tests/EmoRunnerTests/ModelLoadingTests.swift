// Model loading for runs: the checkpoint sha256 is cached by path, size and modification time.
import Foundation
import Testing
import EmoCheckpoint
import EmoHash
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
        #expect(model.identity.checkpointSHA256 == sha)
        #expect(ModelRecord(model: model).config?.isEmpty == false)
    }
}
