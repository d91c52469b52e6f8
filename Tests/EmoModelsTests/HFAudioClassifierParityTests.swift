// Parity of the native Hugging Face wav2vec2 / HuBERT / WavLM classifiers (and audEERING's regression head) with
// the transformers reference outputs of the six tiny hf_* fixtures (Tests/Fixtures/README.md §9): every 16 kHz
// file, the resampled files through their 16 kHz reference waveform and through EmoAudio's resampler.
import EmoAudio
import EmoKernels
@testable import EmoModels
import EmoTestSupport
import EmoTypes
import Foundation
import Testing

/// Hidden states are O(1) (|x| ≤ 4.4); transformers itself moves them by ≤ 1.9e-6 between thread counts.
private let hfHiddenTolerance: Float = 1e-4
/// The pooled vector (|x| ≤ 3.5): a mean over frames, so per-frame float32 rounding averages out.
private let hfPooledTolerance: Float = 1e-5
/// Probabilities in [0, 1]; transformers' 1- vs 2-thread runs differ by ≤ 9.5e-7.
private let hfScoreTolerance: Float = 1e-5
/// Regression outputs (hf_w2v2_dim_tiny: unsquashed, |x| ≤ 6.3) against the transformers float32 reference: 2e-5,
/// not 1e-5, because that reference is itself a float32 computation up to 8.9e-6 away from the exact outputs.
/// `HFRegressionFloat64Tests` below checks both sides against a float64 run of the same model
/// (refs/hf_w2v2_dim_tiny/float64.json): emoeval within 1e-5 (measured ≤ 9.2e-6), the reference within 1e-5
/// (≤ 8.9e-6), so the two can be up to 2e-5 apart; on n401 (one frame) they are 1.43e-5 apart, their errors
/// pointing in opposite directions; everywhere else ≤ 8.5e-6. Max |Δ| of the three outputs:
///   file   emoeval vs f64   reference vs f64   emoeval vs reference
///   n400        9.2e-6           6.6e-6              8.5e-6
///   n401        7.8e-6           8.9e-6              1.43e-5
///   n719        3.0e-6           2.4e-6              4.8e-6
///   n720        4.6e-6           4.7e-6              4.8e-6
///   speech_*    ≤ 1.1e-6         ≤ 0.9e-6            ≤ 9.5e-7
/// (n400, n401, n719: one frame; n720: two.) Where the error comes from (issue #14, measured stage by stage against
/// float64): both implementations make the same local errors (CNN ~1e-6, projection and each layer ~3e-7, head
/// ≤ 5e-7); the CNN's seven conv → LayerNorm(24 channels) → GELU layers with random ×2-gain weights amplify theirs,
/// and on one frame nothing averages it out (torch's rounding in CNN layer 1's conv alone moves n400's outputs by
/// 1.2e-5). Matching the reference itself to 1e-5 on n401 would mean reproducing oneDNN's conv summation order.
private let hfRegressionTolerance: Float = 2e-5

/// The six fixtures, their labels, and whether the 5.x references apply (all but the stable weighted-sum one).
struct HFFixture: Sendable, CustomTestStringConvertible {
    let directory: String
    let labels: [String]
    let family: ModelFamily
    /// Where the score/pooled references this port must match live (`refs/<dir>` or its `transformers4/`).
    let scoreReferences: String
    var testDescription: String { directory }

    static let all = [
        HFFixture(directory: "hf_w2v2_tiny_base", labels: ["neu", "hap", "ang", "sad"], family: .hfWav2Vec2,
                  scoreReferences: "refs/hf_w2v2_tiny_base"),
        // Stable layer norm + weighted layer sum: transformers 4.x and 5.x differ; emoeval matches 4.x (issue #14).
        HFFixture(directory: "hf_w2v2_tiny_stable",
                  labels: ["angry", "calm", "disgust", "fearful", "happy", "neutral", "sad", "surprised"],
                  family: .hfWav2Vec2, scoreReferences: "refs/hf_w2v2_tiny_stable/transformers4"),
        HFFixture(directory: "hf_hubert_tiny",
                  labels: ["anger", "boredom", "disgust", "fear", "happiness", "neutral", "sadness"],
                  family: .hfHubert, scoreReferences: "refs/hf_hubert_tiny"),
        HFFixture(directory: "hf_wavlm_tiny_base", labels: ["neu", "hap", "ang", "sad"], family: .hfWavLM,
                  scoreReferences: "refs/hf_wavlm_tiny_base"),
        HFFixture(directory: "hf_wavlm_tiny_stable", labels: ["angry", "sad", "happy", "surprise", "neutral"],
                  family: .hfWavLM, scoreReferences: "refs/hf_wavlm_tiny_stable"),
        HFFixture(directory: "hf_w2v2_dim_tiny", labels: ["arousal", "dominance", "valence"], family: .hfWav2Vec2,
                  scoreReferences: "refs/hf_w2v2_dim_tiny"),
    ]

