// `preprocessor_config.json` of a Hugging Face audio classifier: the `Wav2Vec2FeatureExtractor` settings, and its
// per-utterance normalisation. Ports transformers (v5.23) models/wav2vec2/feature_extraction_wav2vec2.py
// `Wav2Vec2FeatureExtractor.__init__` / `zero_mean_unit_var_norm` (Tests/Fixtures/README.md §9.4 item 1).
import Foundation

/// The feature-extractor settings used at inference.
public struct HFPreprocessorConfig: Sendable, Equatable {
    /// Zero-mean unit-variance normalisation of each utterance.  // do_normalize
    public var doNormalize: Bool
    /// Input rate; only 16 000 exists for these models.           // sampling_rate
    public var samplingRate: Int
    /// Whether the pipeline passes an attention mask. Without padding (one utterance at a time) the mask is all
    /// ones and changes nothing (checked bit-identical on the fixtures); kept for `inspect`.
    public var returnAttentionMask: Bool
    /// The file read, or nil when the directory has none and the defaults were assumed.
    public var file: String?

    /// `Wav2Vec2FeatureExtractor()`'s defaults: do_normalize True, sampling_rate 16000, return_attention_mask False.
    public static let defaults = HFPreprocessorConfig(doNormalize: true, samplingRate: 16_000,
                                                      returnAttentionMask: false, file: nil)

    /// The epsilon inside the square root of `zero_mean_unit_var_norm`: (x − mean) / sqrt(var + 1e-7).
    static let normalisationEps = 1e-7

    /// Reads `preprocessor_config.json`; absent fields take the `Wav2Vec2FeatureExtractor` defaults.
    public static func load(file path: String) throws -> HFPreprocessorConfig {
        let raw = try JSONConfigFile.decode(Raw.self, from: try JSONConfigFile.read(path), file: path)
        if let type = raw.featureExtractorType, type != "Wav2Vec2FeatureExtractor" {
            throw ModelError.invalidConfig(file: path, field: "feature_extractor_type",
                                           problem: "'\(type)' is not supported (only Wav2Vec2FeatureExtractor)")
        }
        if let size = raw.featureSize, size != 1 {
            throw ModelError.invalidConfig(file: path, field: "feature_size",
                                           problem: "\(size) is not supported (raw mono waveform: 1)")
        }
        let rate = raw.samplingRate ?? defaults.samplingRate
        guard rate == 16_000 else {
            throw ModelError.invalidConfig(file: path, field: "sampling_rate",
                                           problem: "\(rate) is not supported (emoeval feeds 16000 Hz)")
        }
        return HFPreprocessorConfig(doNormalize: raw.doNormalize ?? defaults.doNormalize, samplingRate: rate,
                                    returnAttentionMask: raw.returnAttentionMask ?? defaults.returnAttentionMask,
                                    file: path)
    }

    /// `zero_mean_unit_var_norm` without padding: (x − mean) / sqrt(var + 1e-7) over the whole utterance,
    /// population variance, computed as numpy computes it on a float32 array: `x.mean()` and `x.var()` are float32
    /// pairwise sums (`numpy/_core/src/umath/loops_utils.h.src`, `pairwise_sum`) divided by n, the epsilon added and
    /// the square root taken in float32. (Float64 statistics differ by a few ulp, which the first layers of a
    /// large model amplify to ~1e-5 in its outputs on the shortest inputs.)
    static func normalise(_ x: inout [Float]) {
        guard !x.isEmpty else { return }
        let n = Float(x.count)
        let mean = x.withUnsafeBufferPointer { numpyPairwiseSum($0.baseAddress!, count: $0.count, stride: 1) } / n
        var squares = x.map { ($0 - mean) * ($0 - mean) }
        let variance = squares.withUnsafeBufferPointer { numpyPairwiseSum($0.baseAddress!, count: $0.count, stride: 1) } / n
        squares = []
        let std = (variance + Float(normalisationEps)).squareRoot()
        for i in x.indices { x[i] = (x[i] - mean) / std }
    }

    /// numpy's float32 `pairwise_sum`: below 8 values a plain loop; up to 128 eight interleaved partial sums combined
    /// as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) plus the tail; above, the halves (the first a multiple
    /// of 8) summed recursively.
    static func numpyPairwiseSum(_ a: UnsafePointer<Float>, count n: Int, stride: Int) -> Float {
        if n < 8 {
            var res: Float = 0
            for i in 0..<n { res += a[i * stride] }
            return res
        }
        if n <= 128 {
            var r = (0..<8).map { a[$0 * stride] }
            var i = 8
            while i < n - (n % 8) {
                for j in 0..<8 { r[j] += a[(i + j) * stride] }
                i += 8
            }
            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n { res += a[i * stride]; i += 1 }
            return res
        }
        var half = n / 2
        half -= half % 8
        return numpyPairwiseSum(a, count: half, stride: stride) + numpyPairwiseSum(a + half * stride, count: n - half, stride: stride)
    }

    private struct Raw: Decodable {
        var doNormalize: Bool?
        var samplingRate: Int?
        var returnAttentionMask: Bool?
        var featureExtractorType: String?
        var featureSize: Int?

        enum CodingKeys: String, CodingKey {
            case doNormalize = "do_normalize"
            case samplingRate = "sampling_rate"
            case returnAttentionMask = "return_attention_mask"
            case featureExtractorType = "feature_extractor_type"
            case featureSize = "feature_size"
        }
    }
}
