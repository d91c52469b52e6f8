// Parity of the native SpeechBrain wav2vec2 classifier with the reference outputs of the tiny fixtures
// (Tests/Fixtures/README.md §4–5): both weight-norm key spellings, every 16 kHz fixture file.
import EmoAudio
import EmoKernels
import EmoModels
import EmoTestSupport
import Foundation
import Testing

/// Frames after the output norm are O(1) (|x| ≤ 6.7); float32 accumulation over a different operation order
/// (im2col + sgemm, Float64 norm statistics) measured ≤ 6e-6 between torch thread counts, so 1e-4 is loose
/// for float rounding yet far below the ~0.4 that separates files.
private let frameTolerance: Float = 1e-4
/// Probabilities are in [0, 1]; a 1e-4 error in the pooled vector moves them by ~1e-6.
private let probabilityTolerance: Float = 1e-5
/// SpeechBrain adds 1e-5…9e-5 of random noise per dimension when pooling (docs/specs/wav2vec2-iemocap.md §3 step 9); we add none.
private let speechBrainPooledTolerance: Float = 2e-4

private let directories = ["sb_w2v2_tiny_newkeys", "sb_w2v2_tiny_oldkeys"]
/// The 16 kHz fixture files (no resampling involved, so the references apply exactly).
private let files = ["n400.wav", "n401.wav", "n719.wav", "n720.wav", "speech_0p5s.wav", "speech_1p7s.wav",
                     "speech_3s.wav", "speech_6s.wav", "speech_1p7s_24bit.flac"]

/// One reference record (`refs/sb_w2v2_tiny/<backend>/<key>.json`).
private struct Reference: Decodable {
    var labels: [String]
    var scores: [Float]
    var top_label: String
    var n_frames: Int
    var dim: Int
}

private func reference(_ backend: String, _ key: String) throws -> (Reference, frames: NpyArray, pooled: NpyArray) {
    let base = "refs/sb_w2v2_tiny/\(backend)/\(key)"
    let json = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Fixture.url(base + ".json")))
    return (json, try readNpy(Fixture.path(base + ".frames.npy")), try readNpy(Fixture.path(base + ".utterance.npy")))
}

private func maxAbs(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

@Suite("Wav2Vec2Classifier parity with the tiny SpeechBrain fixtures")
struct Wav2Vec2ParityTests {
    @Test("frames, pooled vector, probabilities and top label match the references", arguments: directories)
    func parity(directory: String) throws {
        let model = try Wav2Vec2Classifier(directory: Fixture.path(directory))
        #expect(model.identity.labels == ["neu", "ang", "hap", "sad"])
        #expect(model.embeddingDim == 32)
        #expect(model.minimumSamples == 400)
        for file in files {
            let key = (file as NSString).deletingPathExtension
            let samples = try loadWaveform(path: Fixture.path("audio/" + file)).samples
            let output = try model.infer(samples, includeFrames: true)
            let (hf, hfFrames, hfPooled) = try reference("hf", key)
            let (sb, _, sbPooled) = try reference("speechbrain", key)
            let frames = try #require(output.frames, "\(directory)/\(key): no frames")

            #expect(frames.shape == [hf.n_frames, hf.dim], "\(directory)/\(key)")
            #expect(hfFrames.shape == frames.shape)
            #expect(maxAbs(frames.data, hfFrames.values) <= frameTolerance, "\(directory)/\(key) frames")
            #expect(maxAbs(output.embedding, hfPooled.values) <= frameTolerance, "\(directory)/\(key) pooled vs hf")
            #expect(maxAbs(output.embedding, sbPooled.values) <= speechBrainPooledTolerance,
                    "\(directory)/\(key) pooled vs speechbrain")
            #expect(maxAbs(output.scores, hf.scores) <= probabilityTolerance, "\(directory)/\(key) probabilities")
            #expect(hf.labels == model.identity.labels)
            let classification = model.speechBrainClassification(of: output)
            #expect(classification.textLab == hf.top_label, "\(directory)/\(key) top label vs hf")
            #expect(classification.textLab == sb.top_label, "\(directory)/\(key) top label vs speechbrain")
            #expect(classification.outProb == output.scores)
            #expect(classification.score == output.scores.max())
        }
    }

    @Test("loadModel recognises a SpeechBrain directory and builds a Wav2Vec2Classifier", arguments: directories)
    func registry(directory: String) throws {
        let model = try loadModel(directory: Fixture.path(directory))
        #expect(model is Wav2Vec2Classifier)
        #expect(model.identity.family == .wav2vec2IEMOCAP && model.embeddingDim == 32 && model.sampleRate == 16_000)
    }

    @Test("both key spellings give bit-identical results")
    func keySpellingsAgree() throws {
        let newKeys = try Wav2Vec2Classifier(directory: Fixture.path(directories[0]))
        let oldKeys = try Wav2Vec2Classifier(directory: Fixture.path(directories[1]))
        let samples = try loadWaveform(path: Fixture.path("audio/speech_0p5s.wav")).samples
        // Bit-for-bit comparisons run under one fixed OpenBLAS thread count (see BlasThreads): suites running in
        // parallel may otherwise switch it between the two inferences, and sgemm then rounds differently.
        let (a, b) = try BlasThreads.using(1) {
            (try newKeys.infer(samples, includeFrames: true), try oldKeys.infer(samples, includeFrames: true))
        }
        #expect(a.frames == b.frames)
        #expect(a.scores == b.scores)
    }

    /// Hashes from Tests/Fixtures/manifest.json (sha256sum of the files).
    @Test("identity: family, sha256 of wav2vec2.ckpt, head hash in the variant, labels in index order")
    func identity() throws {
        let model = try Wav2Vec2Classifier(directory: Fixture.path("sb_w2v2_tiny_oldkeys"))
        let identity = try model.hashedIdentity()
        #expect(identity.family == .wav2vec2IEMOCAP)
        #expect(identity.checkpointSHA256 == "904ef4fa684ca1f8610394155e3b11ea0e330c059515add6cac1b49743f49ec8")
        #expect(identity.variant == "wav2vec2-32x2+head-feabbbee37c1")
        #expect(identity.rawLabels == ["neu", "ang", "hap", "sad"] && identity.labels == identity.rawLabels)
        #expect(identity.directory == Fixture.path("sb_w2v2_tiny_oldkeys"))
    }

    @Test("reusing one scratch across utterances of different lengths changes nothing")
    func scratchReuse() throws {
        let model = try Wav2Vec2Classifier(directory: Fixture.path(directories[0]))
        var scratch = Wav2Vec2Scratch()
        for file in ["speech_1p7s.wav", "n720.wav", "speech_0p5s.wav"] {
            let samples = try loadWaveform(path: Fixture.path("audio/" + file)).samples
            let (fresh, reused) = try BlasThreads.using(1) {  // one fixed thread count for a bit-for-bit comparison
                (try model.infer(samples, includeFrames: true), try model.infer(samples, includeFrames: true, scratch: &scratch))
            }
            #expect(fresh.frames == reused.frames, "\(file)")
            #expect(fresh.scores == reused.scores, "\(file)")
        }
    }
}