    func load() throws -> HFAudioClassifier { try HFAudioClassifier(directory: Fixture.path(directory)) }
}

/// One reference record (`refs/hf_*/<key>.json`).
struct HFReference: Decodable {
    var labels: [String]
    var scores: [Float]
    var top_label: String
    var n_frames: Int
    var n_samples_16k: Int
}

/// The 16 kHz fixture files (no resampling involved, so the references apply exactly).
let hfSixteenKiloHertzFiles = ["n400.wav", "n401.wav", "n719.wav", "n720.wav", "speech_0p5s.wav", "speech_1p7s.wav",
                               "speech_3s.wav", "speech_6s.wav", "speech_1p7s_24bit.flac"]

private func argmax(_ x: [Float]) -> Int { x.indices.max { x[$0] < x[$1] } ?? 0 }

@Suite("HFAudioClassifier parity with the transformers references")
struct HFAudioClassifierParityTests {
    @Test("hidden state, pooled vector, scores and top label on every 16 kHz file", arguments: HFFixture.all)
    func parity(fixture: HFFixture) throws {
        let model = try fixture.load()
        #expect(model.identity.labels == fixture.labels && model.identity.family == fixture.family)
        #expect(model.minimumSamples == 400 && model.sampleRate == 16_000)
        for file in hfSixteenKiloHertzFiles {
            let key = (file as NSString).deletingPathExtension
            let samples = try loadWaveform(path: Fixture.path("audio/" + file)).samples
            try check(model, fixture, key: key, samples: samples)
        }
    }

    @Test("resampled files: fed the reference 16 kHz waveform, exact tolerances", arguments: HFFixture.all)
    func resampledReferenceInput(fixture: HFFixture) throws {
        let model = try fixture.load()
        for key in ["stereo_44k1_2s", "mono_8k_1p5s"] {
            let input = try readNpy(Fixture.path("refs/hf_w2v2_tiny_base/\(key).input16k.npy")).values
            try check(model, fixture, key: key, samples: input)
        }
    }

    /// torchaudio's sinc resampler vs libsamplerate: different waveforms (Tests/Fixtures/README.md §5.3), so no max-abs comparison;
    /// the top label must still agree and the pooled vector stay close in direction.
    @Test("resampled files through EmoAudio: same length, top label, pooled cosine ≥ 0.99", arguments: HFFixture.all)
    func resampledThroughEmoAudio(fixture: HFFixture) throws {
        let model = try fixture.load()
        for key in ["stereo_44k1_2s", "mono_8k_1p5s"] {
            let reference = try JSONDecoder().decode(
                HFReference.self, from: Data(contentsOf: Fixture.url("\(fixture.scoreReferences)/\(key).json")))
            let samples = try loadWaveform(path: Fixture.path("audio/\(key).wav")).samples
            #expect(samples.count == reference.n_samples_16k, "\(fixture.directory)/\(key)")
            let output = try model.infer(samples, includeFrames: false)
            let pooled = try readNpy(Fixture.path("\(fixture.scoreReferences)/\(key).pooled.npy")).values
            #expect(cosineSimilarity(output.embedding, pooled) >= 0.99, "\(fixture.directory)/\(key)")
            if fixture.directory != "hf_w2v2_dim_tiny" {
                #expect(fixture.labels[argmax(output.scores)] == reference.top_label, "\(fixture.directory)/\(key)")
            }
        }
    }

    private func check(_ model: HFAudioClassifier, _ fixture: HFFixture, key: String, samples: [Float]) throws {
        let name = "\(fixture.directory)/\(key)"
        let reference = try JSONDecoder().decode(
            HFReference.self, from: Data(contentsOf: Fixture.url("\(fixture.scoreReferences)/\(key).json")))
        let hidden = try readNpy(Fixture.path("refs/\(fixture.directory)/\(key).hidden.npy"))
        let pooled = try readNpy(Fixture.path("\(fixture.scoreReferences)/\(key).pooled.npy"))
        let output = try model.infer(samples, includeFrames: true)
        let frames = try #require(output.frames, "\(name): no frames")
        #expect(frames.shape == hidden.shape && frames.shape[0] == reference.n_frames, "\(name)")
        #expect(maxAbsDifference(frames.data, hidden.values) <= hfHiddenTolerance, "\(name) hidden")
        #expect(maxAbsDifference(output.embedding, pooled.values) <= hfPooledTolerance, "\(name) pooled")
        #expect(output.scores.count == reference.scores.count)
        let tolerance = model.outputFunction == .none ? hfRegressionTolerance : hfScoreTolerance
        #expect(maxAbsDifference(output.scores, reference.scores) <= tolerance, "\(name) scores")
        #expect(reference.labels == model.identity.labels)
        if fixture.directory != "hf_w2v2_dim_tiny" {   // regression outputs have no top label
            #expect(model.identity.labels[argmax(output.scores)] == reference.top_label, "\(name) top label")
        }
    }
}

