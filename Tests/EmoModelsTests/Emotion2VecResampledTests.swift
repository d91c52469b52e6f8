// Inputs that go through EmoAudio (resampling, down-mix, FLAC): top label equal and utterance cosine ≥ 0.999
// against FunASR's references, which used soxr_hq resampling (Tests/Fixtures/README.md §5.3: a different resampler moves the
// utterance embedding by up to 0.16 max-abs, cosine 0.9986–0.9994, so max-abs is not comparable here).
import Testing
import EmoAudio
import EmoModels
import EmoTestSupport

/// FunASR's soxr_hq vs our libsamplerate resampler: different but both high-quality band-limited resamplers.
let resampledCosine = 0.999

@Suite("emotion2vec on resampled, stereo and FLAC input")
struct Emotion2VecResampledTests {
    @Test("top label and utterance cosine", arguments: ["stereo_44k1_2s.wav", "mono_8k_1p5s.wav", "speech_1p7s_24bit.flac"])
    func resampled(file: String) throws {
        let key = String(file.prefix { $0 != "." })
        let model = try TinyE2V.all[0].load()
        let waveform = try loadWaveform(path: Fixture.path("audio/\(file)"))
        let reference = try ReferenceRecord(Fixture.path("refs/e2v_tiny_plus/\(key).json"))
        #expect(waveform.samples.count == reference.n_frames * 320 + 80 || model.frameCount(samples: waveform.samples.count) == reference.n_frames)
        let output = try model.infer(waveform.samples, includeFrames: false)
        let utterance = try readNpy(Fixture.path("refs/e2v_tiny_plus/\(key).utterance.npy"))
        #expect(cosineSimilarity(output.embedding, utterance.values) >= resampledCosine)
        let best = try #require(output.scores.indices.max { output.scores[$0] < output.scores[$1] })
        #expect(model.identity.rawLabels[best] == reference.top_label)
    }
}
