// Full-size parity (not in CI): base / large random models made by the reference harness
// (`hf_reference.py make-model --size base|large`) and its `run` outputs (transformers) for fixture audio.
// Enabled by EMOEVAL_HF_FULL_DIR (model directory) and EMOEVAL_HF_FULL_REFS (reference directory); run it in
// release (`swift test -c release --filter HFAudioClassifierFullSize`), a debug build is very slow. Prints the
// measured differences (issue #14's note reports them).
import EmoAudio
import EmoModels
import EmoTestSupport
import Foundation
import Testing

private let environment = ProcessInfo.processInfo.environment
private let fullSizeEnabled = environment["EMOEVAL_HF_FULL_DIR"] != nil && environment["EMOEVAL_HF_FULL_REFS"] != nil

/// 12 or 24 layers of 768 / 1024 accumulate more float32 rounding than the 2-layer fixtures.
private let fullSizeHiddenTolerance: Float = 1e-3
private let fullSizeScoreTolerance: Float = 1e-4

@Suite("HFAudioClassifier full-size parity", .enabled(if: fullSizeEnabled))
struct HFAudioClassifierFullSizeTests {
    @Test("hidden state, pooled vector and scores match the harness references")
    func fullSize() throws {
        let directory = environment["EMOEVAL_HF_FULL_DIR"] ?? "", refs = environment["EMOEVAL_HF_FULL_REFS"] ?? ""
        let start = Date()
        let model = try HFAudioClassifier(directory: directory)
        print("load: \(Date().timeIntervalSince(start)) s, \(model.config.encoder.modelType) "
              + "\(model.config.encoder.hiddenSize)x\(model.config.encoder.numHiddenLayers)")
        let keys = try FileManager.default.contentsOfDirectory(atPath: refs)
            .filter { $0.hasSuffix(".hidden.npy") }.map { String($0.dropLast(".hidden.npy".count)) }.sorted()
        #expect(!keys.isEmpty)
        for key in keys {
            let reference = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: "\(refs)/\(key).json"))) as? [String: Any]
            let file = try #require(reference?["file"] as? String)
            let scores = try #require(reference?["scores"] as? [Double]).map(Float.init)
            let input = "\(refs)/\(key).input16k.npy"
            let samples = FileManager.default.fileExists(atPath: input)
                ? try readNpy(input).values : try loadWaveform(path: Fixture.path("audio/" + file)).samples
            let began = Date()
            let output = try model.infer(samples, includeFrames: true)
            let seconds = Date().timeIntervalSince(began)
            let hidden = try readNpy("\(refs)/\(key).hidden.npy"), pooled = try readNpy("\(refs)/\(key).pooled.npy")
            let hiddenError = maxAbsDifference(output.frames?.data ?? [], hidden.values)
            let pooledError = maxAbsDifference(output.embedding, pooled.values)
            let scoreError = maxAbsDifference(output.scores, scores)
            print("\(key): hidden \(hiddenError) pooled \(pooledError) scores \(scoreError) "
                  + "(\(samples.count) samples, \(seconds) s)")
            #expect(output.frames?.shape == hidden.shape, "\(key)")
            #expect(hiddenError <= fullSizeHiddenTolerance, "\(key)")
            #expect(pooledError <= fullSizeHiddenTolerance, "\(key)")
            #expect(scoreError <= fullSizeScoreTolerance, "\(key)")
        }
    }
}
