// Full-size parity (not in CI): a wav2vec2-base-sized model made by the reference harness
// (`sb_w2v2_reference.py make-model --variant base`) and its `run --backend hf` outputs for fixture audio.
// Enabled by EMOEVAL_W2V2_FULL_DIR (model directory) and EMOEVAL_W2V2_FULL_REFS (reference directory);
// run it in release (`swift test -c release --filter Wav2Vec2FullSize`), a debug build is very slow.
import EmoAudio
import EmoModels
import EmoTestSupport
import Foundation
import Testing

private let environment = ProcessInfo.processInfo.environment
private let fullSizeEnabled = environment["EMOEVAL_W2V2_FULL_DIR"] != nil && environment["EMOEVAL_W2V2_FULL_REFS"] != nil

/// Twelve 768-wide layers accumulate more float32 rounding than the 2-layer fixtures; the frames are O(1).
private let fullSizeFrameTolerance: Float = 1e-3
private let fullSizeProbabilityTolerance: Float = 1e-4

@Suite("Wav2Vec2Classifier full-size parity", .enabled(if: fullSizeEnabled))
struct Wav2Vec2FullSizeTests {
    @Test("frames, pooled vector and probabilities match the harness references")
    func fullSize() throws {
        let directory = environment["EMOEVAL_W2V2_FULL_DIR"] ?? "", refs = environment["EMOEVAL_W2V2_FULL_REFS"] ?? ""
        let start = Date()
        let model = try Wav2Vec2Classifier(directory: directory)
        print("load: \(Date().timeIntervalSince(start)) s, \(model.config.architectureName)")
        let keys = try FileManager.default.contentsOfDirectory(atPath: refs)
            .filter { $0.hasSuffix(".frames.npy") }.map { String($0.dropLast(".frames.npy".count)) }.sorted()
        #expect(!keys.isEmpty)
        for key in keys {
            let reference = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: "\(refs)/\(key).json"))) as? [String: Any]
            let file = try #require(reference?["file"] as? String)
            let scores = try #require(reference?["scores"] as? [Double]).map(Float.init)
            let samples = try loadWaveform(path: Fixture.path("audio/" + file)).samples
            let began = Date()
            let output = try model.infer(samples, includeFrames: true)
            let seconds = Date().timeIntervalSince(began)
            let frames = try readNpy("\(refs)/\(key).frames.npy"), pooled = try readNpy("\(refs)/\(key).utterance.npy")
            let frameError = maxAbsDifference(output.frames?.data ?? [], frames.values)
            let pooledError = maxAbsDifference(output.embedding, pooled.values)
            let scoreError = maxAbsDifference(output.scores, scores)
            print("\(key): frames \(frameError) pooled \(pooledError) probabilities \(scoreError) "
                  + "(\(samples.count) samples, \(seconds) s)")
            #expect(output.frames?.shape == frames.shape, "\(key)")
            #expect(frameError <= fullSizeFrameTolerance, "\(key)")
            #expect(pooledError <= fullSizeFrameTolerance, "\(key)")
            #expect(scoreError <= fullSizeProbabilityTolerance, "\(key)")
        }
    }
}
