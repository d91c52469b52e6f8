// loadModel(directory:): family detection through the registry, and what a non-model directory says.
import Foundation
import Testing
import EmoModels
import EmoTestSupport

@Suite("model registry")
struct ModelRegistryTests {
    @Test("every tiny emotion2vec directory loads as Emotion2Vec", arguments: TinyE2V.all)
    func loads(fixture: TinyE2V) throws {
        let model = try loadModel(directory: Fixture.path(fixture.directory))
        #expect(model is Emotion2Vec)
        #expect(model.identity.family == .emotion2vec && model.embeddingDim == 64)
        #expect(model.identity.labels.count == (fixture.directory == "e2v_tiny_base" ? 0
            : fixture.directory.hasSuffix("oldtokens") ? 5 : 9))
    }

    @Test("a directory that is not a model is refused with one line naming it")
    func notAModel() throws {
        let dir = try Fixture.temporaryDirectory("not-a-model")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        do {
            _ = try loadModel(directory: dir.path)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("\(dir.path): not a model directory"))
        }
        #expect(throws: (any Error).self) { try loadModel(directory: Fixture.path("audio/n400.wav")) }
    }
}