@Suite("HFAudioClassifier: stable layer norm with a weighted layer sum follows transformers 4.x")
struct HFWeightedLayerSumVersionTests {
    /// The 4.x references are matched by `parity` above (refs/hf_w2v2_tiny_stable/transformers4); the 5.x ones,
    /// which leave the final encoder LayerNorm out of the last hidden state, must then be clearly missed.
    @Test("hf_w2v2_tiny_stable: same hidden state as 5.x, scores of 4.x, not of 5.x")
    func versions() throws {
        let model = try HFFixture.all[1].load()
        #expect(model.config.encoder.stableLayerNorm && model.config.useWeightedLayerSum)
        var largest: Float = 0
        for key in ["speech_1p7s", "speech_3s", "speech_6s"] {
            let samples = try loadWaveform(path: Fixture.path("audio/\(key).wav")).samples
            let output = try model.infer(samples, includeFrames: false)
            let five = try readNpy(Fixture.path("refs/hf_w2v2_tiny_stable/\(key).probs.npy")).values
            let four = try readNpy(Fixture.path("refs/hf_w2v2_tiny_stable/transformers4/\(key).probs.npy")).values
            #expect(maxAbsDifference(output.scores, four) <= hfScoreTolerance, "\(key)")
            largest = max(largest, maxAbsDifference(output.scores, five))
        }
        #expect(largest > 0.01, "the 5.x scores should differ (Tests/Fixtures/README.md §9.4: up to 0.083)")
    }
}

/// `refs/hf_w2v2_dim_tiny/float64.json`: the same model run in float64 on the same input (Scripts/hf_dim_float64_reference.py).
private struct HFFloat64Reference: Decodable {
    struct Result: Decodable {
        var n_samples_16k: Int
        var outputs: [Double]
        var pooled: [Double]
    }
    var labels: [String]
    var results: [String: Result]
}

private func maxAbsDifference(_ a: [Float], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { max($0, abs(Double($1.0) - $1.1)) }
}

@Suite("HFAudioClassifier: audEERING regression outputs against a float64 run of the same model")
struct HFRegressionFloat64Tests {
    /// emoeval's float32 outputs are within 1e-5 of the exact (float64) outputs on every file, the one- and
    /// two-frame edge files included (measured: ≤ 9.2e-6 on n400, ≤ 7.8e-6 on n401, ≤ 1.1e-6 on the speech files).
    /// The transformers float32 reference is itself up to 8.9e-6 from the same float64 outputs (n401), which is why
    /// the comparison with it (`parity` above) needs 2e-5: two float32 computations each within 1e-5 of the exact
    /// value can be 2e-5 apart, and on n401 they are 1.43e-5 apart, their errors pointing in opposite directions.
    @Test("hf_w2v2_dim_tiny: outputs and pooled vector within 1e-5 of float64 on every file; the fp32 reference within 1e-5 of it too")
    func float64() throws {
        let reference = try JSONDecoder().decode(
            HFFloat64Reference.self, from: Data(contentsOf: Fixture.url("refs/hf_w2v2_dim_tiny/float64.json")))
        let model = try HFFixture.all[5].load()
        #expect(model.outputFunction == .none && reference.labels == model.identity.labels)
        var inputs: [(key: String, samples: [Float])] = []
        for file in hfSixteenKiloHertzFiles {
            inputs.append(((file as NSString).deletingPathExtension,
                           try loadWaveform(path: Fixture.path("audio/" + file)).samples))
        }
        for key in ["stereo_44k1_2s", "mono_8k_1p5s"] {
            inputs.append((key, try readNpy(Fixture.path("refs/hf_w2v2_tiny_base/\(key).input16k.npy")).values))
        }
        #expect(Set(inputs.map(\.key)) == Set(reference.results.keys))
        for (key, samples) in inputs {
            let exact = try #require(reference.results[key], "\(key): not in float64.json")
            #expect(samples.count == exact.n_samples_16k, "\(key)")
            // One OpenBLAS thread, as classify and run compute (the margin on n400 is 0.8e-6).
            let output = try BlasThreads.using(1) { try model.infer(samples, includeFrames: false) }
            #expect(maxAbsDifference(output.scores, exact.outputs) <= 1e-5, "\(key) outputs vs float64")
            #expect(maxAbsDifference(output.embedding, exact.pooled) <= 1e-5, "\(key) pooled vs float64")
            let official = try readNpy(Fixture.path("refs/hf_w2v2_dim_tiny/\(key).probs.npy")).values
            #expect(maxAbsDifference(official, exact.outputs) <= 1e-5, "\(key): the fp32 reference vs float64")
        }
    }
}
